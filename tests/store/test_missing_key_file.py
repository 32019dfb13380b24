"""An encrypted database whose key file went missing is refused and named, never taken for a
damaged one (whose path would move it aside and offer an older, unencrypted backup)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coachdesk.domain.errors import DatabaseDamaged, DatabaseRefused
from coachdesk.store import open_store
from coachdesk.store.backup import make_backup
from coachdesk.store.cipher import key_file_path
from coachdesk.store.conversion import encrypt
from tests.cryptdata import PASSPHRASE, TEST_ITERATIONS, fill, key_for


def test_a_missing_key_file_is_named_and_the_database_left_as_it_is(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "first")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    backup = Path(make_backup(database, key=key_for(database)).path)
    key_file_path(database).unlink()  # lost, say, in a copy to a new computer
    before = sorted(p.name for p in database.parent.iterdir())
    data = database.read_bytes()

    with pytest.raises(DatabaseRefused, match="its key file") as refused:
        open_store(database)

    assert not isinstance(refused.value, DatabaseDamaged)
    assert str(key_file_path(backup)) not in str(refused.value)  # the folder is named
    assert str(database.parent / "backups") in str(refused.value)
    assert database.read_bytes() == data
    assert sorted(p.name for p in database.parent.iterdir()) == before

    shutil.copy(key_file_path(backup), key_file_path(database))  # as the message says
    open_store(database, key=key_for(database)).close()


def test_without_encrypted_backups_a_foreign_file_is_still_damage(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    database.parent.mkdir()
    database.write_bytes(b"\x8f" * 4096)
    with pytest.raises(DatabaseDamaged):
        open_store(database)
