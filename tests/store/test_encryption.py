"""Encryption at rest: conversion keeps every row, hides every word, and a wrong passphrase is
never taken for damage."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.domain.errors import (
    DatabaseDamaged,
    DatabaseRefused,
    EncryptionUnavailable,
    InvalidInput,
    PassphraseNeeded,
    StoreWriteFailed,
    WrongPassphrase,
)
from coachdesk.store import SCHEMA_VERSION, open_store, opening
from coachdesk.store.cipher import key_file_path, locked, read_key_file, unlock
from coachdesk.store.connection import errors
from coachdesk.store.conversion import decrypt, encrypt
from tests.cryptdata import PASSPHRASE, TEST_ITERATIONS, content, fill, key_for
from tests.store.support import NEXT, NEXT_MIGRATION, SHIPPED

pytestmark = pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection:sqlalchemy.exc.SAWarning"
)

MARKER = "QZXJV-MARKER"

names = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
people = st.lists(
    st.tuples(names, st.text(max_size=300)), min_size=1, max_size=8, unique_by=lambda p: p[0]
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(practice=people)
def test_encrypting_and_decrypting_keeps_every_row(practice: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "data" / "coachdesk.sqlite3"
        fill(database, practice)
        before = content(database)

        encrypted = encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
        assert encrypted.rows == sum(len(rows) for rows in before.values())
        assert locked(database) is not None
        key = key_for(database)
        assert content(database, key) == before
        store = open_store(database, key=key)
        assert {c.name for c in store.coachees()} == {name for name, _ in practice}
        store.close()

        decrypt(database, key)
        assert locked(database) is None
        assert not key_file_path(database).exists()
        assert content(database) == before


def test_the_encrypted_files_hold_no_planted_words(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, [(f"{MARKER} Anna", f"notes about {MARKER}")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    key = key_for(database)
    store = open_store(database, key=key)  # new writes, in the WAL and then the file
    session = store.open_session()
    assert session is None
    coachee = store.coachee_named(f"{MARKER} Bert", 1_796_000_000_000)
    sid = store.start_session(coachee.id, 1_796_000_000_000, None)
    store.save_note(sid, "note", f"later {MARKER}", 1_796_000_001_000)
    wal = Path(f"{database}-wal")
    assert wal.exists() and MARKER.encode() not in wal.read_bytes()
    store.close()

    scanned = [p for p in data.rglob("*") if p.is_file() and p.parent.name != "backups"]
    assert database in scanned and key_file_path(database) in scanned
    for path in scanned:
        raw = path.read_bytes()
        assert MARKER.encode() not in raw, path
        assert MARKER.encode("utf-16-le") not in raw, path
    # The copy taken before encrypting is the plain database as it was, as the coach is told.
    (plain_copy,) = (data / "backups").iterdir()
    assert MARKER.encode() in plain_copy.read_bytes()


def test_a_wrong_passphrase_is_told_apart_and_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    before = {p.name: digest(p) for p in database.parent.iterdir() if p.is_file()}
    key_file = read_key_file(database)
    assert key_file is not None
    with pytest.raises(WrongPassphrase, match=r"^Wrong passphrase\.$"):
        unlock(key_file, "brave otter under the bridgE")
    with pytest.raises(PassphraseNeeded):
        open_store(database)
    assert {p.name: digest(p) for p in database.parent.iterdir() if p.is_file()} == before


def test_a_damaged_encrypted_file_with_the_right_passphrase_is_refused_and_kept(
    tmp_path: Path,
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    key = key_for(database)  # the passphrase is right: what follows is damage
    raw = bytearray(database.read_bytes())
    raw[40:60] = bytes(20)  # page 1's ciphertext: its HMAC no longer matches
    database.write_bytes(bytes(raw))
    with pytest.raises(DatabaseDamaged, match="is damaged: file is not a database"):
        open_store(database, key=key)  # the damage path: a backup may be restored
    assert database.read_bytes() == bytes(raw)
    assert key_file_path(database).exists()


def test_a_missing_or_foreign_key_file_is_named_and_nothing_is_touched(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    kept = database.read_bytes()
    key_file_path(database).write_text('{"format": "something else"}')
    with pytest.raises(DatabaseRefused, match=r"coachdesk\.sqlite3\.cipher is damaged"):
        open_store(database)
    key_file_path(database).unlink()
    with pytest.raises(DatabaseRefused, match="not a coachdesk database"):
        open_store(database)
    assert database.read_bytes() == kept


def test_a_plain_database_beside_a_key_file_opens_plain_and_keeps_the_key_file(
    tmp_path: Path,
) -> None:
    """A conversion stopped between writing the key file and replacing the database."""
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    key = key_for(database)
    decrypt(database, key)
    key_file_path(database).write_text("left over")
    assert locked(database) is None
    store = open_store(database)
    assert [c.name for c in store.coachees()] == ["Anna"]
    store.close()
    assert not key_file_path(database).exists()
    (aside,) = database.parent.glob("coachdesk.sqlite3.cipher.unused-*")
    assert aside.read_text() == "left over"


def test_no_conversion_while_a_session_runs(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "")])
    store = open_store(database)
    store.start_session(store.coachees()[0].id, 1_797_000_000_000, None)
    store.close()
    before = digest(database)
    with pytest.raises(InvalidInput, match="A session is still running"):
        encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    assert digest(database) == before
    assert locked(database) is None and not key_file_path(database).exists()


def test_sqlcipher_errors_are_caught_where_sqlite3_errors_are(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    store = open_store(database, key=key_for(database), read_only=True)
    try:
        from sqlcipher3 import dbapi2

        assert isinstance(store.connection, dbapi2.Connection)
        assert not issubclass(errors()[-1], sqlite3.Error)  # why errors() exists
        with pytest.raises(StoreWriteFailed, match="Could not save"):
            store.coachee_named("Bert", 1_797_000_000_000)  # query_only: SQLCipher's error
    finally:
        store.close()


def test_a_migration_runs_on_an_encrypted_database_and_its_backup_is_encrypted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next release copies a table (Alembic batch mode) inside the encrypted file."""
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "first"), ("Bram", "second")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    key = key_for(database)
    before = content(database, key)
    scripts = tmp_path / "migrations"  # the next coachdesk's migrations: one more
    shutil.copytree(SHIPPED, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / f"{NEXT}_next.py").write_text(NEXT_MIGRATION)
    monkeypatch.setattr(opening, "MIGRATIONS", str(scripts))
    monkeypatch.setattr(opening, "SCHEMA_VERSION", SCHEMA_VERSION + 1)

    store = open_store(database, key=key)
    assert [c.name for c in store.coachees()] == ["Bram", "Anna"]
    store.close()

    after = content(database, key)
    widths = [len(row) + 1 for row in before["coaching_session"]]
    assert [len(row) for row in after["coaching_session"]] == widths  # the new column
    assert {t: v for t, v in after.items() if t not in ("coaching_session", "alembic_version")} == {
        t: v for t, v in before.items() if t not in ("coaching_session", "alembic_version")
    }
    copy = database.with_name(
        f"coachdesk.sqlite3.before-schema-{SCHEMA_VERSION + 1}-from-{SCHEMA_VERSION}"
    )
    assert not copy.read_bytes().startswith(b"SQLite format 3")
    assert key_file_path(copy).read_bytes() == key_file_path(database).read_bytes()
    assert content(copy, key) == before


def test_an_encrypted_database_where_sqlcipher_is_missing_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [("Anna", "")])
    encrypt(database, PASSPHRASE, iterations=TEST_ITERATIONS)
    key = key_for(database)
    kept = digest(database)
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # as on a computer without it
    monkeypatch.delitem(sys.modules, "sqlcipher3.dbapi2")
    with pytest.raises(EncryptionUnavailable, match="install sqlcipher3-binary"):
        open_store(database, key=key)
    assert digest(database) == kept
