"""A laptop that slept mid-session: the session asks, quietly, whether the gap counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coachdesk.domain.gap import GapWatch
from tests.dbcheck import rows
from tests.fakes import FakeClock
from tests.ui.conftest import Desk
from tests.ui.driving import start

MIN = 60_000


def sleep_forty_minutes(desk: Desk, qtbot: QtBot) -> None:
    """A session with a tally at 10:00, then the laptop asleep for 40 minutes: the wall clock
    moves on, the monotonic clock does not (as on Linux and macOS)."""
    machine = FakeClock()
    desk.controller.gap_watch = GapWatch(machine)
    panel = start(desk, qtbot, "Anna", planned=45)
    desk.clock.advance(10 * MIN)
    qtbot.keyClick(desk.window, Qt.Key.Key_1)
    for clock in (desk.clock, machine):
        clock.jump_wall(40 * MIN)
    focused = QApplication.focusWidget()
    qtbot.waitUntil(panel.gap_bar.isVisible)  # the controller's own check, every 2 s
    assert panel.gap_text.text() == (
        "The computer's clock moved on 40 minutes that the session timer did not count (the "
        "computer may have been asleep). Count that time as session time?"
    )
    assert QApplication.focusWidget() is focused  # asked quietly: the focus stays put
    assert panel.timer_label.text() == "10:00"  # nothing decided yet
    desk.clock.advance(MIN)
    qtbot.keyClick(desk.window, Qt.Key.Key_2)  # the session goes on while the question waits


def end_and_review(desk: Desk, qtbot: QtBot) -> str:
    panel = desk.window.session_panel
    assert panel is not None
    qtbot.keyClick(desk.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window.stack.currentWidget() is desk.window.review_page)
    page = desk.window.review_page
    assert page is not None
    return page.summary.text()


@pytest.mark.parametrize("press", ["click", "keys"])
def test_a_counted_sleep_is_session_time(desk: Desk, qtbot: QtBot, press: str) -> None:
    sleep_forty_minutes(desk, qtbot)
    panel = desk.window.session_panel
    assert panel is not None
    if press == "click":
        qtbot.mouseClick(panel.count_gap_button, Qt.MouseButton.LeftButton)
    else:  # the keyboard reaches it: Tab to the button, Space presses it
        panel.count_gap_button.setFocus()
        qtbot.keyClick(panel.count_gap_button, Qt.Key.Key_Space)
    assert not panel.gap_bar.isVisible()
    assert panel.timer_label.text() == "51:00"
    assert "51:00 active" in end_and_review(desk, qtbot)
    assert rows(desk.database, "SELECT active_ms FROM coaching_session") == [(51 * MIN,)]
    assert rows(desk.database, "SELECT offset_ms FROM tally ORDER BY id") == [
        (10 * MIN,),
        (51 * MIN,),
    ]
    assert rows(desk.database, "SELECT COUNT(*) FROM pause") == [(0,)]


def test_a_sleep_left_out_is_a_pause(desk: Desk, qtbot: QtBot) -> None:
    sleep_forty_minutes(desk, qtbot)
    panel = desk.window.session_panel
    assert panel is not None
    qtbot.mouseClick(panel.leave_out_gap_button, Qt.MouseButton.LeftButton)
    assert not panel.gap_bar.isVisible()
    assert panel.timer_label.text() == "11:00"
    assert "11:00 active" in end_and_review(desk, qtbot)
    assert rows(desk.database, "SELECT active_ms FROM coaching_session") == [(11 * MIN,)]
    woke = desk.clock.wall - MIN
    assert rows(desk.database, "SELECT offset_ms, started_at_ms, ended_at_ms FROM pause") == [
        (10 * MIN, woke - 40 * MIN, woke)
    ]
