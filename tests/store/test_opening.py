"""A file that is not ours is refused, named, and left exactly as it was."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from coachdesk.domain.errors import DatabaseRefused, DataDirUnusable
from coachdesk.store import SCHEMA_VERSION, open_store
from coachdesk.store.header import APPLICATION_ID
from coachdesk.store.schema import Base
from tests.dbcheck import rows


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def refused_untouched(database: Path, match: str) -> None:
    before = snapshot(database.parent)
    with pytest.raises(DatabaseRefused, match=match) as refused:
        open_store(database)
    assert str(database) in str(refused.value)
    assert snapshot(database.parent) == before


@pytest.fixture
def database(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder / "coachdesk.sqlite3"


def test_empty_file_is_refused(database: Path) -> None:
    database.write_bytes(b"")
    refused_untouched(database, "is empty")


def test_an_empty_file_beside_backups_names_the_newest_and_the_way_back(database: Path) -> None:
    from coachdesk.store.backup import make_backup
    from coachdesk.store.backup_files import backup_folder

    open_store(database).close()
    make_backup(database)
    newest = make_backup(database).path
    database.write_bytes(b"")  # a disk that filled, a copy that stopped half-way
    with pytest.raises(DatabaseRefused, match="is empty") as refused:
        open_store(database)
    assert database.read_bytes() == b""
    said = str(refused.value)
    assert newest in said and f"coachdesk --data-dir {database.parent} restore {newest}" in said
    assert str(backup_folder(database)) in newest


@pytest.mark.parametrize(
    "content",
    [b"not a database at all\n" * 50, os.urandom(4096), b"SQLite format 3\x00" + b"\xff" * 50],
    ids=["text", "random", "truncated-header"],
)
def test_corrupt_file_is_refused(database: Path, content: bytes) -> None:
    database.write_bytes(content)
    refused_untouched(database, "not a coachdesk database")


def test_foreign_sqlite_file_is_refused(database: Path) -> None:
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT)")
        conn.execute("INSERT INTO photos (path) VALUES ('holiday.jpg')")
    refused_untouched(database, "another program")


def test_database_from_a_newer_coachdesk_is_refused(database: Path) -> None:
    open_store(database).close()
    with sqlite3.connect(database) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.execute("UPDATE coachdesk_meta SET value = '9.0.0' WHERE key = 'app_version'")
    conn.close()
    refused_untouched(database, "newer coachdesk")
    with pytest.raises(DatabaseRefused) as refused:
        open_store(database)
    message = str(refused.value)
    assert "9.0.0" in message and f"schema {SCHEMA_VERSION + 1}" in message
    assert f"schema {SCHEMA_VERSION})" in message


def test_new_database_is_at_head_marked_and_private(tmp_path: Path) -> None:
    database = tmp_path / "fresh" / "coachdesk.sqlite3"
    open_store(database).close()
    assert sorted(p.name for p in database.parent.iterdir()) == [database.name]
    assert database.stat().st_mode & 0o777 == 0o600
    assert database.parent.stat().st_mode & 0o777 == 0o700
    assert rows(database, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(database, "PRAGMA journal_mode") == [("wal",)]


def test_wal_and_shm_are_private_while_open(tmp_path: Path) -> None:
    database = tmp_path / "fresh" / "coachdesk.sqlite3"
    store = open_store(database)
    store.coachee_named("Anna", 0)
    for suffix in ("-wal", "-shm"):
        assert Path(f"{database}{suffix}").stat().st_mode & 0o777 == 0o600
    store.close()


@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection:sqlalchemy.exc.SAWarning")
@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based")
def test_orm_classes_match_the_migrated_schema(tmp_path: Path) -> None:
    database = tmp_path / "fresh" / "coachdesk.sqlite3"
    open_store(database).close()
    engine = create_engine(f"sqlite:///{database}")
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert differences == []
    # Alembic cannot compare an expression index, so compare its SQL by hand.
    (index_sql,) = rows(
        database, "SELECT sql FROM sqlite_master WHERE name = 'ux_session_one_open'"
    )
    assert index_sql == (
        "CREATE UNIQUE INDEX ux_session_one_open ON coaching_session ((ended_at_ms IS NULL)) "
        "WHERE ended_at_ms IS NULL",
    )


def test_an_empty_schema_is_upgraded_to_head_keeping_data(database: Path) -> None:
    """A file that is ours but was never migrated (user_version 0) is brought to head."""
    with sqlite3.connect(database) as conn:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    store = open_store(database)
    assert [k.key for k in store.tally_kinds()] == ["advice", "coachee_action", "hat"]
    store.close()
    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_a_data_folder_that_cannot_be_made_is_named(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    database = blocker / "data" / "coachdesk.sqlite3"
    with pytest.raises(DataDirUnusable, match="cannot create its data folder") as refused:
        open_store(database)
    assert str(database.parent) in str(refused.value)
    assert blocker.read_text() == "not a folder"


def test_a_reader_never_creates_a_database(database: Path) -> None:
    with pytest.raises(DatabaseRefused, match="no coachdesk database"):
        open_store(database, read_only=True)
    assert not database.exists()


READ_ONLY_PROBE = """
import sys
from pathlib import Path
from coachdesk.domain.errors import DataDirUnusable
from coachdesk.store import open_store
try:
    open_store(Path(sys.argv[1]))
except DataDirUnusable as e:
    print(e)
    sys.exit(7)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="uses a read-only bind mount or modes")
def test_read_only_data_dir_gives_a_clear_message(tmp_path: Path) -> None:
    """A real read-only data dir: modes for a normal user, a read-only mount for root."""
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    open_store(database).close()
    before = snapshot(data)
    probe = [sys.executable, "-c", READ_ONLY_PROBE, str(database)]
    if os.geteuid() == 0:  # root ignores modes: make the folder a read-only mount instead
        mount = f'mount --bind {data} {data} && mount -o remount,bind,ro {data} && exec "$@"'
        probe = ["unshare", "-m", "sh", "-c", mount, "probe", *probe]
    else:
        data.chmod(0o500)
    try:
        result = subprocess.run(probe, capture_output=True, text=True, timeout=60, check=False)
    finally:
        data.chmod(0o700)
    if os.geteuid() == 0 and "mount" in result.stderr:
        pytest.skip(f"no private mounts here: {result.stderr.strip()}")
    assert result.returncode == 7, result.stderr
    assert "cannot write to" in result.stdout and str(data) in result.stdout
    assert snapshot(data) == before


def test_a_log_file_gone_after_a_crash_is_named_not_silently_dropped(database: Path) -> None:
    open_store(database).close()
    crash = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from coachdesk.store import open_store\n"
        "from coachdesk.domain.recorder import LiveSession\n"
        "from tests.fakes import FakeClock\n"
        "store = open_store(Path(sys.argv[1]))\n"
        "store.connection.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "LiveSession.start(store, FakeClock(), 'Anna').end()\n"
        "os._exit(0)  # a crash: the -wal and -shm stay\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(database)], check=True, timeout=60)
    wal, shm = Path(f"{database}-wal"), Path(f"{database}-shm")
    wal.unlink()  # a cleaner, or a copy that left it out
    before = (database.read_bytes(), shm.read_bytes())
    with pytest.raises(DatabaseRefused, match=r"log file .* is missing") as refused:
        open_store(database)
    assert str(shm) in str(refused.value)
    assert (database.read_bytes(), shm.read_bytes()) == before and not wal.exists()
    shm.rename(database.with_name("moved-away-shm"))  # as the message says
    store = open_store(database)
    assert store.coachees() == []  # what the log held is gone: the coach was told
    store.close()


def test_a_crash_with_its_log_file_in_place_opens_with_everything(database: Path) -> None:
    open_store(database).close()
    crash = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from coachdesk.store import open_store\n"
        "from coachdesk.domain.recorder import LiveSession\n"
        "from tests.fakes import FakeClock\n"
        "store = open_store(Path(sys.argv[1]))\n"
        "store.connection.execute('PRAGMA wal_autocheckpoint = 0')\n"
        "LiveSession.start(store, FakeClock(), 'Anna').end()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(database)], check=True, timeout=60)
    store = open_store(database)
    assert [c.name for c in store.coachees()] == ["Anna"]
    store.close()
