"""Keyboard focus goes back where it was when a dialog, a popup or the coachee's view closes.

The tests never activate a window themselves after a dialog: what brings the focus back is
the app (the platform here, offscreen, activates nothing when a dialog closes, as an X server
without a window manager does not).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.ui.share_view import ShareView
from coachdesk.wiring.app import Shell
from coachdesk.wiring.data_service import DataService
from tests.ui.conftest import Desk
from tests.ui.driving import start


def focus_on(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def focus_comes_back_to(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    assert QApplication.activeWindow() is widget.window()


def modal(qtbot: QtBot) -> QWidget:
    """The dialog just opened, once the keyboard is in it."""
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    found = QApplication.activeModalWidget()
    assert found is not None

    def focus_inside() -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and found.isAncestorOf(focused)

    qtbot.waitUntil(focus_inside)
    return found


def escape(qtbot: QtBot, dialog: QWidget) -> None:
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused or dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.mark.parametrize("action", ["about", "export_events", "export_record", "target_share"])
def test_a_dialog_from_a_menu_gives_the_focus_back(desk: Desk, qtbot: QtBot, action: str) -> None:
    window = desk.window
    window.attach_data(DataService(desk.store, desk.database.parent, desk.clock))
    planned = window.picker.planned
    focus_on(qtbot, planned)
    getattr(window.actions_, action).trigger()
    escape(qtbot, modal(qtbot))
    focus_comes_back_to(qtbot, planned)


def real_file_dialog(
    monkeypatch: pytest.MonkeyPatch, then: Callable[[QFileDialog], None]
) -> list[QFileDialog]:
    """The save dialog as Qt's own widget dialog, answered by ``then`` once it is shown."""
    shown: list[QFileDialog] = []

    def ask(parent: QWidget, title: str, where: str, filter_: str) -> tuple[str, str]:
        dialog = QFileDialog(parent, title, where, filter_)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        shown.append(dialog)
        QTimer.singleShot(0, lambda: then(dialog))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return "", ""
        return dialog.selectedFiles()[0], filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return shown


def test_after_a_question_and_a_file_dialog_the_focus_is_back(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = desk.window
    window.attach_data(DataService(desk.store, desk.database.parent, desk.clock))
    shown = real_file_dialog(monkeypatch, lambda dialog: dialog.reject())
    name = window.picker.name_edit
    focus_on(qtbot, name)
    window.actions_.export_events.trigger()
    forms = modal(qtbot)
    qtbot.keyClick(QApplication.focusWidget() or forms, Qt.Key.Key_Return)  # Choose where…
    qtbot.waitUntil(lambda: len(shown) == 1 and not shown[0].isVisible())
    focus_comes_back_to(qtbot, name)


def test_the_quit_question_gives_the_focus_back(desk: Desk, qtbot: QtBot) -> None:
    window = desk.window
    panel = start(desk, qtbot, "Anna")
    focus_on(qtbot, panel.pause_button)
    qtbot.keyClick(panel.pause_button, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    box = modal(qtbot)
    assert box is window.quit_box
    escape(qtbot, box)  # Esc is cancel: the session goes on
    focus_comes_back_to(qtbot, panel.pause_button)


def test_the_hat_popup_gives_the_focus_back(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    focus_on(qtbot, panel.pause_button)
    qtbot.keyClick(panel.pause_button, Qt.Key.Key_3)
    qtbot.waitUntil(panel.hat_menu.isVisible)
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: not panel.hat_menu.isVisible())
    focus_comes_back_to(qtbot, panel.pause_button)
    qtbot.keyClick(panel.pause_button, Qt.Key.Key_1)  # the tally keys work again at once
    qtbot.waitUntil(lambda: panel.buttons[0].count_label.text() == "1")


def test_closing_the_coachees_view_gives_the_focus_back(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    panel.end_button.click()
    panel.confirm_end_button.click()
    review = desk.window.review_page
    assert review is not None
    focus_on(qtbot, review.share_button)
    qtbot.keyClick(review.share_button, Qt.Key.Key_Space)
    (shown,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShareView)]
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    qtbot.keyClick(shown, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shown.isVisible())
    focus_comes_back_to(qtbot, review.share_button)


def test_when_the_control_is_gone_the_window_still_gets_the_focus(desk: Desk, qtbot: QtBot) -> None:
    """Reviewing a past session replaces the picker (where the focus was) by the review."""
    window = desk.window
    panel = start(desk, qtbot, "Anna")
    panel.end_button.click()
    panel.confirm_end_button.click()
    window.show_picker()
    focus_on(qtbot, window.picker.name_edit)
    window.actions_.review_past.trigger()
    dialog = window.past_dialog
    assert dialog is not None and modal(qtbot) is dialog
    qtbot.keyClicks(dialog.name_edit, "anna")
    dialog.sessions.setFocus()
    qtbot.keyClick(dialog.sessions, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.sessions, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.stack.currentWidget() is window.review_page
    review = window.review_page
    assert review is not None
    focus_comes_back_to(qtbot, review.title)  # the review's heading, where reading starts


@pytest.mark.parametrize("action", ["encryption", "backups"])
def test_the_running_apps_settings_dialogs_give_the_focus_back(
    shell: Shell, qtbot: QtBot, action: str
) -> None:
    window = shell.window
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(getattr(window.actions_, action).isEnabled)
    name = window.picker.name_edit
    focus_on(qtbot, name)
    getattr(window.actions_, action).trigger()
    escape(qtbot, modal(qtbot))
    focus_comes_back_to(qtbot, name)


@pytest.fixture(autouse=True)
def _tmp_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # the file dialog starts in the home folder
