"""The SQLite connection every part of the store uses, with coachdesk's pragmas.

Live work (tallies, the coachee list, recovery) runs on the standard library's ``sqlite3``
directly: start-up then never waits for SQLAlchemy's import (about 0.3 s), and a tally commits
in close to the time SQLite itself needs. SQLAlchemy and Alembic own the schema: they are
imported only to create or upgrade a database (see ``opening.migrate``).

An encrypted database is opened with SQLCipher's ``sqlcipher3``, a fork of ``sqlite3`` with the
same API, imported only then. Its exceptions are classes of their own: code in the store
catches :func:`errors` (or :func:`integrity_errors`, :func:`database_errors`), never
``sqlite3.Error`` alone.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from coachdesk.store import held

if TYPE_CHECKING:
    from coachdesk.store.cipher import DatabaseKey

#: How long a connection waits for another connection's write lock, in seconds.
BUSY_TIMEOUT_S = 5.0


class _Counted:
    """Mixed into both modules' Connection classes: the connection is counted in
    :mod:`coachdesk.store.held` while it is open."""

    _release: Callable[[], object] = staticmethod(lambda: None)

    def close(self) -> None:
        try:
            super().close()  # type: ignore[misc]
        finally:
            self._release()


class _Connection(_Counted, sqlite3.Connection):
    pass


@cache
def _cipher_connection() -> type[Any]:
    from sqlcipher3 import dbapi2

    return type("_CipherConnection", (_Counted, dbapi2.Connection), {})


def _counted(conn: Any, path: Path, *, keyed: bool) -> sqlite3.Connection:
    conn._release = held.hold(conn, path, keyed=keyed)
    return cast(sqlite3.Connection, conn)


def connect(
    path: Path,
    *,
    key: DatabaseKey | None = None,
    read_only: bool = False,
    foreign_keys: bool = True,
    wal: bool = True,
) -> sqlite3.Connection:
    """A connection in autocommit mode: every transaction is opened explicitly.

    WAL with ``synchronous=FULL``: a COMMIT that returned is on disk, whatever happens next.
    Only migrations turn ``foreign_keys`` off: SQLite changes a table by copying it, and
    dropping the old copy would otherwise cascade into the rows that point at it. A backup
    target is opened without ``wal``: it becomes one plain file.

    With ``key``, a SQLCipher connection, keyed before anything else reads the file.
    """
    conn = _keyed(path, key) if key is not None else _plain(path)
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


def _plain(path: Path, *, uri: str | None = None) -> sqlite3.Connection:
    conn = sqlite3.connect(
        uri or path,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_S,
        uri=uri is not None,
        factory=_Connection,
    )
    return _counted(conn, path, keyed=False)


def _keyed(path: Path, key: DatabaseKey, *, uri: str | None = None) -> sqlite3.Connection:
    conn = _cipher(path, uri, keyed=True)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # its own stderr log repeats our errors
        conn.execute(f'PRAGMA key = "{key.pragma_value()}"')
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the key is tried here
    except BaseException:
        conn.close()
        raise
    return conn


def _cipher(path: Path, uri: str | None = None, *, keyed: bool) -> sqlite3.Connection:
    # sqlcipher3 is a fork of the standard module with the same Connection API; the one
    # difference the store meets, its exception classes, is covered by errors() below.
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(
        uri or str(path),
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_TIMEOUT_S,
        uri=uri is not None,
        factory=_cipher_connection(),
    )
    return _counted(conn, path, keyed=keyed)


def cipher_connect(path: Path) -> sqlite3.Connection:
    """An unkeyed SQLCipher connection to a plain file: where ``sqlcipher_export`` is needed
    to turn a plain database into an encrypted one."""
    conn = _cipher(path, keyed=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def _error_classes(name: str) -> tuple[type[Exception], ...]:
    found: list[type[Exception]] = [getattr(sqlite3, name)]
    # Only a process that imported sqlcipher3 can hold a SQLCipher connection.
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    if cipher is not None:
        found.append(getattr(cipher, name))
    return tuple(found)


def errors() -> tuple[type[Exception], ...]:
    """``sqlite3.Error`` and, where loaded, SQLCipher's: for ``except errors():``."""
    return _error_classes("Error")


def database_errors() -> tuple[type[Exception], ...]:
    """``sqlite3.DatabaseError`` and SQLCipher's."""
    return _error_classes("DatabaseError")


def operational_errors() -> tuple[type[Exception], ...]:
    """``sqlite3.OperationalError`` and SQLCipher's."""
    return _error_classes("OperationalError")


def integrity_errors() -> tuple[type[Exception], ...]:
    """``sqlite3.IntegrityError`` and SQLCipher's."""
    return _error_classes("IntegrityError")


def reader(path: Path, key: DatabaseKey | None = None) -> sqlite3.Connection:
    """A plain read-only connection (it sees the -wal; it can never fold it into the file)."""
    uri = f"{path.absolute().as_uri()}?mode=ro"
    if key is not None:
        return _keyed(path, key, uri=uri)
    return _plain(path, uri=uri)


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


def inspect(path: Path, key: DatabaseKey | None = None) -> sqlite3.Connection:
    """A read-only look into a file nobody is writing (a backup): it is opened as immutable,
    so SQLite creates no -wal or -shm beside it and changes nothing in it. ``key`` opens an
    encrypted copy (see :func:`coachdesk.store.cipher.key_for_copy`)."""
    uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
    if key is not None:
        return _keyed(path, key, uri=uri)
    return _plain(path, uri=uri)
