"""Opening the database file safely: never over a file that is not ours, never silently.

Before SQLite touches a file that exists, its header is checked (:mod:`coachdesk.store.header`);
an older schema is upgraded after a verified backup. A new database is built beside the target
under a temporary name and linked into place only when complete, so a crash can never leave a
half-made file at the database path.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk import __version__
from coachdesk.domain.errors import DamagedSource, DatabaseRefused, DataDirUnusable
from coachdesk.domain.i18n import _
from coachdesk.store.connection import connect, errors, operational_errors
from coachdesk.store.header import APPLICATION_ID, damaged, user_version

#: The schema version this build migrates to (defined with the header checks; named here as
#: the head of :func:`migrate` and :func:`bring_to_head`, which the upgrade tests move).
from coachdesk.store.header import SCHEMA_VERSION as SCHEMA_VERSION

if TYPE_CHECKING:
    from coachdesk.store.cipher import DatabaseKey

#: Where Alembic finds the migrations.
MIGRATIONS = "coachdesk.store:migrations"


def written_by(conn: sqlite3.Connection) -> str:
    """The coachdesk version that last migrated the file, as far as the file says."""
    try:
        row = conn.execute("SELECT value FROM coachdesk_meta WHERE key = 'app_version'").fetchone()
    except errors():
        return "?"
    return str(row[0]) if row is not None else "?"


def migrate(path: Path, key: DatabaseKey | None = None) -> None:
    """Bring the schema to head in one transaction, with Alembic (imported only here).

    Foreign keys are off while the schema changes (so copying a table never cascades into
    its children) and are checked in full before the commit: a migration that left a
    dangling row is rolled back. ``user_version`` is set here, once for every migration.
    """
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, event
    from sqlalchemy.engine import Connection
    from sqlalchemy.pool import NullPool
    from sqlalchemy.schema import CreateIndex

    from coachdesk.store.schema import INVARIANT_INDEXES, SUMMARY_TRIGGERS

    engine = create_engine(
        "sqlite://", creator=lambda: connect(path, key=key, foreign_keys=False), poolclass=NullPool
    )

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # sqlite3 in autocommit mode: say BEGIN ourselves, so DDL is transactional too.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    try:
        with engine.connect() as conn, conn.begin():
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            for index in INVARIANT_INDEXES:  # a table copied by a migration may have lost it
                conn.execute(CreateIndex(index, if_not_exists=True))
            summary = "SELECT 1 FROM sqlite_master WHERE name = 'session_count'"
            if conn.exec_driver_sql(summary).first() is not None:
                for trigger in SUMMARY_TRIGGERS:  # likewise the triggers of a copied table
                    conn.exec_driver_sql(trigger)
            dangling = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if dangling:
                raise DatabaseRefused(
                    _(
                        "Upgrading the database {path} would leave rows without their "
                        "session or kind ({rows}); the upgrade was undone."
                    ).format(path=path, rows=len(dangling))
                )
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO coachdesk_meta (key, value) VALUES ('app_version', ?)",
                (__version__,),
            )
            conn.exec_driver_sql(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
    finally:
        engine.dispose()


def create_new(path: Path) -> None:
    """Build a fresh database under a temporary name, then link it into place.

    ``os.link`` fails if something appeared at ``path`` meanwhile, so nothing is overwritten.
    """
    tmp = path.with_name(f".{path.name}.new-{os.urandom(4).hex()}")
    fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        conn = connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            migrate(tmp)
        finally:
            conn.close()  # the last connection to close folds the WAL into the file
        _place(tmp, path)
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)


def _place(tmp: Path, path: Path) -> None:
    """Put the finished file at ``path``, failing if anything is there already."""
    try:
        os.link(tmp, path)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # a file system without hard links (FAT, some network shares): copy instead
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "wb") as out, tmp.open("rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())


def remove_conversion_leftovers(database: Path) -> None:
    """Remove what a conversion killed half-way left beside the database (``.NAME.convert-*``):
    never the database itself, whose replacement is a conversion's very last step."""
    for leftover in database.parent.glob(f".{database.name}.convert-*"):
        leftover.unlink(missing_ok=True)


def check_writable(data_dir: Path, path: Path) -> None:
    """Refuse, before the first click, a data dir or database the app could not write."""
    refused = unwritable(data_dir, path)
    if refused is not None:
        raise refused


def unwritable(data_dir: Path, path: Path) -> DataDirUnusable | None:
    """The error that names the first of these that cannot be written; None if both can."""
    for target in (data_dir, path):
        if target.exists() and not os.access(target, os.W_OK):
            return DataDirUnusable(
                _(
                    "coachdesk cannot write to {path}. Check its permissions, or start "
                    "coachdesk with another data folder (--data-dir)."
                ).format(path=target)
            )
    return None


def has_tables(conn: sqlite3.Connection) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1")
    return found.fetchone() is not None


def backup_before_upgrade(path: Path, old_version: int, key: DatabaseKey | None = None) -> Path:
    """A verified copy of the database as it is (see :func:`coachdesk.store.backup.make_backup`),
    encrypted with the same key when the database is.

    The copy gets a name of its own: an earlier backup is never overwritten.
    """
    from coachdesk.store.backup import make_backup  # only for an upgrade: not at start-up

    stem = f"{path.name}.before-schema-{SCHEMA_VERSION}-from-{old_version}"
    for n in range(1, 1000):
        target = path.with_name(stem if n == 1 else f"{stem}.{n}")
        try:  # private from birth, and never over an existing file
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        break
    else:
        raise DataDirUnusable(
            _("Too many earlier backups beside {path}; move some away.").format(path=path)
        )
    try:
        make_backup(path, target, key=key)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def bring_to_head(
    conn: sqlite3.Connection, database: Path, read_only: bool, key: DatabaseKey | None = None
) -> None:
    """Refuse a newer schema; upgrade an older one after backing it up."""
    try:
        version = user_version(conn)
        if version > SCHEMA_VERSION:
            raise DatabaseRefused(
                _(
                    "The database {path} was made by a newer coachdesk ({theirs}, schema "
                    "{their_schema}); this is coachdesk {ours} (schema {our_schema}). It was "
                    "left untouched: update coachdesk to open it."
                ).format(
                    path=database,
                    theirs=written_by(conn),
                    their_schema=version,
                    ours=__version__,
                    our_schema=SCHEMA_VERSION,
                )
            )
        if version < SCHEMA_VERSION:
            if read_only:
                raise DatabaseRefused(
                    _("The database {path} needs an upgrade: start coachdesk once.").format(
                        path=database
                    )
                )
            backup = None
            if version > 0 or has_tables(conn):
                try:
                    backup = backup_before_upgrade(database, version, key)
                except DamagedSource as e:  # never upgrade a damaged file: offer a backup
                    raise damaged(database, str(e), str(e)) from e
            try:
                migrate(database, key)
            except DatabaseRefused:
                raise
            except operational_errors():  # locked, I/O: not the migration's fault
                raise
            except Exception as e:  # a faulty migration: its transaction was rolled back
                raise DatabaseRefused(
                    _(
                        "Upgrading the database {path} to schema {new} failed ({error}); it "
                        "was left at schema {old}. A copy from before is at {backup}."
                    ).format(path=database, new=SCHEMA_VERSION, error=e, old=version, backup=backup)
                ) from e
    except errors() as e:
        raise cannot_open(database, e) from e


#: SQLite's primary result codes for a damaged file and for a file that is no database.
_SQLITE_CORRUPT, _SQLITE_NOTADB = 11, 26
#: ... for a file another connection holds (SQLITE_BUSY, SQLITE_LOCKED).
_SQLITE_IN_USE = (5, 6)
#: ... for a file or folder SQLite may not write or create files in (SQLITE_PERM,
#: SQLITE_READONLY, SQLITE_CANTOPEN).
_SQLITE_NOT_ALLOWED = (3, 8, 14)


def cannot_open(database: Path, error: Exception) -> DatabaseRefused | DataDirUnusable:
    """The error to show for an SQLite error met while opening or using ``database``:
    damage, another program's lock and a folder that cannot be written each say so."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return damaged(
            database,
            str(error),
            _("The database {path} is damaged: {error}").format(path=database, error=error),
        )
    if code in _SQLITE_IN_USE:
        return DatabaseRefused(
            _(
                "The database {path} is in use by another program (or another coachdesk); "
                "quit it first. Nothing was changed."
            ).format(path=database)
        )
    if code in _SQLITE_NOT_ALLOWED:
        refused = unwritable(database.parent, database)
        if refused is not None:
            return refused
    return DatabaseRefused(
        _("Cannot open the database {path}: {error}").format(path=database, error=error)
    )
