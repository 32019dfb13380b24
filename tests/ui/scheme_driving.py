"""Driving a session with a scheme other than Balance: a scheme of the coach's own, and the
picker, session and review steps the scheme tests share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.ui.session_panel import SessionPanel
from tests.schemes import OWN as OWN
from tests.ui.conftest import Desk


def choose_scheme(qtbot: QtBot, desk: Desk, name: str) -> None:
    """Pick a scheme in the picker with the arrow keys, as a keyboard user does."""
    box = desk.window.picker.scheme_box
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _step in range(box.count()):
        if box.currentText() == name:
            break
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == name


def start_with(qtbot: QtBot, desk: Desk, name: str, scheme: str | None) -> SessionPanel:
    picker = desk.window.picker
    qtbot.keyClicks(picker.name_edit, name)
    if scheme is not None:
        choose_scheme(qtbot, desk, scheme)
    qtbot.mouseClick(picker.start_button, Qt.MouseButton.LeftButton)
    panel = desk.window.session_panel
    assert panel is not None and desk.window.stack.currentWidget() is panel
    return panel


def end(qtbot: QtBot, panel: SessionPanel) -> None:
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)


def new_session(qtbot: QtBot, desk: Desk) -> None:
    """From the review, the way to the picker for the next session."""
    page = desk.window.review_page
    assert page is not None
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert desk.window.stack.currentWidget() is desk.window.picker
