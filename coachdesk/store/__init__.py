"""The SQLite store: SQLAlchemy, Alembic and SQL live here and nowhere else."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coachdesk import __version__
from coachdesk.errors import DatabaseRefused, DataDirUnusable
from coachdesk.i18n import _
from coachdesk.paths import ensure_private_dir
from coachdesk.store.connection import connect
from coachdesk.store.opening import (
    SCHEMA_VERSION,
    backup_before_upgrade,
    check_header,
    check_writable,
    create_new,
    migrate,
    user_version,
    written_by,
)
from coachdesk.store.repository import SqlStore

__all__ = ["SCHEMA_VERSION", "SqlStore", "open_store"]


def open_store(database: Path, *, read_only: bool = False) -> SqlStore:
    """Open (or, for a writer, create) the database at ``database``, upgraded to head.

    Raises:
        DatabaseRefused: the file is empty, damaged, foreign, newer than this code, or (for
            a reader) missing. The file is left untouched.
        DataDirUnusable: the data dir or the file cannot be written.
    """
    data_dir = database.parent
    if data_dir.exists() and not data_dir.is_dir():
        raise DataDirUnusable(
            _("The data folder {path} is a file, not a folder.").format(path=data_dir)
        )
    if database.exists():
        check_header(database)
    elif read_only:
        raise DatabaseRefused(
            _("There is no coachdesk database at {path} yet.").format(path=database)
        )
    else:
        ensure_private_dir(data_dir)
        check_writable(data_dir, database)
        create_new(database)
    if not read_only:
        check_writable(data_dir, database)
    try:
        conn = connect(database, read_only=read_only)
    except sqlite3.Error as e:
        raise _cannot_open(database, e) from e
    try:
        _bring_to_head(conn, database, read_only)
    except BaseException:
        conn.close()
        raise
    return SqlStore(conn, database)


def _cannot_open(database: Path, error: Exception) -> DatabaseRefused:
    return DatabaseRefused(
        _("Cannot open the database {path}: {error}").format(path=database, error=error)
    )


def _bring_to_head(conn: sqlite3.Connection, database: Path, read_only: bool) -> None:
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
            if version > 0:
                backup_before_upgrade(conn, database, version)
            migrate(database)
    except sqlite3.Error as e:
        raise _cannot_open(database, e) from e
