"""Backups of an encrypted database are encrypted, carry their key file, and are checked,
listed, pruned and restored with the database's key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.domain.errors import BackupRefused
from coachdesk.domain.rotation import Policy
from coachdesk.store import open_store
from coachdesk.store.backup import (
    check_database,
    list_backups,
    make_backup,
    newest_good_backup,
    prune,
    verify,
)
from coachdesk.store.cipher import key_file_path, locked
from coachdesk.store.conversion import decrypt, encrypt
from coachdesk.store.restoring import restore
from tests.cryptdata import PASSPHRASE, TEST_ITERATIONS, content, fill, key_for

MARKER = "QZXJV-BACKUP-MARKER"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "coachdesk.sqlite3"
    fill(path, [(f"{MARKER} Anna", f"notes {MARKER}"), ("Bram", "")])
    encrypt(path, PASSPHRASE, iterations=TEST_ITERATIONS)
    return path


def test_a_backup_of_an_encrypted_database_is_encrypted_and_verified_with_its_key(
    database: Path,
) -> None:
    key = key_for(database)
    assert check_database(database, key) == []
    later = datetime.now(UTC) + timedelta(minutes=1)  # newer than the plain one encrypting took
    info = make_backup(database, key=key, now=later)
    backup = Path(info.path)
    assert MARKER.encode() not in backup.read_bytes()
    assert not backup.read_bytes().startswith(b"SQLite format 3")
    assert locked(backup) == locked(database)  # the same salt, KDF and verifier
    assert key_file_path(backup).stat().st_mode & 0o777 == 0o600
    assert verify(backup, key=key).coachees == 2
    with pytest.raises(BackupRefused):
        verify(backup)  # without the key it is no readable backup
    assert str(backup) in [i.path for i in list_backups(database, key)]
    good = newest_good_backup(database, key)
    assert good is not None and good.path == str(backup)


def test_the_start_up_check_never_calls_an_encrypted_database_damaged(database: Path) -> None:
    assert check_database(database, key_for(database)) == []


def test_restoring_an_encrypted_backup_keeps_the_database_encrypted(database: Path) -> None:
    key = key_for(database)
    info = make_backup(database, key=key, now=datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    before = content(database, key)
    store = open_store(database, key=key)  # the database changes after the backup
    store.coachee_named("Cas", 1_797_000_000_000)
    store.close()
    done = restore(Path(info.path), database, key=key)
    assert done.kept is not None and Path(done.kept.path).exists()
    assert locked(database) is not None
    assert content(database, key) == before


def test_a_backup_under_an_earlier_passphrase_is_refused_not_misread(database: Path) -> None:
    key = key_for(database)
    old = Path(make_backup(database, key=key, now=datetime(2026, 12, 1, 8, 0, tzinfo=UTC)).path)
    decrypt(database, key)
    encrypt(database, "a new and different passphrase", iterations=TEST_ITERATIONS)
    new_key = key_for(database, "a new and different passphrase")
    before = database.read_bytes()
    with pytest.raises(BackupRefused, match="another passphrase"):
        restore(old, database, key=new_key)
    assert database.read_bytes() == before
    assert str(old) not in [i.path for i in list_backups(database, new_key)]


def test_pruning_takes_a_backups_key_file_with_it(database: Path) -> None:
    key = key_for(database)
    made = [
        Path(make_backup(database, key=key, now=datetime(2026, 11, day, 8, 0, tzinfo=UTC)).path)
        for day in (1, 2, 3)
    ]
    gone = prune(database, Policy(daily=1, weekly=0, monthly=0))
    assert gone
    for path in gone:
        assert not path.exists() and not key_file_path(path).exists()
    assert set(made) <= set(gone)  # the plain backup encrypting took is newer
    assert key_file_path(database).exists()


def test_restoring_a_plain_backup_leaves_the_database_plain_and_keeps_the_key_file(
    database: Path,
) -> None:
    key = key_for(database)
    (plain,) = (p for p in (database.parent / "backups").iterdir() if p.suffix == ".sqlite3")
    assert plain.read_bytes().startswith(b"SQLite format 3")  # taken before encrypting
    key_file = key_file_path(database).read_bytes()
    restore(plain, database, key=key)
    assert locked(database) is None
    assert not key_file_path(database).exists()
    (aside,) = database.parent.glob("coachdesk.sqlite3.cipher.unused-*")
    assert aside.read_bytes() == key_file  # set aside, never deleted
    assert [row[2] for row in content(database)["coachee"]] == [f"{MARKER} Anna", "Bram"]
