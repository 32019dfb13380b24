"""What a database file says about itself: its first bytes (plain SQLite or encrypted, ours or
another program's) and the schema version it is at.

Read before SQLite touches a file: an empty file, a file that is not SQLite, or an SQLite file
of another program is refused with a message that names it, and is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coachdesk.domain.errors import DatabaseDamaged, DatabaseRefused
from coachdesk.domain.i18n import _
from coachdesk.store import held
from coachdesk.store.held import read_header

#: Marks the file as coachdesk's (``PRAGMA application_id``): "CDsk".
APPLICATION_ID = 0x4344736B


#: ``PRAGMA user_version`` after the newest migration this code knows: the number of
#: migrations, which are named 0001, 0002, ...
SCHEMA_VERSION = 7


SQLITE_MAGIC = b"SQLite format 3\x00"


def check_header(path: Path) -> None:
    """Refuse a file that is not a coachdesk database, reading only its first 100 bytes.

    A file a connection of this process holds is not read (that would drop SQLite's locks,
    see :mod:`coachdesk.store.held`): it passed this check when it was opened.
    """
    if held.holds(path):
        return
    try:
        header = read_header(path, 100)
    except OSError as e:
        raise DatabaseRefused(
            _("Cannot read the database file {path}: {error}").format(path=path, error=e.strerror)
        ) from e
    if not header:
        raise damaged(
            path,
            "empty",
            _(
                "The database file {path} is empty. coachdesk has left it untouched; "
                "move it away to start a new database there."
            ).format(path=path),
        )
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise damaged(
            path,
            "not sqlite",
            _(
                "The file {path} is not a coachdesk database (it is damaged or not SQLite). "
                "coachdesk has left it untouched."
            ).format(path=path),
        )
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise damaged(
            path,
            "foreign",
            _(
                "The file {path} is an SQLite database of another program, not coachdesk's. "
                "coachdesk has left it untouched."
            ).format(path=path),
        )


def damaged(path: Path, finding: str, message: str) -> DatabaseDamaged:
    return DatabaseDamaged(message, str(path), finding)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def has_plain_header(path: Path) -> bool:
    """Whether the file starts as every unencrypted SQLite file does. A file a connection
    of this process holds is not read (see :mod:`coachdesk.store.held`): that connection was
    opened with a key or without one."""
    encrypted = held.encrypted(path)
    if encrypted is not None:
        return not encrypted
    try:
        return read_header(path, len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def check_application_id(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a file that opened (with its key) but is not marked as coachdesk's."""
    if int(conn.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
        raise DatabaseRefused(
            _(
                "The file {path} is an SQLite database of another program, not coachdesk's. "
                "coachdesk has left it untouched."
            ).format(path=path)
        )
