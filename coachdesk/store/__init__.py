"""The SQLite store: SQLAlchemy, Alembic and SQL live here and nowhere else."""

from __future__ import annotations

import struct
from pathlib import Path

from coachdesk.domain.errors import (
    DatabaseRefused,
    DataDirUnusable,
    EncryptionUnavailable,
    PassphraseNeeded,
)
from coachdesk.domain.i18n import _
from coachdesk.domain.paths import ensure_private_dir
from coachdesk.store.cipher import DatabaseKey, locked, set_key_file_aside, unavailable_reason
from coachdesk.store.connection import connect, errors
from coachdesk.store.header import SCHEMA_VERSION, SQLITE_MAGIC, check_application_id, check_header
from coachdesk.store.held import holds, read_header
from coachdesk.store.opening import (
    bring_to_head,
    cannot_open,
    check_writable,
    create_new,
    remove_conversion_leftovers,
)
from coachdesk.store.repository import SqlStore

__all__ = ["COMMAND_WAIT_MS", "SCHEMA_VERSION", "DatabaseKey", "SqlStore", "open_store"]

#: How long a command waits for another program's write lock before it says the database is
#: in use: a command has no window to show that it waits, so it gives up sooner than the app.
COMMAND_WAIT_MS = 2000


def open_store(
    database: Path,
    *,
    key: DatabaseKey | None = None,
    read_only: bool = False,
    hold_checkpoints: bool = False,
    wait_ms: int | None = None,
) -> SqlStore:
    """Open (or, for a writer, create) the database at ``database``, upgraded to head.

    ``key`` opens an encrypted database (see :mod:`coachdesk.store.cipher`); every part of
    the store that opens the file (migrations, backups) is handed the same key from here.
    A plain database ignores it.

    With ``hold_checkpoints`` the file itself is not written until
    :meth:`SqlStore.allow_checkpoints` (changes stay in the -wal): for the time the app's
    ``quick_check`` runs on another thread, so a damaged file is not made worse.

    ``wait_ms``: how long a write waits for another program's lock (the command line's
    :data:`COMMAND_WAIT_MS`); by default as long as the connection's own busy timeout.

    Raises:
        PassphraseNeeded: the database is encrypted and no key was given.
        EncryptionUnavailable: it is encrypted and SQLCipher cannot be loaded here.
        DatabaseRefused: the file is empty, damaged, foreign, newer than this code, or (for
            a reader) missing. The file is left untouched.
        DataDirUnusable: the data dir or the file cannot be written.
    """
    data_dir = database.parent
    if data_dir.exists() and not data_dir.is_dir():
        raise DataDirUnusable(
            _("The data folder {path} is a file, not a folder.").format(path=data_dir)
        )
    encrypted = database.exists() and locked(database) is not None
    if encrypted:
        reason = unavailable_reason()
        if reason is not None:
            raise EncryptionUnavailable(
                _("The database {path} is encrypted, and encryption is {reason}.").format(
                    path=database, reason=reason
                )
            )
        if key is None:
            raise PassphraseNeeded(
                _("The database {path} is encrypted: its passphrase is needed.").format(
                    path=database
                )
            )
    else:
        key = None
    if database.exists():
        refuse_if_its_log_is_missing(database)
        if not encrypted:
            refuse_if_its_key_file_is_missing(database)
            refuse_if_empty_with_backups(database)
            check_header(database)
            if not read_only:  # left by a conversion that stopped before its last step
                set_key_file_aside(database)
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
        set_key_file_aside(database)  # a new database starts unencrypted
        create_new(database)
    if not read_only:
        check_writable(data_dir, database)
        remove_conversion_leftovers(database)
    try:
        # The key was checked against the key file already: a file that does not open with
        # it is damaged, not locked with another passphrase.
        conn = connect(database, key=key, read_only=read_only)
    except errors() as e:
        raise cannot_open(database, e) from e
    try:
        if key is not None:
            check_application_id(conn, database)
        if hold_checkpoints:
            conn.execute("PRAGMA wal_autocheckpoint = 0")
        if wait_ms is not None:
            conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        bring_to_head(conn, database, read_only, key)
    except BaseException:
        conn.close()
        raise
    return SqlStore(conn, database, key, checkpoints_held=hold_checkpoints)


def refuse_if_its_key_file_is_missing(database: Path) -> None:
    """An encrypted database whose key file is gone looks like a damaged one (SQLCipher's
    bytes look random). Where encrypted backups show that this data folder held an encrypted
    database, say so instead of offering a restore that would move the file aside.

    Raises:
        DatabaseRefused: not an SQLite header, and key files of encrypted backups are there.
    """
    from coachdesk.store.backup_files import backup_folder
    from coachdesk.store.cipher import KEY_FILE_SUFFIX, key_file_path

    if holds(database):
        return  # this process opened it, so it was not refused then
    try:
        header = read_header(database, len(SQLITE_MAGIC))
    except OSError:
        return  # check_header names what cannot be read
    if not header or header == SQLITE_MAGIC:
        return
    folder = backup_folder(database)
    copies = sorted(folder.glob(f"*{KEY_FILE_SUFFIX}")) if folder.is_dir() else []
    if copies:
        raise DatabaseRefused(
            _(
                "The database {path} is encrypted, but its key file {key_file} is missing. "
                "coachdesk has left the database untouched. Each encrypted backup in {folder} "
                "has a key file beside it: copy the one of the newest backup to {key_file} "
                "and start coachdesk again."
            ).format(path=database, key_file=key_file_path(database), folder=folder)
        )


def refuse_if_empty_with_backups(database: Path) -> None:
    """An empty database file (a disk that filled, a copy that stopped) beside backups:
    name the newest backup and the way back, rather than only saying it is empty.

    Raises:
        DatabaseDamaged: the file is empty and the backup folder holds backups.
    """
    from coachdesk.domain.errors import DatabaseDamaged
    from coachdesk.store.backup_files import copies_in_folder, taken_at

    try:
        if database.stat().st_size != 0:
            return
    except OSError:
        return  # check_header names what cannot be read
    taken = [
        (when, len(p.name), p.name, p)  # the same second: ...Z.sqlite3, ...Z-2.sqlite3, ...
        for p in copies_in_folder(database)
        if (when := taken_at(p)) is not None
    ]
    if not taken:
        return
    newest = max(taken)[-1]
    raise DatabaseDamaged(
        _(
            "The database file {path} is empty. coachdesk has left it untouched. Its newest "
            "backup is {backup}: to go back to it, run: "
            "coachdesk --data-dir {folder} restore {backup}"
        ).format(path=database, backup=newest, folder=database.parent),
        str(database),
        "empty",
    )


#: The wal-index header in a -shm file (SQLite's file format, "WAL-index format"): version,
#: unused, change counter, is-initialised, big-endian checksums, page size, last valid frame;
#: then, after both 48-byte copies of the header, the frames already copied into the database.
_WAL_INDEX = struct.Struct("=IIIBBHI")
_WAL_INDEX_VERSION = 3007000
_BACKFILLED = struct.Struct("=I")


def refuse_if_its_log_is_missing(database: Path) -> None:
    """A -shm file says changes were committed to the -wal and not yet copied into the
    database, but the -wal is gone (a crash, then a cleaner or a copy that left it out).
    SQLite would open the database without them and say nothing; say it first, while the
    -shm still tells, and leave both files as they are.

    Only when the -wal is missing and no connection of this process holds the database
    (see :mod:`coachdesk.store.held`): then reading the -shm as a file drops no SQLite lock.

    Raises:
        DatabaseRefused: changes are lost unless the -wal file is put back.
    """
    wal, shm = (
        database.with_name(f"{database.name}-wal"),
        database.with_name(f"{database.name}-shm"),
    )
    if wal.exists() or not shm.is_file() or holds(database):
        return
    try:
        header = read_header(shm, 100)
    except OSError:
        return
    if len(header) < 100 or header[:48] != header[48:96]:
        return  # not a whole wal-index: nothing to go by
    version, _unused, _change, initialised, _order, _page, last_frame = _WAL_INDEX.unpack_from(
        header
    )
    (backfilled,) = _BACKFILLED.unpack_from(header, 96)
    if version != _WAL_INDEX_VERSION or not initialised or last_frame <= backfilled:
        return
    raise DatabaseRefused(
        _(
            "The database {path} was not closed properly, and its log file {wal} is missing: "
            "the changes last saved in it are not in the database. If you have that file (a "
            "copy, a sync folder), put it back beside the database. To open the database "
            "without those changes, move {shm} away. coachdesk has left both files as they "
            "are."
        ).format(path=database, wal=wal, shm=shm)
    )
