"""Settings → Backups…: back up now, see what each backup holds, change the rotation, and
restore one (after a confirmation) through the running app."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.domain.model import BackupInfo
from coachdesk.ui.main_window import MainWindow
from tests.dbcheck import rows
from tests.store.support import fill
from tests.ui.driving import main_windows, run_app


def test_back_up_now_then_restore_it_from_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, sessions=2, tallies=3)

    kept: list[Path] = []

    def back_up_change_restore(window: MainWindow) -> None:
        qtbot.waitUntil(window.actions_.backups.isEnabled)
        window.actions_.backups.trigger()
        dialog = window.backups_dialog
        assert dialog is not None
        qtbot.waitExposed(dialog)
        # The start-up check passes, then the day's first backup is made (there was none).
        qtbot.waitUntil(
            lambda: (
                window.backup_runner is not None
                and not window.backup_runner.busy
                and any((data / "backups").glob("coachdesk-*.sqlite3"))
            ),
            timeout=10_000,
        )
        qtbot.mouseClick(dialog.back_up_button, Qt.MouseButton.LeftButton)
        done = "Backed up and verified: 2 coachees, 2 sessions, 6 tallies."
        qtbot.waitUntil(lambda: dialog.status.text() == done, timeout=10_000)
        cells = [dialog.table.item(0, c) for c in (1, 2, 3)]
        assert [c.text() if c else None for c in cells] == ["2", "2", "6"]
        assert str(data / "backups") in dialog.folder.text()

        dialog.weekly.setValue(2)  # the rotation is saved as the coach sets it

        # Work done after the backup (by another program: a session's end would make a
        # backup of its own, which the rotation would keep instead), then the coach goes back.
        with closing(sqlite3.connect(database, isolation_level=None)) as other:
            other.execute(
                "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms) "
                "SELECT id, 1, 0, 0 FROM coaching_session ORDER BY id LIMIT 1"
            )
        assert rows(database, "SELECT COUNT(*) FROM tally") == [(7,)]

        dialog.table.selectRow(0)
        assert dialog.restore_button.isEnabled()
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        box = dialog.confirm
        assert box is not None
        qtbot.waitExposed(box)
        assert "2 coachees, 2 sessions, 6 tallies" in box.text()
        restore = next(b for b in box.buttons() if b.text() == "Restore")
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: any(w is not window and w.controller is not None for w in main_windows())
        )
        restored = next(w for w in main_windows() if w is not window)
        message = restored.statusBar().currentMessage()
        assert "The data it replaced is kept in" in message
        kept.append(Path(message.split("is kept in ")[1].rstrip(".")))

    assert run_app(qtbot, ["--data-dir", str(data)], back_up_change_restore) == 0
    assert rows(database, "SELECT COUNT(*) FROM tally") == [(6,)]
    saved = json.loads((data / "config" / "settings.json").read_text())
    assert saved["backup_policy"] == {"daily": 7, "weekly": 2, "monthly": 6}
    kept = [
        p for p in (data / "backups").iterdir() if rows(p, "SELECT COUNT(*) FROM tally")[0][0] == 7
    ]
    assert len(kept) >= 1  # the data the restore replaced, backed up first


def test_the_backups_dialog_is_one_dialog_read_again_when_shown(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    fill(data / "coachdesk.sqlite3", sessions=1, tallies=2)

    def open_twice(window: MainWindow) -> None:
        qtbot.waitUntil(window.actions_.backups.isEnabled)
        runner = window.backup_runner
        assert runner is not None
        qtbot.waitUntil(
            lambda: not runner.busy and any((data / "backups").glob("coachdesk-*.sqlite3")),
            timeout=10_000,
        )
        window.actions_.backups.trigger()
        first = window.backups_dialog
        assert first is not None
        qtbot.waitExposed(first)
        first.reject()
        made: list[BackupInfo] = []
        runner.made.connect(made.append)
        runner.back_up_now()  # made while the dialog is closed
        qtbot.waitUntil(lambda: bool(made) and not runner.busy, timeout=10_000)
        window.actions_.backups.trigger()
        assert window.backups_dialog is first  # not a second one left behind
        qtbot.waitExposed(first)
        # The rotation may have let the day's earlier backup go: the list is what is on disk.
        assert first.table.rowCount() == len(runner.service.backups())
        first.table.selectRow(0)
        assert first.chosen() == made[0]

    assert run_app(qtbot, ["--data-dir", str(data)], open_twice) == 0
