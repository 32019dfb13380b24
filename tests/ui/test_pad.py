"""The compact pad, for a session on a video call: what it shows, what it stores, and the
way back to the full window, the session going on unbroken."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.domain.gap import GapWatch
from coachdesk.ui.pad import Pad
from tests.dbcheck import rows, tally_rows
from tests.fakes import FakeClock
from tests.ui.conftest import Desk, activate
from tests.ui.driving import counts, start


def open_pad(desk: Desk, qtbot: QtBot) -> Pad:
    desk.window.actions_.pad.trigger()  # Ctrl+Shift+P
    pad = desk.window.pads.pad
    assert pad is not None
    qtbot.waitExposed(pad)
    return pad


def test_the_pad_stays_on_top_and_never_takes_the_keyboard(desk: Desk, qtbot: QtBot) -> None:
    start(desk, qtbot, "Anna")
    pad = open_pad(desk, qtbot)
    flags = pad.windowFlags()
    for flag in (
        Qt.WindowType.WindowStaysOnTopHint,
        Qt.WindowType.WindowDoesNotAcceptFocus,
        Qt.WindowType.FramelessWindowHint,
    ):
        assert flags & flag
    assert pad.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    clickable = [*pad.buttons, pad.pause_button, pad.undo_button, pad.mark_button]
    clickable += [pad.full_button, pad.gap_button]
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in clickable)
    assert desk.window.isMinimized()


def test_tallies_pause_undo_and_the_hat_from_the_pad(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    pad = open_pad(desk, qtbot)
    advice, action, hat = pad.buttons
    desk.clock.advance(60_000)
    qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(action, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(advice, Qt.MouseButton.LeftButton)
    assert [b.text() for b in pad.buttons] == [
        "advice given   1",
        "coachee action noted   2",
        "role hat declared   0",
    ]
    qtbot.mouseClick(pad.undo_button, Qt.MouseButton.LeftButton)
    assert advice.text() == "advice given   0"
    qtbot.mouseClick(hat, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(pad.hat_menu.isVisible)
    qtbot.keyClick(pad.hat_menu, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: not pad.hat_menu.isVisible())
    assert hat.text() == "role hat declared   1"
    qtbot.mouseClick(pad.pause_button, Qt.MouseButton.LeftButton)
    assert pad.pause_button.text() == "Resume"
    assert pad.timer_label.text() == "1:00"
    assert tally_rows(desk.database) == [
        ("coachee_action", 60_000, None),
        ("coachee_action", 60_000, None),
        ("hat", 60_000, "expert"),
    ]

    qtbot.mouseClick(pad.full_button, Qt.MouseButton.LeftButton)  # back, mid-session
    assert not pad.isVisible()
    qtbot.waitUntil(lambda: not desk.window.isMinimized())
    assert counts(panel) == [0, 2, 1]  # the same session, unbroken
    activate(qtbot, desk.window)
    qtbot.keyClick(desk.window, Qt.Key.Key_P)  # resume in the full window
    qtbot.keyClick(desk.window, Qt.Key.Key_1)
    assert counts(panel) == [1, 2, 1]


def test_the_pad_goes_when_the_session_ends(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    pad = open_pad(desk, qtbot)
    panel.end_button.click()
    panel.confirm_end_button.click()
    qtbot.waitUntil(lambda: desk.window.stack.currentWidget() is desk.window.review_page)
    assert not pad.isVisible()
    assert desk.window.pads.pad is None
    assert not desk.window.actions_.pad.isEnabled()  # between sessions there is no pad


def test_discreet_mode_hides_the_pads_counts(desk: Desk, qtbot: QtBot) -> None:
    start(desk, qtbot, "Anna")
    pad = open_pad(desk, qtbot)
    desk.window.actions_.discreet.setChecked(True)
    qtbot.mouseClick(pad.buttons[0], Qt.MouseButton.LeftButton)
    assert [b.text() for b in pad.buttons][:2] == ["advice given", "coachee action noted"]
    assert len(tally_rows(desk.database)) == 1


def test_the_pads_mark_stores_the_moment_at_once_and_says_so_quietly(
    desk: Desk, qtbot: QtBot, heard: list[str]
) -> None:
    panel = start(desk, qtbot, "Anna")
    pad = open_pad(desk, qtbot)
    desk.window.actions_.discreet.setChecked(True)
    desk.clock.advance(3 * 60_000)
    qtbot.mouseClick(pad.mark_button, Qt.MouseButton.LeftButton)
    assert rows(desk.database, "SELECT offset_ms, note FROM marker") == [(180_000, "")]
    assert pad.mark_acknowledged  # a brief dimming, no number anywhere on the pad
    assert pad.mark_button.text() == "Mark"
    assert "Moment marked at 3:00." in heard  # as a mark made in the full window
    qtbot.waitUntil(lambda: not pad.mark_acknowledged)
    assert pad.isVisible() and desk.window.isMinimized()  # the pad keeps no note field

    qtbot.mouseClick(pad.full_button, Qt.MouseButton.LeftButton)  # the note, afterwards
    qtbot.waitUntil(lambda: not desk.window.isMinimized())
    activate(qtbot, desk.window)
    bar = panel.marker_bar
    assert bar.isVisible() and bar.label.text() == "Moment marked at 3:00."
    qtbot.keyClicks(bar.note, "her own plan")
    qtbot.keyClick(bar.note, Qt.Key.Key_Return)
    assert rows(desk.database, "SELECT offset_ms, note FROM marker") == [(180_000, "her own plan")]


def test_a_suspend_gap_shows_a_quiet_question_mark_that_brings_the_full_window(
    desk: Desk, qtbot: QtBot
) -> None:
    machine = FakeClock()
    desk.controller.gap_watch = GapWatch(machine)
    panel = start(desk, qtbot, "Anna")
    pad = open_pad(desk, qtbot)
    desk.clock.advance(10 * 60_000)
    assert not pad.gap_button.isVisible()
    for clock in (desk.clock, machine):
        clock.jump_wall(40 * 60_000)  # asleep: the wall clock moves on, the monotonic does not
    qtbot.waitUntil(pad.gap_button.isVisible)  # the controller's own check, every 2 s
    assert pad.gap_button.text() == "?"
    assert pad.gap_button.accessibleName() == "A question waits in the full window"
    assert pad.timer_label.text() == "10:00"  # nothing decided on the pad
    qtbot.mouseClick(pad.gap_button, Qt.MouseButton.LeftButton)
    assert not pad.isVisible()
    qtbot.waitUntil(lambda: not desk.window.isMinimized())
    assert panel.gap_bar.isVisible()
    qtbot.mouseClick(panel.count_gap_button, Qt.MouseButton.LeftButton)
    assert not panel.gap_bar.isVisible()
    assert panel.timer_label.text() == "50:00"  # the sleep counted, as the coach said

    reopened = open_pad(desk, qtbot)
    assert not reopened.gap_button.isVisible()  # answered: the pad is quiet again
