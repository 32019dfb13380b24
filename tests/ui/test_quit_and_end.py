"""Quitting and ending, as a coach does it with the keyboard and the mouse."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from coachdesk.ui.share_view import ShareView
from tests.dbcheck import rows
from tests.ui.conftest import Desk
from tests.ui.driving import start

OPEN_SESSIONS = "SELECT COUNT(*) FROM coaching_session WHERE ended_at_ms IS NULL"


def quit_box(desk: Desk, qtbot: QtBot) -> QMessageBox:
    box = desk.window.quit_box
    assert box is not None and box.objectName() == "quitDuringSession"
    qtbot.waitExposed(box)
    return box


def button(box: QMessageBox, name: str) -> QPushButton:
    found = box.findChild(QPushButton, name)
    assert found is not None
    return found


def test_esc_closes_the_end_bar_and_the_session_goes_on(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.window.actions_.end.trigger()  # Ctrl+E, as the menu shows it
    assert desk.window.actions_.end.shortcut().toString() == "Ctrl+E"
    assert panel.confirm_bar.isVisible() and panel.keep_going_button.hasFocus()
    qtbot.keyClick(panel.keep_going_button, Qt.Key.Key_Escape)
    assert not panel.confirm_bar.isVisible()
    assert panel.end_button.hasFocus()
    assert rows(desk.database, OPEN_SESSIONS) == [(1,)]


def test_return_presses_the_focused_button(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    panel.end_button.setFocus()
    qtbot.keyClick(panel.end_button, Qt.Key.Key_Return)
    assert panel.confirm_bar.isVisible()
    panel.confirm_end_button.setFocus()
    qtbot.keyClick(panel.confirm_end_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.window.stack.currentWidget() is desk.window.review_page)
    assert rows(desk.database, OPEN_SESSIONS) == [(0,)]


def test_quitting_during_a_session_asks_and_cancel_keeps_everything(
    desk: Desk, qtbot: QtBot
) -> None:
    start(desk, qtbot, "Anna")
    desk.window.close()
    box = quit_box(desk, qtbot)
    assert "Anna" in box.text()
    assert box.defaultButton().text() == "Cancel"
    qtbot.keyClick(box, Qt.Key.Key_Escape)  # Esc is Cancel
    qtbot.waitUntil(lambda: not box.isVisible())
    assert desk.window.isVisible()
    assert rows(desk.database, OPEN_SESSIONS) == [(1,)]


def test_quitting_and_keeping_the_session_leaves_it_open_for_later(
    desk: Desk, qtbot: QtBot
) -> None:
    start(desk, qtbot, "Anna")
    desk.window.close()
    qtbot.mouseClick(button(quit_box(desk, qtbot), "quitKeepSession"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not desk.window.isVisible())
    assert rows(desk.database, OPEN_SESSIONS) == [(1,)]


def test_quitting_and_ending_ends_the_session(desk: Desk, qtbot: QtBot) -> None:
    start(desk, qtbot, "Anna")
    desk.clock.advance(60_000)
    desk.window.close()
    qtbot.mouseClick(button(quit_box(desk, qtbot), "quitEndSession"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not desk.window.isVisible())
    assert rows(desk.database, OPEN_SESSIONS) == [(0,)]


def test_quitting_closes_the_coachees_view_too(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    panel.end_button.click()
    panel.confirm_end_button.click()
    review = desk.window.review_page
    assert review is not None
    qtbot.mouseClick(review.share_button, Qt.MouseButton.LeftButton)
    (shown,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShareView)]
    qtbot.waitExposed(shown)
    desk.window.close()  # no session runs now: no question
    assert not desk.window.isVisible()
    assert not shown.isVisible()
