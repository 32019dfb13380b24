"""One tally per physical key press, as an X server reports a held key on a busy machine.

X11 repeats a held key as a release and a press with the same server timestamp. Qt can only
tell such a pair from a new press if the press has arrived when it handles the release; on a
loaded machine it arrives late and Qt reports both as real (``isAutoRepeat()`` false). These
tests deliver exactly that: separate events, the event loop run between them, timestamps as
the server gives them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.dbcheck import tally_rows
from tests.ui.conftest import Desk
from tests.ui.driving import counts, start

KEY_2 = Qt.Key.Key_2


def deliver(target: QWidget, kind: QEvent.Type, timestamp: int, *, repeat: bool = False) -> None:
    """One key event as the platform delivers it, then the event loop runs (late, as busy)."""
    event = QKeyEvent(kind, KEY_2, Qt.KeyboardModifier.NoModifier, "2", repeat)
    event.setTimestamp(timestamp)
    QApplication.sendEvent(target, event)
    QApplication.processEvents()


def hold(target: QWidget, down_at: int, up_at: int, *, every_ms: int = 33) -> None:
    """A key held from ``down_at`` to ``up_at``: the first press, then X11's repeat pairs
    (release and press at one timestamp, delivered apart and not marked as repeats)."""
    deliver(target, QEvent.Type.KeyPress, down_at)
    for moment in range(down_at + 500, up_at, every_ms):  # repeats start after a delay
        deliver(target, QEvent.Type.KeyRelease, moment)
        deliver(target, QEvent.Type.KeyPress, moment)
    deliver(target, QEvent.Type.KeyRelease, up_at)


def test_a_held_key_is_one_tally_however_late_its_repeats_arrive(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    focus = QApplication.focusWidget() or desk.window
    hold(focus, down_at=10_000, up_at=11_500)  # 1.5 s: 30 repeat pairs
    assert counts(panel) == [0, 1, 0]
    hold(focus, down_at=12_000, up_at=13_500)  # held again: one more
    assert counts(panel) == [0, 2, 0]
    assert [kind for kind, _offset, _detail in tally_rows(desk.database)] == ["coachee_action"] * 2


def test_two_quick_real_presses_are_two_tallies(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    target = QApplication.focusWidget() or desk.window
    deliver(target, QEvent.Type.KeyPress, 20_000)
    deliver(target, QEvent.Type.KeyRelease, 20_070)
    deliver(target, QEvent.Type.KeyPress, 20_140)  # a quick double tap: 70 ms apart
    deliver(target, QEvent.Type.KeyRelease, 20_210)
    assert counts(panel) == [0, 2, 0]
    assert len(tally_rows(desk.database)) == 2


def test_repeats_marked_as_such_and_presses_without_releases_count_once(
    desk: Desk, qtbot: QtBot
) -> None:
    panel = start(desk, qtbot, "Anna")
    target = QApplication.focusWidget() or desk.window
    deliver(target, QEvent.Type.KeyPress, 30_000)
    for moment in range(30_500, 31_000, 33):  # other platforms: presses only, marked or not
        deliver(target, QEvent.Type.KeyPress, moment, repeat=moment % 2 == 0)
    deliver(target, QEvent.Type.KeyRelease, 31_000)
    assert counts(panel) == [0, 1, 0]


def test_a_release_lost_to_another_program_does_not_block_the_key(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    target = QApplication.focusWidget() or desk.window
    deliver(target, QEvent.Type.KeyPress, 40_000)
    # The coach switches to the video call with the key down; its release goes there.
    app = QApplication.instance()
    assert app is not None
    QApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationStateChange))
    deliver(target, QEvent.Type.KeyPress, 45_000)  # back in coachdesk, a new press
    assert counts(panel) == [0, 2, 0]


def test_typing_a_digit_into_a_text_field_is_no_tally(desk: Desk, qtbot: QtBot) -> None:
    picker = desk.window.picker
    qtbot.keyClicks(picker.name_edit, "K-17")  # between sessions, the picker takes digits
    assert picker.name_edit.text() == "K-17"
    assert tally_rows(desk.database) == []
