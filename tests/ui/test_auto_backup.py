"""Backups made by the app itself: after a session ends (on a worker thread, pruned by the
rotation), and a quiet message when one cannot be made."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from coachdesk.domain.rotation import Policy
from coachdesk.store.backups import Backups
from coachdesk.ui.backup_runner import BackupRunner
from tests.dbcheck import rows
from tests.store.support import fill, other_connection
from tests.ui.conftest import Desk
from tests.ui.driving import start


def test_ending_a_session_makes_a_verified_backup(desk: Desk, qtbot: QtBot) -> None:
    runner = BackupRunner(Backups(desk.database), Policy(1, 0, 0))
    desk.window.attach_backups(runner)
    panel = start(desk, qtbot, "Anna")
    qtbot.keyClick(desk.window, Qt.Key.Key_1)
    qtbot.keyClick(desk.window, Qt.Key.Key_2)

    with qtbot.waitSignal(runner.made, timeout=20_000) as made:
        qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)

    info = made.args[0]
    assert (info.coachees, info.sessions, info.tallies) == (1, 1, 2)
    assert rows(Path(info.path), "SELECT COUNT(*) FROM coaching_session WHERE ended_at_ms > 0") == [
        (1,)
    ]
    assert desk.window.statusBar().currentMessage() == (
        "Backed up: 1 coachee, 1 session, 2 tallies."
    )
    runner.wait()


def test_a_backup_that_fails_says_so_quietly(desk: Desk, qtbot: QtBot, tmp_path: Path) -> None:
    damaged = tmp_path / "other" / "coachdesk.sqlite3"
    damaged.parent.mkdir()
    damaged.write_bytes(b"not a database" * 100)
    runner = BackupRunner(Backups(damaged), Policy())
    desk.window.attach_backups(runner)

    with qtbot.waitSignal(runner.failed, timeout=20_000):
        runner.back_up_now()

    message = desk.window.statusBar().currentMessage()
    assert message.startswith(f"The backup did not work: No backup of {damaged} was made")
    assert not desk.window.banner.isVisible()  # quiet: the status line, not the red banner
    assert not (damaged.parent / "backups").exists() or not any(
        (damaged.parent / "backups").iterdir()
    )
    runner.wait()


def test_a_backup_asked_for_while_one_runs_follows_it(desk: Desk, qtbot: QtBot) -> None:
    """A session that ends while the daily backup runs is in a backup too, not dropped."""
    runner = BackupRunner(Backups(desk.database), Policy(7, 4, 6))
    made: list[object] = []
    runner.made.connect(made.append)
    runner.back_up_now()
    runner.back_up_now()  # while the first one is still on the worker
    runner.back_up_now()  # a third request while one waits adds nothing more
    qtbot.waitUntil(lambda: len(made) == 2 and not runner.busy, timeout=20_000)
    runner.wait()  # the worker is done: whatever it emitted waits in this thread's queue...
    QCoreApplication.sendPostedEvents()  # ...and is delivered now, a third backup too
    assert len(made) == 2
    assert len(list((desk.database.parent / "backups").glob("coachdesk-*.sqlite3"))) == 2


@pytest.mark.usefixtures("short_busy_wait")
def test_a_database_in_use_at_the_check_is_no_damage_and_is_checked_again(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachdesk.ui import backup_runner

    monkeypatch.setattr(backup_runner, "RECHECK_MS", 100)
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, sessions=1, tallies=3)
    runner = BackupRunner(Backups(database), Policy())
    findings: list[list[str]] = []
    runner.checked.connect(findings.append)
    with other_connection(database, exclusive=True):
        with qtbot.waitSignal(runner.failed, timeout=20_000) as failed:
            runner.check()
        assert "in use by another program" in failed.args[0]
        assert findings == []  # not taken for damage
    qtbot.waitUntil(lambda: findings == [[]], timeout=20_000)  # checked again, and well
    runner.wait()
