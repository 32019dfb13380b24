"""The keys a tally kind may be bound to are free in the session window: no action of the
window's registry answers to one of them alone."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from coachdesk.domain.schemes import HOTKEYS, RESERVED_KEYS
from coachdesk.ui.actions import TALLY_KEYS, Actions


def test_no_action_takes_a_key_a_kind_may_have(qapp: QApplication) -> None:
    window = QWidget()
    Actions(window)
    tally_actions = {f"tally_{key}" for key in TALLY_KEYS}
    single_keys = {
        shortcut.toString(QKeySequence.SequenceFormat.PortableText).lower()
        for action in window.actions()
        if action.objectName() not in tally_actions
        for shortcut in action.shortcuts()
    }
    single_keys = {k for k in single_keys if len(k) == 1}
    assert single_keys, "the registry's one-key shortcuts (P) are seen"
    assert single_keys & set(HOTKEYS) == set()
    # P is a shortcut; M (mark this moment) is followed press by press like the tally keys.
    assert single_keys | {"m"} == set(RESERVED_KEYS)
    assert "m" not in TALLY_KEYS
    assert list(HOTKEYS) == TALLY_KEYS  # written out in ui/actions.py: read before the schemes
