"""Opening the database file safely: never over a file that is not ours, never silently.

Before SQLite touches a file that exists, its header is read as plain bytes: an empty file, a
file that is not SQLite, or an SQLite file of another program is refused with a message that
names it, and is left exactly as it was. A new database is built beside the target under a
temporary name and linked into place only when complete, so a crash can never leave a
half-made file at the database path.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

from coachdesk import __version__
from coachdesk.errors import DatabaseRefused, DataDirUnusable
from coachdesk.i18n import _
from coachdesk.store.connection import connect

#: Marks the file as coachdesk's (``PRAGMA application_id``): "CDsk".
APPLICATION_ID = 0x4344736B
#: ``PRAGMA user_version`` of the newest migration this code knows.
SCHEMA_VERSION = 1

_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_header(path: Path) -> None:
    """Refuse a file that is not a coachdesk database, reading only its first 100 bytes."""
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as e:
        raise DatabaseRefused(
            _("Cannot read the database file {path}: {error}").format(path=path, error=e.strerror)
        ) from e
    if not header:
        raise DatabaseRefused(
            _(
                "The database file {path} is empty. coachdesk has left it untouched; "
                "move it away to start a new database there."
            ).format(path=path)
        )
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise DatabaseRefused(
            _(
                "The file {path} is not a coachdesk database (it is damaged or not SQLite). "
                "coachdesk has left it untouched."
            ).format(path=path)
        )
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise DatabaseRefused(
            _(
                "The file {path} is an SQLite database of another program, not coachdesk's. "
                "coachdesk has left it untouched."
            ).format(path=path)
        )


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def written_by(conn: sqlite3.Connection) -> str:
    """The coachdesk version that last migrated the file, as far as the file says."""
    try:
        row = conn.execute("SELECT value FROM coachdesk_meta WHERE key = 'app_version'").fetchone()
    except sqlite3.Error:
        return "?"
    return str(row[0]) if row is not None else "?"


def migrate(path: Path) -> None:
    """Bring the schema to head in one transaction, with Alembic (imported only here)."""
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import Connection
    from sqlalchemy.pool import NullPool

    engine = create_engine("sqlite://", creator=lambda: connect(path), poolclass=NullPool)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # sqlite3 in autocommit mode: say BEGIN ourselves, so DDL is transactional too.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    config = Config()
    config.set_main_option(
        "script_location", str(resources.files("coachdesk.store").joinpath("migrations"))
    )
    try:
        with engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO coachdesk_meta (key, value) VALUES ('app_version', ?)",
                (__version__,),
            )
    finally:
        engine.dispose()


def create_new(path: Path) -> None:
    """Build a fresh database under a temporary name, then link it into place.

    ``os.link`` fails if something appeared at ``path`` meanwhile, so nothing is overwritten.
    """
    tmp = path.with_name(f".{path.name}.new-{uuid.uuid4().hex[:8]}")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        conn = connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrate(tmp)
        finally:
            conn.close()  # the last connection to close folds the WAL into the file
        os.link(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def check_writable(data_dir: Path, path: Path) -> None:
    """Refuse, before the first click, a data dir or database the app could not write."""
    for target in (data_dir, path):
        if target.exists() and not os.access(target, os.W_OK):
            raise DataDirUnusable(
                _(
                    "coachdesk cannot write to {path}. Check its permissions, or start "
                    "coachdesk with another data folder (--data-dir)."
                ).format(path=target)
            )


def backup_before_upgrade(conn: sqlite3.Connection, path: Path, old_version: int) -> Path:
    """A copy of the database as it is, taken with SQLite's backup API in one step."""
    target = path.with_name(f"{path.name}.before-schema-{SCHEMA_VERSION}-from-{old_version}")
    fd = os.open(target, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)  # private from birth
    os.close(fd)
    dest = sqlite3.connect(target)
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target
