"""Other programs beside a live session: every tally whose count was shown survives a crash.

The real app tallies in a child process. Beside it run every command that may run while the
window is open (backups, every kind of export, a report) and a plain sqlite3 reader that holds
a read transaction, as a database browser does; then more tallies; then SIGKILL. Every count a
button showed must be in the file, and the file must pass its integrity check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.beside import (
    LiveApp,
    commands,
    ended_session,
    hold_a_read,
    integrity,
    run_command,
    stored,
)

pytestmark = pytest.mark.slow


def test_no_tally_is_lost_when_other_programs_read_beside_the_app(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    out.mkdir()
    database = data / "coachdesk.sqlite3"
    session_id = ended_session(database)
    app = LiveApp(data)
    try:
        app.wait_ready()
        app.wait_for(3)
        for command in commands(out, session_id):
            done = run_command(data, command)
            assert done.returncode == 0, (command, done.stderr)
            app.wait_for(2)
        assert hold_a_read(database, seconds=2.0) > 0
        app.wait_for(8)
    finally:
        shown = app.kill()

    assert sum(shown.values()) >= 20
    kept = stored(database)
    assert all(kept.get(kind, 0) >= count for kind, count in shown.items()), (shown, kept)
    assert integrity(database) == "ok"
    assert (out / "report-0.pdf").stat().st_size > 1000
    assert (out / "practice-0.zip").stat().st_size > 0
