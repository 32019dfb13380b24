"""The rules for a second process beside a running window, as the README states them.

Read-only commands (every export, report, backup) work beside it: see
tests/system/test_beside_a_live_session.py. Writing commands refuse, naming the running
window, and change nothing; the window's session goes on, every shown tally kept.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.beside import COACHEE, LiveApp, ended_session, env, run_command, stored
from tests.cli.commandline import run

pytestmark = pytest.mark.slow

RUNNING = "coachdesk is running with the data folder"


def writing_commands(out: Path) -> list[list[str]]:
    return [
        ["import", str(out / "practice.zip")],
        ["erase", "--coachee", COACHEE, "--yes"],
        ["restore", str(out / "backup.sqlite3")],
        ["encrypt"],
        ["decrypt"],
        ["demo", "--coachees", "1", "--sessions", "1"],
    ]


def coachees(database: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        return [str(name) for (name,) in conn.execute("SELECT name FROM coachee ORDER BY id")]


def test_writing_commands_refuse_while_the_window_runs_and_change_nothing(
    tmp_path: Path,
) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    out.mkdir()
    database = data / "coachdesk.sqlite3"
    ended_session(database)
    assert run_command(data, ["backup", "--out", str(out / "backup.sqlite3")]).returncode == 0
    other = tmp_path / "other" / "coachdesk.sqlite3"
    ended_session(other)  # another practice's archive, to import
    archive = ["export", "--archive", str(out / "practice.zip")]
    assert run_command(other.parent, archive).returncode == 0

    app = LiveApp(data)
    try:
        app.wait_ready()
        app.wait_for(3)
        for command in writing_commands(out):
            done = run(data, *command, stdin="a long enough passphrase 1\n", env=env())
            assert done.returncode != 0, command
            assert RUNNING in done.stderr, (command, done.stderr)
            assert "Traceback" not in done.stderr
            app.wait_for(2)
    finally:
        shown = app.kill()

    assert coachees(database) == [COACHEE]  # nothing imported, erased, restored or made up
    assert database.read_bytes()[:16] == b"SQLite format 3\x00"  # not encrypted
    kept = stored(database)
    assert all(kept.get(kind, 0) >= count for kind, count in shown.items()), (shown, kept)


def test_restore_refuses_the_database_itself(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    ended_session(database)
    before = hashlib.sha256(database.read_bytes()).hexdigest()

    done = run_command(data, ["restore", str(database)])

    assert done.returncode == 1
    assert "is the database itself, not a backup of it" in done.stderr
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert not (data / "backups").exists()


def test_import_refuses_the_database_itself(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    ended_session(database)
    before = hashlib.sha256(database.read_bytes()).hexdigest()

    done = run_command(data, ["import", str(database)])

    assert done.returncode == 1
    assert "is this data folder's own database" in done.stderr
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
