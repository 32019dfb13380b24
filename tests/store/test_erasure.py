"""Erasing a coachee: nothing of them can be read back from any file in the data folder."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coachdesk.domain import erasure
from coachdesk.domain.errors import InvalidInput, StoreWriteFailed
from coachdesk.store import erasure as store_erasure
from coachdesk.store import open_store
from coachdesk.store.backup_files import backup_folder, backup_name
from coachdesk.store.erasure import reapply_erasures
from tests.fakes import FakeClock
from tests.practice import MARKED_NAME, MARKER, add_session, files_holding, make_practice
from tests.store.support import counts


def coachee_id(database: Path, name: str) -> int:
    store = open_store(database)
    try:
        return next(c.id for c in store.coachees() if c.name == name)
    finally:
        store.close()


def erase(database: Path, name: str) -> erasure.Erased:
    store = open_store(database)
    try:
        target = next(c.id for c in store.coachees() if c.name == name)
        return store_erasure.erase(store.connection, target, database.parent, 1_800_000_000_000)
    finally:
        store.close()


def test_the_plan_names_what_will_go(database: Path) -> None:
    make_practice(database, plant_detail=True)
    store = open_store(database)
    try:
        plan = store_erasure.plan(store.connection, coachee_id(database, MARKED_NAME))
    finally:
        store.close()
    assert (plan.name, plan.sessions, plan.tallies, plan.notes) == (MARKED_NAME, 2, 10, 5)
    assert "2 sessions, 10 tallies and 5 notes" in plan.describe()


def test_erased_text_is_in_no_file_of_the_data_folder(database: Path) -> None:
    make_practice(database, plant_detail=True)
    assert files_holding(database.parent, MARKER)  # the scan does see what is there
    before = counts(database)
    store = open_store(database)  # held open, as the app holds it while the coach erases
    try:
        target = next(c.id for c in store.coachees() if c.name == MARKED_NAME)
        store_erasure.erase(store.connection, target, database.parent, 1_800_000_000_000)
        for suffix in ("", "-wal", "-shm"):  # while the database is still open too
            path = Path(f"{database}{suffix}")
            assert not path.exists() or MARKER.encode() not in path.read_bytes()
        assert files_holding(database.parent, MARKER) == []
        assert [c.name for c in store.coachees()] == ["Chris", "Bram"]
    finally:
        store.close()
    assert files_holding(database.parent, MARKER) == []
    after = counts(database)
    assert after["coachee"] == before["coachee"] - 1
    assert after["coaching_session"] == before["coaching_session"] - 2
    assert after["tally"] == before["tally"] - 10
    assert after["session_note"] == before["session_note"] - 4
    assert after["pause"] == before["pause"] - 2


def test_erased_agreed_actions_are_in_no_file_of_the_data_folder(database: Path) -> None:
    make_practice(database)
    store = open_store(database)
    try:
        marked = next(c.id for c in store.coachees() if c.name == MARKED_NAME)
        for session in store.sessions_of(marked):
            store.set_agreed_actions(session.id, [f"{MARKER}-action: ask for the budget"])
        store.set_agreed_actions(store.sessions_of(marked)[0].id, [])  # a line taken away
        store.set_agreed_actions(store.sessions_of(marked)[0].id, [f"{MARKER}-action again"])
        assert files_holding(database.parent, f"{MARKER}-action")
        store_erasure.erase(store.connection, marked, database.parent, 1_800_000_000_000)
        assert files_holding(database.parent, f"{MARKER}-action") == []
    finally:
        store.close()
    with closing(sqlite3.connect(database)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM agreed_action").fetchone() == (0,)


def test_the_log_holds_uids_and_never_the_name(database: Path) -> None:
    make_practice(database, plant_detail=True)
    erased = erase(database, MARKED_NAME)
    log = erasure.log_path(database.parent)
    assert MARKER not in log.read_text() and "Jansen" not in log.read_text()
    assert erasure.read_log(database.parent) == [erased]
    assert len(erased.session_uids) == 2
    assert log.stat().st_mode & 0o777 == 0o600


def test_a_failed_erasure_leaves_no_line_in_the_log(database: Path) -> None:
    make_practice(database)
    target = coachee_id(database, MARKED_NAME)
    other = sqlite3.connect(database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program is writing: the deletes cannot start
    store = open_store(database, wait_ms=50)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            store_erasure.erase(store.connection, target, database.parent, 1)
    finally:
        store.close()
        other.execute("ROLLBACK")
        other.close()
    assert not erasure.log_path(database.parent).exists()
    assert counts(database)["coachee"] == 3


def test_an_erasure_whose_commit_fails_takes_its_log_line_back(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_practice(database)
    earlier = erase(database, "Bram")
    from coachdesk.store.connection import transaction as real

    @contextmanager
    def commit_fails(conn: sqlite3.Connection, *, write: bool) -> Iterator[sqlite3.Connection]:
        with real(conn, write=write):
            yield conn
            if write:  # every row is deleted and logged; then the COMMIT fails (disk full)
                raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store_erasure, "transaction", commit_fails)
    with pytest.raises(sqlite3.OperationalError, match="full"):
        erase(database, MARKED_NAME)
    monkeypatch.undo()
    assert erasure.read_log(database.parent) == [earlier]
    assert counts(database)["coachee"] == 2  # Bram went before; the marked coachee is there


def test_an_open_session_is_not_erased(database: Path) -> None:
    store = open_store(database)
    try:
        add_session(store, FakeClock(), MARKED_NAME, end=False)
        target = store.coachees()[0].id
        with pytest.raises(InvalidInput, match="still open"):
            store_erasure.erase(store.connection, target, database.parent, 1)
    finally:
        store.close()
    assert counts(database)["coachee"] == 1
    assert erasure.read_log(database.parent) == []


def test_reapply_erases_again_what_a_restored_backup_brought_back(
    database: Path, tmp_path: Path
) -> None:
    make_practice(database, plant_detail=True)
    backup = tmp_path / "backup.sqlite3"
    store = open_store(database)
    store.connection.backup(sqlite3.connect(backup))
    store.close()
    erase(database, MARKED_NAME)
    for suffix in ("-wal", "-shm"):  # restore: the old file back in place, as a restore does
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, database)
    assert files_holding(database.parent, MARKER)
    store = open_store(database)
    try:
        assert reapply_erasures(store.connection, database.parent) == 1
        assert MARKED_NAME not in [c.name for c in store.coachees()]
        assert reapply_erasures(store.connection, database.parent) == 0  # nothing left to do
    finally:
        store.close()
    assert files_holding(database.parent, MARKER) == []


def test_reapply_erases_a_session_that_came_back_under_another_coachee(database: Path) -> None:
    make_practice(database, plant_detail=True)
    store = open_store(database)
    try:
        conn = store.connection
        uid = conn.execute("SELECT uid FROM coaching_session ORDER BY id LIMIT 1").fetchone()[0]
        erasure.append(database.parent, erasure.Erased("not-here", (uid,), 1))
        assert reapply_erasures(conn, database.parent) == 1
        assert (
            conn.execute("SELECT 1 FROM coaching_session WHERE uid = ?", (uid,)).fetchone() is None
        )
        assert [c.name for c in store.coachees()] == ["Chris", MARKED_NAME, "Bram"]
    finally:
        store.close()


def test_reapply_refuses_a_damaged_log(database: Path) -> None:
    make_practice(database, plant_detail=True)
    erasure.log_path(database.parent).write_text("{not json\n")
    store = open_store(database)
    try:
        with pytest.raises(InvalidInput, match="damaged"):
            reapply_erasures(store.connection, database.parent)
    finally:
        store.close()


def test_backups_that_still_hold_the_coachee_are_found_and_purged(database: Path) -> None:
    make_practice(database, plant_detail=True)
    folder = backup_folder(database)
    folder.mkdir()
    before, after, damaged = (
        folder / backup_name(datetime(2026, 1, day, tzinfo=UTC)) for day in (1, 2, 3)
    )
    store = open_store(database)
    store.connection.backup(sqlite3.connect(before))
    store.close()
    erased = erase(database, MARKED_NAME)
    store = open_store(database)
    store.connection.backup(sqlite3.connect(after))
    store.close()
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    holding = store_erasure.backups_after(database.parent, database, erased).holding
    assert holding == [before]
    assert store_erasure.backups_after(database.parent, database, erased).unreadable == [damaged]
    assert sorted(folder.iterdir()) == [before, after, damaged]  # looking left no -wal or -shm
    store_erasure.purge(holding)
    assert sorted(folder.iterdir()) == [after, damaged]  # a damaged file is never deleted
    assert files_holding(database.parent, MARKER) == []


def test_a_reader_holding_the_log_is_named_not_ignored(database: Path) -> None:
    make_practice(database)
    store = open_store(database)
    reader = sqlite3.connect(database)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM tally").fetchone()  # holds a snapshot open
        target = next(c.id for c in store.coachees() if c.name == MARKED_NAME)
        with pytest.raises(StoreWriteFailed, match="another program is reading it"):
            store_erasure.erase(store.connection, target, database.parent, 1)
        assert MARKED_NAME not in [c.name for c in store.coachees()]
        reader.rollback()
        reader.close()
    finally:
        store.close()  # the last connection to close empties the log
    assert files_holding(database.parent, MARKER) == []


# -- one session ----------------------------------------------------------------------------

SESSION_MARKER = "Qx9SessionOnly"


def add_marked_session(database: Path) -> int:
    """A third session of Bram's, with a note no other row holds."""
    store = open_store(database)
    try:
        session = add_session(store, FakeClock(now_ms=1_796_000_000_000), "Bram", SESSION_MARKER)
        return int(session.id)
    finally:
        store.close()


def test_the_plan_of_a_session_names_it_and_what_will_go(database: Path) -> None:
    make_practice(database)
    session = add_marked_session(database)
    store = open_store(database)
    try:
        plan = store_erasure.plan_session(store.connection, session)
    finally:
        store.close()
    assert (plan.coachee, plan.number, plan.tallies, plan.notes, plan.pauses) == (
        "Bram",
        3,  # Bram's third session
        4,
        2,
        1,
    )
    assert plan.describe("2026-09-21") == (
        "Delete session 3 of Bram, 2026-09-21, for good: its 4 tallies, 2 notes and 1 pause. "
        "This cannot be undone."
    )


def test_a_deleted_session_is_in_no_file_and_stays_deleted_after_a_restore(
    database: Path, tmp_path: Path
) -> None:
    make_practice(database)
    session = add_marked_session(database)
    folder = backup_folder(database)
    folder.mkdir()
    older = folder / backup_name(datetime(2026, 1, 1, tzinfo=UTC))
    store = open_store(database)
    store.connection.backup(sqlite3.connect(older))
    try:
        before = counts(database)
        erased = store_erasure.erase_session(
            store.connection, session, database.parent, 1_800_000_000_000
        )
        assert store_erasure.backups_after(database.parent, database, erased).holding == [older]
        for suffix in ("", "-wal", "-shm"):  # while the database is still open too
            path = Path(f"{database}{suffix}")
            assert not path.exists() or SESSION_MARKER.encode() not in path.read_bytes()
    finally:
        store.close()
    assert files_holding(database.parent, SESSION_MARKER) == [older]  # the backup only
    after = counts(database)
    assert after["coachee"] == before["coachee"]  # Bram stays, with his other sessions
    assert after["coaching_session"] == before["coaching_session"] - 1
    assert after["tally"] == before["tally"] - 4
    assert erasure.read_log(database.parent) == [erased]
    assert erased.coachee_uid == "" and len(erased.session_uids) == 1

    for suffix in ("-wal", "-shm"):  # the older backup restored, as a restore does
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(older, database)
    store = open_store(database)
    try:
        assert reapply_erasures(store.connection, database.parent) == 1
        assert counts(database)["coaching_session"] == after["coaching_session"]
        assert "Bram" in [c.name for c in store.coachees()]
    finally:
        store.close()
    assert files_holding(database.parent, SESSION_MARKER) == [older]
    store_erasure.purge([older])
    assert files_holding(database.parent, SESSION_MARKER) == []


def test_an_open_session_is_not_deleted(database: Path) -> None:
    make_practice(database)
    store = open_store(database)
    try:
        session = add_session(store, FakeClock(now_ms=1_790_000_000_000), "Chris", end=False)
        with pytest.raises(InvalidInput, match="still open"):
            store_erasure.erase_session(store.connection, session.id, database.parent, 1)
        with pytest.raises(InvalidInput, match="no longer there"):
            store_erasure.erase_session(store.connection, 999, database.parent, 1)
    finally:
        store.close()
    assert erasure.read_log(database.parent) == []
