"""A damaged database at start: the damage screen names it, restores the newest good backup
with one click, keeps the damaged bytes aside, and the app then works."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.store.backup import make_backup
from coachdesk.ui.main_window import MainWindow
from tests.dbcheck import rows
from tests.store.support import content, fill, flip_middle
from tests.ui.conftest import activate
from tests.ui.driving import main_windows, run_app


def test_the_damage_screen_restores_the_newest_good_backup(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, sessions=2, tallies=800)
    make_backup(database, now=datetime(2026, 11, 2, 9, 30, tzinfo=UTC))
    good = content(database)
    fill(database, sessions=1, tallies=5, seed=4)  # recorded after the backup: lost with it
    flip_middle(database)
    damaged = database.read_bytes()

    def on_damage_then_restore(first: MainWindow) -> None:
        qtbot.waitUntil(
            lambda: any(
                w.damage is not None and w.stack.currentWidget() is w.damage for w in main_windows()
            ),
            timeout=20_000,
        )
        window = main_windows()[0]
        panel = window.damage
        assert panel is not None
        assert f"coachdesk checked {database} and found:" in panel.finding.text()
        assert "The newest good backup is from" in panel.offer.text()
        assert "2 coachees, 2 sessions, 1600 tallies" in panel.offer.text()
        assert panel.restore_button.isVisible()
        qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: any(w.controller is not None for w in main_windows()))
        restored = next(w for w in main_windows() if w.controller is not None)
        assert "Restored the backup of" in restored.statusBar().currentMessage()
        assert "The damaged file was moved to" in restored.statusBar().currentMessage()
        assert restored.stack.currentWidget() is restored.picker
        qtbot.keyClicks(restored.picker.name_edit, "After the repair")
        qtbot.mouseClick(restored.picker.start_button, Qt.MouseButton.LeftButton)
        activate(qtbot, restored)
        qtbot.keyClick(restored, Qt.Key.Key_1)
        panel_after = restored.session_panel
        assert panel_after is not None and panel_after.buttons[0].count == 1

    assert run_app(qtbot, ["--data-dir", str(data)], on_damage_then_restore) == 0

    aside = [p for p in data.iterdir() if p.name.startswith("coachdesk.sqlite3.damaged-")]
    assert [p.read_bytes() for p in aside if not p.name.endswith(("-wal", "-shm"))] == [damaged]
    assert rows(database, "PRAGMA quick_check") == [("ok",)]
    assert content(database)["coachee"][:2] == good["coachee"]
    assert rows(database, "SELECT COUNT(*) FROM tally") == [(1601,)]
