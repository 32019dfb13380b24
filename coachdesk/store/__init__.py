"""The SQLite store: SQLAlchemy, Alembic and SQL live here and nowhere else."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coachdesk.errors import DatabaseRefused, DataDirUnusable
from coachdesk.i18n import _
from coachdesk.paths import ensure_private_dir
from coachdesk.store.connection import connect
from coachdesk.store.opening import (
    SCHEMA_VERSION,
    bring_to_head,
    cannot_open,
    check_header,
    check_writable,
    create_new,
)
from coachdesk.store.repository import SqlStore

__all__ = ["SCHEMA_VERSION", "SqlStore", "open_store"]


def open_store(
    database: Path, *, read_only: bool = False, hold_checkpoints: bool = False
) -> SqlStore:
    """Open (or, for a writer, create) the database at ``database``, upgraded to head.

    With ``hold_checkpoints`` the file itself is not written until
    :meth:`SqlStore.allow_checkpoints` (changes stay in the -wal): for the time the app's
    ``quick_check`` runs on another thread, so a damaged file is not made worse.

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
        try:
            ensure_private_dir(data_dir)
        except OSError as e:
            raise DataDirUnusable(
                _("coachdesk cannot create its data folder {path}: {error}").format(
                    path=data_dir, error=e.strerror
                )
            ) from e
        check_writable(data_dir, database)
        create_new(database)
    if not read_only:
        check_writable(data_dir, database)
    try:
        conn = connect(database, read_only=read_only)
    except sqlite3.Error as e:
        raise cannot_open(database, e) from e
    try:
        if hold_checkpoints:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
        bring_to_head(conn, database, read_only)
    except BaseException:
        conn.close()
        raise
    return SqlStore(conn, database)
