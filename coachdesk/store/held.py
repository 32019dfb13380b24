"""Which database files this process holds open through SQLite, and the one way coachdesk
reads a database file's bytes itself.

POSIX advisory locks belong to the process, not to the descriptor: closing *any* descriptor on
a file drops every lock the process holds on it, SQLite's own included ("How To Corrupt An
SQLite Database File", section 2.2). SQLite never does that to itself (its unix VFS keeps such
a descriptor open until its last connection to the file closes), but Python's ``open()``
would: another process would then take itself for the file's last user, fold the -wal into
the file and delete it while this process still writes into it, and every tally written after
that would be lost at the next crash.

So every connection the store makes is counted here by the file's identity (device and inode),
from the moment it opens until it closes (or is collected), with whether it was opened with a
key. :func:`read_header` refuses to read a file that any of them holds, or its -wal, -shm or
-journal: checks of the live file go through SQLite, and what a header would tell of a held
file is known already (:func:`encrypted`).
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import Counter
from collections.abc import Callable
from pathlib import Path

#: The files SQLite keeps beside a database, whose locks are the database's too.
SIDE_FILES = ("-wal", "-shm", "-journal")

_FileId = tuple[int, int]
#: (file, opened with a key): open connections.
_counts: Counter[tuple[_FileId, bool]] = Counter()
_lock = threading.Lock()


class HeldOpen(RuntimeError):
    """A database file that a connection of this process holds was about to be read with
    ``open()``: a fault in coachdesk's code, never the coach's."""


def _identity(path: Path) -> _FileId | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino)


def hold(connection: object, database: Path, *, keyed: bool) -> Callable[[], object]:
    """Count ``connection`` (opened with a key or not) as holding ``database`` until the
    returned function is called (on close) or the connection is collected, whichever comes
    first."""
    identity = _identity(database)
    if identity is None:
        return lambda: None
    with _lock:
        _counts[identity, keyed] += 1
    return weakref.finalize(connection, _release, (identity, keyed))


def _release(holding: tuple[_FileId, bool]) -> None:
    with _lock:
        _counts[holding] -= 1
        if _counts[holding] <= 0:
            del _counts[holding]


def database_of(path: Path) -> Path:
    """The database a -wal, -shm or -journal file belongs to (any other path: itself)."""
    for suffix in SIDE_FILES:
        if path.name.endswith(suffix):
            return path.with_name(path.name[: -len(suffix)])
    return path


def encrypted(path: Path) -> bool | None:
    """None if no connection of this process holds ``path`` (or the database it belongs to);
    else whether it was opened with a key (a file that did not open with its key is no
    longer held)."""
    with _lock:
        if not _counts:
            return None
    identity = _identity(database_of(path))
    if identity is None:
        return None
    with _lock:
        if (identity, True) in _counts:
            return True
        if (identity, False) in _counts:
            return False
    return None


def holds(path: Path) -> bool:
    """Whether a connection of this process holds ``path`` (or the database it belongs to)."""
    return encrypted(path) is not None


def read_header(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a database file that no connection of this process holds.

    Raises:
        HeldOpen: a connection of this process holds it (read it through SQLite instead).
        OSError: it cannot be read.
    """
    if holds(path):
        raise HeldOpen(
            f"{path} is open through SQLite in this process: reading it with open() would "
            "drop SQLite's locks on it"
        )
    with path.open("rb") as f:
        return f.read(size)
