"""Export and erasure from the history window's coachee list, as the app wires them: the
dialogs open over the history window and the list follows an erasure at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from coachdesk.ui.coachee_data import EraseDialog
from coachdesk.ui.history.window import HistoryWindow
from coachdesk.wiring.app import Shell
from tests.ui.history_data import hold
from tests.ui.test_coachee_data import save_as
from tests.ui.test_history_app import open_history
from tests.ui.test_history_window import click, select_coachee, shown

pytestmark = pytest.mark.usefixtures("english_numbers")


def button(window: HistoryWindow, text: str) -> QPushButton:
    return next(b for b in window.coachees.findChildren(QPushButton) if b.text() == text)


def test_erase_from_the_coachee_list(qtbot: QtBot, shell: Shell) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "122")
    hold(shell.store, "Bram", 1, "11")
    window = open_history(qtbot, shell)
    assert shown(window) == ["Anna", "Bram"]
    select_coachee(qtbot, window, "Bram")
    click(qtbot, button(window, "Erase…"))
    assert shell.window.rights is not None
    dialog = shell.window.rights.dialog
    assert isinstance(dialog, EraseDialog)
    assert dialog.parent() is window  # over the window the coach is working in
    qtbot.waitExposed(dialog)
    assert "1 session, 2 tallies and 0 notes" in dialog.what.text()
    qtbot.keyClicks(dialog.confirm_edit, "Bram")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    notice = shell.window.rights.notice
    assert notice is not None and notice.text() == "Erased Bram."
    qtbot.waitUntil(lambda: shown(window) == ["Anna"])
    assert [c.name for c in shell.store.coachees()] == ["Anna"]


def test_export_from_the_coachee_list(
    qtbot: QtBot, shell: Shell, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "122")
    window = open_history(qtbot, shell)
    target = tmp_path / "anna.zip"
    asked = save_as(monkeypatch, target)
    select_coachee(qtbot, window, "Anna")
    click(qtbot, button(window, "Export record…"))
    assert asked == ["Export the record of Anna"]
    assert target.stat().st_mode & 0o777 == 0o600
    assert shell.window.rights is not None
    notice = shell.window.rights.notice
    assert notice is not None
    assert notice.icon() is QMessageBox.Icon.Information
    assert notice.text() == f"Wrote the record of Anna to {target}."


def test_a_coachee_in_session_is_not_erased(qtbot: QtBot, shell: Shell) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "12")
    main = shell.window
    qtbot.keyClicks(main.picker.name_edit, "Anna")
    qtbot.mouseClick(main.picker.start_button, Qt.MouseButton.LeftButton)
    window = open_history(qtbot, shell)
    qtbot.keyClicks(window.coachees.search, "Anna")  # during a session: names only when searched
    select_coachee(qtbot, window, "Anna")
    click(qtbot, button(window, "Erase…"))
    assert main.rights is not None
    dialog = main.rights.dialog
    assert isinstance(dialog, EraseDialog)
    qtbot.keyClicks(dialog.confirm_edit, "Anna")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    notice = main.rights.notice
    assert notice is not None and notice.icon() is QMessageBox.Icon.Warning
    assert notice.text() == "This coachee's session is still open: end it first."
    assert [c.name for c in shell.store.coachees()] == ["Anna"]
