"""Export and erasure from the history window's coachee list, as the app wires them: the
dialogs open over the history window and the list follows an erasure at once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from coachdesk.domain import erasure
from coachdesk.store.backup_files import backup_folder
from coachdesk.ui.coachee_data import EraseDialog, PurgeBackupsDialog, SessionEraseDialog
from coachdesk.ui.history.formatting import day_text
from coachdesk.ui.history.window import HistoryWindow
from coachdesk.wiring.app import Shell
from tests.dbcheck import rows
from tests.ui.driving import click, click_row, open_history, save_as, select_coachee, shown
from tests.ui.history_data import DAY_MS, T0, hold

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


def test_delete_a_session_from_the_trajectory(qtbot: QtBot, shell: Shell) -> None:
    assert shell.store is not None
    store = shell.store
    hold(store, "Anna", 0, "122")
    second = hold(store, "Anna", 7, "1112")
    hold(store, "Anna", 14, "2")
    backups = backup_folder(store.path)
    backups.mkdir(exist_ok=True)
    older = backups / "coachdesk-20260101-000000Z.sqlite3"
    store.connection.backup(sqlite3.connect(older))  # a backup made before the deletion
    window = open_history(qtbot, shell)
    select_coachee(qtbot, window, "Anna")
    click(qtbot, window.coachees.open_button)
    view = window.trajectory
    assert view.delete_action in view.table.actions()  # in the table's context menu too
    click_row(qtbot, view.table, 1)
    assert view.delete_button.isEnabled()

    click(qtbot, view.delete_button)
    rights = shell.window.rights
    assert rights is not None
    dialog = rights.dialog
    assert isinstance(dialog, SessionEraseDialog)
    assert dialog.parent() is window
    qtbot.waitExposed(dialog)
    day = day_text(T0 + 7 * DAY_MS)
    assert dialog.what.text().startswith(f"Delete session 2 of Anna, {day} ")
    assert "its 4 tallies, 0 notes and 0 pauses" in dialog.what.text()
    assert dialog.backups.text().startswith(
        f"1 backup still holds it until it rotates out: {older.name}."
    )
    assert dialog.cancel_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc keeps it
    assert rows(store.path, "SELECT COUNT(*) FROM coaching_session") == [(3,)]

    click(qtbot, view.delete_button)
    dialog = rights.dialog
    assert isinstance(dialog, SessionEraseDialog)
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    assert rows(store.path, "SELECT id FROM coaching_session WHERE id = ?", second.id) == []
    assert rows(store.path, "SELECT COUNT(*) FROM tally WHERE session_id = ?", second.id) == [(0,)]
    assert [e.coachee_uid for e in erasure.read_log(store.path.parent)] == [""]
    purge = rights.dialog
    assert isinstance(purge, PurgeBackupsDialog)  # the backup that holds it, offered
    assert purge.windowTitle() == "Backups still hold this session"
    qtbot.mouseClick(purge.keep_button, Qt.MouseButton.LeftButton)
    assert older.exists()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2)
    assert [view.proxy.index(r, 0).data() for r in range(2)] == ["1", "2"]  # numbered anew
