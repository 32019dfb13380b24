"""The SQLite connection every part of the store uses, with coachdesk's pragmas.

Live work (tallies, the coachee list, recovery) runs on the standard library's ``sqlite3``
directly: start-up then never waits for SQLAlchemy's import (about 0.3 s), and a tally commits
in close to the time SQLite itself needs. SQLAlchemy and Alembic own the schema: they are
imported only to create or upgrade a database (see ``opening.migrate``).
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def connect(
    path: Path, *, read_only: bool = False, foreign_keys: bool = True, wal: bool = True
) -> sqlite3.Connection:
    """A connection in autocommit mode: every transaction is opened explicitly.

    WAL with ``synchronous=FULL``: a COMMIT that returned is on disk, whatever happens next.
    Only migrations turn ``foreign_keys`` off: SQLite changes a table by copying it, and
    dropping the old copy would otherwise cascade into the rows that point at it. A backup
    target is opened without ``wal``: it becomes one plain file.
    """
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=5.0)
    try:
        conn.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        if sys.platform == "darwin":
            conn.execute("PRAGMA fullfsync = ON")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def reader(path: Path) -> sqlite3.Connection:
    """A plain read-only connection (it sees the -wal; it can never fold it into the file)."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)


@contextmanager
def transaction(conn: sqlite3.Connection, *, write: bool) -> Iterator[sqlite3.Connection]:
    """BEGIN (IMMEDIATE for a writer, so a commit never waits half-way), then COMMIT, or
    ROLLBACK on any error."""
    conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # also after a COMMIT that failed (disk full, I/O error)
            conn.rollback()
        raise


def inspect(path: Path) -> sqlite3.Connection:
    """A read-only look into a file nobody is writing (a backup): it is opened as immutable,
    so SQLite creates no -wal or -shm beside it and changes nothing in it."""
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
