"""A session the coach forgot to end: asked once, quietly, and ended at its last tally."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.dbcheck import rows
from tests.ui.conftest import Desk
from tests.ui.driving import start

MIN = 60_000
ENDED = "SELECT active_ms, ended_at_ms - started_at_ms FROM coaching_session"


class FakeIdle:
    """The platform's idle time, as the test sets it."""

    def __init__(self) -> None:
        self.ms: int | None = 0

    def idle_ms(self) -> int | None:
        return self.ms


def test_a_forgotten_session_is_asked_about_and_ends_at_its_last_tally(
    desk: Desk, qtbot: QtBot
) -> None:
    panel = start(desk, qtbot, "Anna", planned=45)
    idle = FakeIdle()
    panel.idle_clock = idle
    desk.clock.advance(44 * MIN)
    qtbot.keyClick(desk.window, Qt.Key.Key_2)  # the last tally, at 44:00
    desk.clock.advance(40 * MIN)  # the coachee left; the coach forgot to end
    idle.ms = 5 * MIN
    panel.check_forgotten()
    assert not panel.forgotten_bar.isVisible()  # somebody is still at the computer
    idle.ms = 38 * MIN
    panel.check_forgotten()
    assert panel.forgotten_bar.isVisible()
    assert panel.forgotten_text.text() == (
        "This session has run for 1:24:00, and nobody has touched the computer for 38 "
        "minutes. Is it still going?"
    )
    qtbot.mouseClick(panel.end_at_last_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window.stack.currentWidget() is desk.window.review_page)
    assert rows(desk.database, ENDED) == [(44 * MIN, 44 * MIN)]


def test_still_going_is_asked_only_once(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")  # nothing planned: asked after two hours
    idle = FakeIdle()
    panel.idle_clock = idle
    idle.ms = 30 * MIN
    desk.clock.advance(119 * MIN)
    panel.check_forgotten()
    assert not panel.forgotten_bar.isVisible()
    desk.clock.advance(2 * MIN)
    panel.check_forgotten()
    assert panel.forgotten_bar.isVisible()
    qtbot.mouseClick(panel.still_going_button, Qt.MouseButton.LeftButton)
    assert not panel.forgotten_bar.isVisible()
    desk.clock.advance(60 * MIN)
    panel.check_forgotten()
    assert not panel.forgotten_bar.isVisible()
    assert rows(desk.database, "SELECT ended_at_ms FROM coaching_session") == [(None,)]
