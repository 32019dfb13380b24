"""Purging after an erasure deletes only coachdesk's own copies: never a file of the coach's,
a subfolder, or a backup still being written."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.domain.erasure import Erased
from coachdesk.store import erasure as store_erasure
from coachdesk.store import open_store
from coachdesk.store.backup import make_backup
from coachdesk.store.backup_files import backup_folder, backup_name, taken_at
from coachdesk.store.restoring import restore
from tests.practice import MARKED_NAME, make_practice


def copy_of(database: Path, target: Path) -> Path:
    """A byte-for-byte SQLite copy of the database, as the coach might make one by hand."""
    target.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(database)
    try:
        with sqlite3.connect(target) as out:
            store.connection.backup(out)
        out.close()
    finally:
        store.close()
    return target


def erase(database: Path) -> Erased:
    store = open_store(database)
    try:
        target = next(c.id for c in store.coachees() if c.name == MARKED_NAME)
        return store_erasure.erase(store.connection, target, database.parent, 1_800_000_000_000)
    finally:
        store.close()


def test_only_coachdesks_own_copies_are_offered_for_purging(database: Path) -> None:
    make_practice(database, plant_detail=True)
    folder = backup_folder(database)
    ours = copy_of(database, folder / backup_name(datetime(2026, 3, 1, tzinfo=UTC)))
    own = copy_of(database, folder / "my-copy-for-the-accountant.sqlite3")
    nested = copy_of(database, folder / "old" / backup_name(datetime(2026, 2, 1, tzinfo=UTC)))
    partial = copy_of(database, folder / f".{ours.name}.partial-1a2b3c4d")
    impossible = copy_of(database, folder / "coachdesk-20261399-000000Z.sqlite3")
    erased = erase(database)

    holding = store_erasure.backups_after(database.parent, database, erased).holding
    assert holding == [ours]
    store_erasure.purge(holding)

    assert not ours.exists()
    for kept in (own, nested, partial, impossible):
        assert kept.exists(), kept


def test_a_copy_kept_before_a_restore_is_offered_for_purging(database: Path) -> None:
    make_practice(database, plant_detail=True)
    info = make_backup(database, now=datetime(2026, 3, 1, tzinfo=UTC))
    done = restore(Path(info.path), database, now=datetime(2026, 3, 1, 1, tzinfo=UTC))
    assert done.kept is not None
    kept = Path(done.kept.path)
    erased = erase(database)

    assert store_erasure.backups(database.parent, database) == sorted([Path(info.path), kept])
    holding = store_erasure.backups_after(database.parent, database, erased).holding
    assert sorted(holding) == sorted([Path(info.path), kept])


def test_a_name_with_an_impossible_date_is_no_backup(tmp_path: Path) -> None:
    assert taken_at(tmp_path / "coachdesk-20261399-000000Z.sqlite3") is None
    assert taken_at(tmp_path / "coachdesk-20260230-120000Z-2.sqlite3") is None
    assert taken_at(tmp_path / "coachdesk-20260228-235959Z.sqlite3") == datetime(
        2026, 2, 28, 23, 59, 59, tzinfo=UTC
    )
