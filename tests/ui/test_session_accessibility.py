"""The live session as a screen reader meets it: tallies announced, buttons named with their
count, the timer readable, the hat popup named by its question with the first hat focused.

Announcements leave the app through Qt's accessibility bus; the test listens at that
boundary (QAccessible.updateAccessibility) and reads the messages a screen reader would get.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Desk, activate
from tests.ui.driving import start


def name_of(widget: QObject) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    return str(interface.text(QAccessible.Text.Name))


def test_tallies_undo_hats_and_pauses_are_announced(
    desk: Desk, qtbot: QtBot, heard: list[str]
) -> None:
    window = desk.window
    panel = start(desk, qtbot, "Anna", planned=1)
    qtbot.keyClick(window, Qt.Key.Key_1)
    qtbot.keyClick(window, Qt.Key.Key_2)
    qtbot.keyClick(window, Qt.Key.Key_2)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_3)
    qtbot.waitUntil(panel.hat_menu.isVisible)
    assert panel.hat_menu.activeAction() is panel.hat_menu.hats[0]  # focus on the first hat
    assert name_of(panel.hat_menu) == "Which hat?"
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: not panel.hat_menu.isVisible())
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_P)
    desk.clock.advance(61_000)
    qtbot.keyClick(window, Qt.Key.Key_P)
    assert heard == [
        "advice given, 1",
        "coachee action noted, 1",
        "coachee action noted, 2",
        "Undone: coachee action noted at 0:00. Ctrl+Shift+Z brings it back.",
        "role hat declared: mentor, 1",
        "Paused",
        "Resumed",
    ]
    desk.clock.advance(60_000)  # the planned minute is reached
    panel.refresh_clock()
    assert heard[-1] == "planned 1:00, reached"
    assert [name_of(b) for b in panel.buttons] == [
        "advice given, 1",
        "coachee action noted, 1",
        "role hat declared, 1",
    ]


def test_the_timer_is_readable_once_a_minute(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    assert name_of(panel.timer_label) == "Active session time: 0 minutes"
    desk.clock.advance(125_000)
    panel.refresh_clock()
    assert name_of(panel.timer_label) == "Active session time: 2 minutes"


def test_announcements_can_be_turned_off(desk: Desk, qtbot: QtBot, heard: list[str]) -> None:
    desk.window.actions_.announce.setChecked(False)
    start(desk, qtbot, "Anna")
    qtbot.keyClick(desk.window, Qt.Key.Key_1)
    assert heard == []


def test_ending_a_session_puts_focus_on_the_review_and_says_so(
    desk: Desk, qtbot: QtBot, heard: list[str]
) -> None:
    panel = start(desk, qtbot, "Anna")
    qtbot.keyClick(desk.window, Qt.Key.Key_2)
    panel.end_button.click()
    panel.confirm_end_button.click()
    review = desk.window.review_page
    assert review is not None
    qtbot.waitUntil(review.title.hasFocus)
    assert heard[-1].startswith(f"{review.title.text()}. {review.summary.text()}")
