"""Every action and shortcut of the main window, in one registry.

Tally hotkeys are data: each key a scheme may bind (1-9, then letters) has an action, which
the window maps to the running session's kind bound to it. They are not Qt
shortcuts, whose auto-repeat guard a busy X11 machine defeats: the window counts their presses
with :class:`coachdesk.ui.key_presses.PhysicalPresses`, so holding a key down records one
tally, not a burst.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from coachdesk.domain.i18n import _

if TYPE_CHECKING:  # the model and the schemes are read after the first paint
    from coachdesk.domain.model import TallyKind

#: The keys a tally kind may be bound to, as ``schemes.HOTKEYS`` hands them out (the same list,
#: written out: the schemes are read after the first paint; tests/ui/test_scheme_keys.py
#: holds them equal). Qt's names for them and for the marker's key are in
#: :mod:`coachdesk.ui.session_keys`, made once there is data: the ``Qt`` namespace costs more
#: to load than anything else before the first paint.
TALLY_KEYS = [*"123456789", *(c for c in "abcdefghijklmnopqrstuvwxyz" if c not in "pm")]


def key_name(kind: TallyKind, index: int) -> str:
    """The key that tallies ``kind``, the ``index``-th button, as a card names it."""
    return kind.hotkey.upper() if kind.hotkey else str(index + 1)


class Actions:
    def __init__(self, window: QWidget) -> None:
        def make(name: str, text: str, *keys: QKeySequence | str) -> QAction:
            action = QAction(text, window)
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setAutoRepeat(False)
            window.addAction(action)
            return action

        self.tallies = [make(f"tally_{key}", key) for key in TALLY_KEYS]  # keys: see above
        self.undo = make("undo", _("Undo the last tally or mark"), "Ctrl+Z")
        self.redo = make("redo", _("Redo"), "Ctrl+Shift+Z", "Ctrl+Y")
        self.pause = make("pause", _("Pause / resume"), "P")
        # Not a Qt shortcut (see above): the tab puts the key in the menu's shortcut column.
        self.mark = make("mark", _("Mark this moment") + "\tM")
        self.end = make("end", _("End session…"), "Ctrl+E")
        self.pad = make("pad", _("Compact pad"), "Ctrl+Shift+P")
        self.discreet = make("discreet", _("Discreet mode"), "Ctrl+D")
        self.discreet.setCheckable(True)
        self.global_keys = make("global_keys", _("Tally keys in other windows (Ctrl+Alt+1…9)"))
        self.global_keys.setCheckable(True)
        self.announce = make("announce", _("Announce tallies to a screen reader"))
        self.announce.setCheckable(True)
        self.announce.setChecked(True)
        self.review_past = make("review_past", _("Review a past session…"), "Ctrl+O")
        self.history = make("history", _("History…"), "Ctrl+H")
        self.target_share = make("target_share", _("Target share…"))
        self.backups = make("backups", _("&Backups…"))
        self.export_record = make("export_record", _("&Export a coachee's record…"))
        self.erase_coachee = make("erase_coachee", _("E&rase a coachee…"))
        self.export_events = make("export_events", _("Export all &sessions…"))
        self.schemes = make("schemes", _("Tally &schemes…"))
        self.encryption = make("encryption", _("Encryption…"))
        self.practice_server = make("practice_server", _("&Practice server…"))
        self.practice_overview = make("practice_overview", _("Practice &overview…"))
        self.quit = make("quit", _("Quit"), "Ctrl+Q")
        self.about = make("about", _("&About coachdesk"))
        self.languages: list[QAction] = []

    def session_actions(self) -> list[QAction]:
        return [*self.tallies, self.undo, self.redo, self.pause, self.mark, self.end, self.pad]

    def set_session_live(self, live: bool) -> None:
        for action in self.session_actions():
            action.setEnabled(live)
