"""coachdesk encrypt / decrypt, and commands that read an encrypted database, as a script
runs them: the passphrase comes as one line on standard input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from coachdesk.cli.main import EXIT_WRONG_PASSPHRASE
from coachdesk.store import SCHEMA_VERSION, open_store
from coachdesk.store.cipher import key_file_path, locked
from coachdesk.store.conversion import encrypt
from tests.cli.commandline import run
from tests.cryptdata import PASSPHRASE, TEST_ITERATIONS, content, fill, key_for


@pytest.fixture
def encrypted_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    fill(data / "coachdesk.sqlite3", [("Anna", "first"), ("Bram", "second")])
    encrypt(data / "coachdesk.sqlite3", PASSPHRASE, iterations=TEST_ITERATIONS)
    return data


def test_encrypt_then_decrypt_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, [("Anna", "first")])
    before = content(database)

    done = run(data, "encrypt", stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert "is now encrypted" in done.stderr
    assert "without it your data cannot be read" in done.stderr
    assert PASSPHRASE not in done.stdout + done.stderr
    assert locked(database) is not None
    assert PASSPHRASE.encode() not in key_file_path(database).read_bytes()
    assert key_file_path(database).stat().st_mode & 0o777 == 0o600
    assert (data / "backups").stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in (data / "backups").iterdir()} == {0o600}
    assert content(database, key_for(database)) == before

    done = run(data, "decrypt", stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert "no longer encrypted" in done.stderr
    assert locked(database) is None and content(database) == before


def test_a_short_passphrase_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, [("Anna", "first")])
    before = hashlib.sha256(database.read_bytes()).digest()
    done = run(data, "encrypt", stdin="short\n")
    assert done.returncode == 1
    assert "too short" in done.stderr
    assert hashlib.sha256(database.read_bytes()).digest() == before
    assert not key_file_path(database).exists()


def test_a_wrong_passphrase_on_the_command_line(encrypted_data: Path) -> None:
    database = encrypted_data / "coachdesk.sqlite3"
    before = hashlib.sha256(database.read_bytes()).digest()
    for args in (["export"], ["decrypt"], ["report", "1", "--out", "r.pdf"]):
        done = run(encrypted_data, *args, stdin="not the passphrase\n")
        assert done.returncode == EXIT_WRONG_PASSPHRASE, (args, done.stderr)
        assert done.stderr.strip() == "coachdesk: Wrong passphrase."
        assert done.stdout == ""
    assert hashlib.sha256(database.read_bytes()).digest() == before
    assert sorted(p.name for p in encrypted_data.iterdir()) == [
        "backups",
        "coachdesk.sqlite3",
        "coachdesk.sqlite3.cipher",
    ]


def test_export_of_an_encrypted_database_with_its_passphrase(encrypted_data: Path) -> None:
    done = run(encrypted_data, "export", "--format", "csv", stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("coachee,session_id")
    assert {line.split(",")[0] for line in lines[1:]} == {"Anna", "Bram"}


def test_no_passphrase_on_standard_input(encrypted_data: Path) -> None:
    done = run(encrypted_data, "export", stdin="")
    assert done.returncode == 1
    assert "No passphrase was given" in done.stderr


def test_no_conversion_while_coachdesk_runs_with_the_folder(tmp_path: Path) -> None:
    from coachdesk.ui.instance import acquire

    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, [("Anna", "first")])
    guard = acquire(data / "coachdesk.lock", data)  # as the running app holds it
    assert guard is not None
    try:
        done = run(data, "encrypt", stdin=PASSPHRASE + "\n")
    finally:
        guard.release()
    assert done.returncode == 1
    assert "coachdesk is running with the data folder" in done.stderr
    assert locked(database) is None and not (data / "backups").exists()


def test_erasing_from_an_encrypted_database_reads_its_backups_with_the_key(
    encrypted_data: Path,
) -> None:
    database = encrypted_data / "coachdesk.sqlite3"
    key = key_for(database)
    store = open_store(database, key=key)
    store.connection.execute("PRAGMA user_version = 1")  # so opening upgrades, with a backup
    store.close()
    store = open_store(database, key=key)
    store.close()
    encrypted_copy = database.with_name(f"coachdesk.sqlite3.before-schema-{SCHEMA_VERSION}-from-1")
    (plain_copy,) = (encrypted_data / "backups").iterdir()  # taken before encrypting

    done = run(
        encrypted_data,
        "erase",
        "--coachee",
        "Anna",
        "--yes",
        "--purge-backups",
        stdin=PASSPHRASE + "\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Erased Anna." in done.stdout
    assert "2 backups made before now still hold this coachee" in done.stdout
    assert not plain_copy.exists() and not encrypted_copy.exists()
    assert not key_file_path(encrypted_copy).exists()  # its key file went with it
    assert key_file_path(database).exists()  # the database's own stays
    assert [row[2] for row in content(database, key)["coachee"]] == ["Bram"]


def test_erase_with_a_wrong_passphrase_changes_nothing(encrypted_data: Path) -> None:
    database = encrypted_data / "coachdesk.sqlite3"
    before = hashlib.sha256(database.read_bytes()).digest()
    done = run(encrypted_data, "erase", "--coachee", "Anna", "--yes", stdin="nope nope\n")
    assert done.returncode == EXIT_WRONG_PASSPHRASE
    assert hashlib.sha256(database.read_bytes()).digest() == before


def test_backup_and_restore_of_an_encrypted_database_on_the_command_line(
    encrypted_data: Path,
) -> None:
    database = encrypted_data / "coachdesk.sqlite3"
    key = key_for(database)
    before = content(database, key)
    out = encrypted_data.parent / "copy.sqlite3"
    done = run(encrypted_data, "backup", "--out", str(out), stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stderr
    assert not out.read_bytes().startswith(b"SQLite format 3")
    assert key_file_path(out).exists()

    wrong = run(encrypted_data, "restore", str(out), stdin="not it at all\n")
    assert wrong.returncode == EXIT_WRONG_PASSPHRASE

    done = run(encrypted_data, "restore", str(out), stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    assert locked(database) is not None
    assert content(database, key) == before
