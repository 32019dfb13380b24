"""The damaged-database matrix: every kind of damage ends in the recovery path (a backup is
restored, the damaged bytes kept aside) or in SQLite's normal recovery, never in a loss."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from coachdesk.domain.errors import DatabaseDamaged
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store
from coachdesk.store.backup import check_database, make_backup, newest_good_backup
from coachdesk.store.restoring import restore
from tests.dbcheck import rows
from tests.fakes import FakeClock
from tests.store.support import content, fill, flip_middle
from tests.written import written


def flip_first_page_of(path: Path, table: str) -> None:
    """Overwrite the header of the first page of ``table``'s b-tree (found with SQLite's
    dbstat table), as flip_middle does, in a page chosen by what it holds, not by where it
    lies: the middle of the file moves whenever the schema gains a table."""
    with closing(sqlite3.connect(path)) as conn:
        (page_number,) = conn.execute(
            "SELECT MIN(pageno) FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
        ).fetchone()
    data = bytearray(path.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    start = (page_number - 1) * size
    data[start : start + 64] = bytes(b ^ 0xA5 for b in data[start : start + 64])
    path.write_bytes(bytes(data))


def truncate_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zero_length(path: Path) -> None:
    path.write_bytes(b"")


def foreign(path: Path) -> None:
    path.unlink()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
        conn.execute("INSERT INTO photos (path) VALUES ('holiday.jpg')")
    conn.close()


DAMAGE: dict[str, Callable[[Path], None]] = {
    "byte-flips-in-the-middle": flip_middle,
    "truncated": truncate_half,
    "zero-length": zero_length,
    "foreign-sqlite": foreign,
}


def found_damage(database: Path) -> bool:
    """What the app does at start: open (with checkpoints held), then check the file."""
    try:
        store = open_store(database, hold_checkpoints=True)
    except DatabaseDamaged:
        return True
    try:
        return bool(check_database(database))
    finally:
        store.close()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damage_ends_in_a_restore_with_the_damaged_bytes_kept(tmp_path: Path, damage: str) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, sessions=2, tallies=800)
    good = content(database)
    make_backup(database)
    DAMAGE[damage](database)
    damaged_bytes = database.read_bytes()

    assert found_damage(database)
    assert database.read_bytes() == damaged_bytes  # looking did not change it
    newest = newest_good_backup(database)
    assert newest is not None and newest.tallies == 1600
    done = restore(Path(newest.path), database)

    assert done.moved_aside is not None and done.kept is None
    assert Path(done.moved_aside).read_bytes() == damaged_bytes
    assert content(database) == good
    assert not found_damage(database)
    store = open_store(database)
    try:
        session = LiveSession.start(store, FakeClock(), "After the repair", None)
        session.tally(session.kinds[0].id)
    finally:
        store.close()


def test_a_missing_shm_beside_its_wal_is_normal_recovery(tmp_path: Path) -> None:
    """A crash can leave the -wal without its -shm: SQLite rebuilds the index from the -wal,
    and every committed tally is there."""
    live = tmp_path / "live" / "coachdesk.sqlite3"
    store = open_store(live, hold_checkpoints=True)  # the tallies stay in the -wal
    session = LiveSession.start(store, FakeClock(), "Anna", 30)
    ids = [written(session.tally(session.kinds[i % 2].id)).tally.id for i in range(50)]
    copy = tmp_path / "copy" / "coachdesk.sqlite3"
    copy.parent.mkdir()
    for suffix in ("", "-wal"):  # as the disk holds them at a crash, without the -shm
        shutil.copy(f"{live}{suffix}", f"{copy}{suffix}")
    store.close()
    assert Path(f"{copy}-wal").stat().st_size > 0 and not Path(f"{copy}-shm").exists()

    assert not found_damage(copy)
    assert [r[0] for r in rows(copy, "SELECT id FROM tally ORDER BY id")] == ids


def test_held_checkpoints_leave_the_file_itself_unwritten(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, sessions=1, tallies=5)
    before = database.read_bytes()
    store = open_store(database, hold_checkpoints=True)
    session = LiveSession.start(store, FakeClock(), "Bram", None)
    for _ in range(1200):  # past the 1000 pages at which SQLite would fold the -wal in
        session.tally(session.kinds[0].id)
    assert database.read_bytes() == before
    store.allow_checkpoints()
    session.tally(session.kinds[0].id)
    store.close()
    assert database.read_bytes() != before


def test_a_store_closed_untouched_leaves_the_damaged_file_as_it_was(tmp_path: Path) -> None:
    """The check can fail after the coach has recorded something: that stays in the -wal,
    which moves aside with the file; the file itself is not written."""
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, sessions=2, tallies=800)
    make_backup(database)
    flip_first_page_of(database, "tally")  # old tallies: a page a new session never writes
    damaged = database.read_bytes()
    store = open_store(database, hold_checkpoints=True)
    session = LiveSession.start(store, FakeClock(), "Recorded before the check", None)
    written(session.tally(session.kinds[0].id))
    assert check_database(database)

    store.close_untouched()

    assert database.read_bytes() == damaged
    wal = Path(f"{database}-wal").read_bytes()
    assert len(wal) > 0
    newest = newest_good_backup(database)
    assert newest is not None
    done = restore(Path(newest.path), database)
    assert done.moved_aside is not None
    assert Path(done.moved_aside).read_bytes() == damaged
    assert Path(f"{done.moved_aside}-wal").read_bytes() == wal
