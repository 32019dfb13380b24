"""Quitting before the start-up check has passed: the file itself stays as it was."""

from __future__ import annotations

from pathlib import Path

from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store
from tests.dbcheck import rows
from tests.fakes import FakeClock
from tests.store.support import fill
from tests.written import written


def test_closing_before_the_check_passed_leaves_the_tallies_in_the_wal(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, sessions=1, tallies=5)
    before = database.read_bytes()
    store = open_store(database, hold_checkpoints=True)
    session = LiveSession.start(store, FakeClock(), "Bram", None)
    tally = written(session.tally(session.kinds[0].id)).tally

    store.close()  # the coach quit while the check was still running

    assert database.read_bytes() == before  # not folded into a file that may be damaged
    assert Path(f"{database}-wal").stat().st_size > 0
    assert (tally.id,) in rows(database, "SELECT id FROM tally")  # the next start has it


def test_after_the_check_passed_closing_folds_the_wal_in(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, sessions=1, tallies=5)
    before = database.read_bytes()
    store = open_store(database, hold_checkpoints=True)
    session = LiveSession.start(store, FakeClock(), "Bram", None)
    written(session.tally(session.kinds[0].id))
    store.allow_checkpoints()

    store.close()

    assert database.read_bytes() != before
    assert not Path(f"{database}-wal").exists() or Path(f"{database}-wal").stat().st_size == 0
