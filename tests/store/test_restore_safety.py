"""A restore keeps the data it replaces where the rotation never reaches it, brings no erased
coachee back even for a moment, and never takes a database in use for a damaged one."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.domain import erasure
from coachdesk.domain.errors import BackupFailed, InvalidInput
from coachdesk.domain.rotation import Policy
from coachdesk.store import backup as backups
from coachdesk.store import erasure as store_erasure
from coachdesk.store import open_store
from coachdesk.store.backup import check_database, make_backup, prune
from coachdesk.store.backup_files import backup_folder
from coachdesk.store.restoring import restore
from tests.dbcheck import rows
from tests.practice import MARKED_NAME, MARKER, make_practice
from tests.store.support import other_connection

MORNING = datetime(2026, 3, 2, 8, tzinfo=UTC)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under the data folder, with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def erase_marked(database: Path) -> erasure.Erased:
    store = open_store(database)
    try:
        target = next(c.id for c in store.coachees() if c.name == MARKED_NAME)
        return store_erasure.erase(store.connection, target, database.parent, 1_800_000_000_000)
    finally:
        store.close()


def names(database: Path) -> list[str]:
    return sorted(name for (name,) in rows(database, "SELECT name FROM coachee"))


def test_the_copy_kept_before_a_restore_outlives_the_next_prune(database: Path) -> None:
    make_practice(database)
    old = make_backup(database, now=MORNING)
    done = restore(Path(old.path), database, now=MORNING + timedelta(hours=1))
    assert done.kept is not None
    kept = Path(done.kept.path)
    assert kept.parent == backup_folder(database)
    assert kept.name == "coachdesk-20260302-090000Z.before-restore.sqlite3"

    make_backup(database, now=MORNING + timedelta(hours=2))  # the same day
    gone = prune(database, Policy(daily=1, weekly=0, monthly=0))

    assert gone == [Path(old.path)]
    assert kept.exists()
    assert backups.verify(kept).coachees == done.kept.coachees


def test_a_damaged_erasure_log_refuses_the_restore_before_anything_changes(
    database: Path,
) -> None:
    make_practice(database, plant_detail=True)
    old = make_backup(database, now=MORNING)
    erase_marked(database)
    erasure.log_path(database.parent).write_text("{not json\n")
    before = snapshot(database.parent)

    with pytest.raises(InvalidInput, match="damaged"):
        restore(Path(old.path), database, now=MORNING + timedelta(hours=1))

    assert snapshot(database.parent) == before
    assert MARKED_NAME not in names(database)


def test_the_erased_coachee_is_gone_from_the_copy_before_it_takes_the_place(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_practice(database, plant_detail=True)
    old = make_backup(database, now=MORNING)
    erased = erase_marked(database)
    put_in_place: list[list[str]] = []
    real_replace = os.replace

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst) == database:  # what a process that died right after would leave
            put_in_place.append(
                [
                    u
                    for (u,) in rows(Path(src), "SELECT uid FROM coachee")
                    if u == erased.coachee_uid
                ]
            )
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)  # the rename that puts it in place
    restore(Path(old.path), database, now=MORNING + timedelta(hours=1))

    assert put_in_place == [[]]
    assert MARKED_NAME not in names(database)
    assert MARKER.encode() not in database.read_bytes()


@pytest.mark.usefixtures("short_busy_wait")
def test_a_locked_database_is_in_use_not_damaged(database: Path) -> None:
    make_practice(database)
    with other_connection(database, exclusive=True), pytest.raises(BackupFailed, match="in use"):
        check_database(database)
    assert check_database(database) == []


@pytest.mark.usefixtures("short_busy_wait")
@pytest.mark.parametrize("exclusive", [True, False], ids=["locked", "idle"])
def test_restore_refuses_a_database_in_use_and_changes_nothing(
    database: Path, exclusive: bool
) -> None:
    make_practice(database)
    old = make_backup(database, now=MORNING)
    with other_connection(database, exclusive=exclusive):
        before = snapshot(database.parent)
        with pytest.raises(BackupFailed, match="in use"):
            restore(Path(old.path), database, now=MORNING + timedelta(hours=1))
        assert snapshot(database.parent) == before
    assert not list(database.parent.glob("*.damaged-*"))
    assert check_database(database) == []
