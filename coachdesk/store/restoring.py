"""Restoring a backup: a verified copy put in place of the database, with the erasures made
since applied to it first, and the current data kept (or, when damaged, moved aside)."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.domain.errors import BackupFailed, BackupRefused
from coachdesk.domain.i18n import _
from coachdesk.domain.model import BackupInfo, Restored
from coachdesk.domain.private_files import fsync_path, sync_folder
from coachdesk.store import cipher
from coachdesk.store.backup import (
    check_database,
    copy_into,
    failed,
    fold_wal,
    key_of,
    make_backup,
    private_temp,
    require_sole_user,
    table_counts_of,
    unique_target,
    verify,
)
from coachdesk.store.backup_files import STAMP, backup_folder, before_restore_name
from coachdesk.store.cipher import DatabaseKey
from coachdesk.store.connection import connect, errors, inspect
from coachdesk.store.erasure import reapply_erasures


def after_restore(conn: sqlite3.Connection, data_dir: Path) -> None:
    """Called in every restore, with a connection to the restored copy before it takes the
    database's place, and the data dir: erasures made after the backup was taken are
    applied again."""

    reapply_erasures(conn, data_dir)


def move_aside(database: Path, now: datetime | None = None) -> Path:
    """Move a damaged database and its -wal and -shm to a timestamped name beside it.

    Nothing is deleted or overwritten: the name gets a number if it is taken.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime(STAMP)
    for n in range(1, 1000):
        aside = database.with_name(
            f"{database.name}.damaged-{stamp}Z" + ("" if n == 1 else f"-{n}")
        )
        if not any(Path(f"{aside}{s}").exists() for s in ("", "-wal", "-shm")):
            break
    else:
        raise BackupFailed(_("Too many damaged files beside {path}.").format(path=database))
    for suffix in ("-wal", "-shm"):  # first: an old -wal must never meet the restored file
        side = Path(f"{database}{suffix}")
        if side.exists():
            os.rename(side, f"{aside}{suffix}")
    os.rename(database, aside)
    sync_folder(database.parent)
    return aside


def restore(
    backup: Path, database: Path, *, now: datetime | None = None, key: DatabaseKey | None = None
) -> Restored:
    """Put a verified copy of ``backup`` in place of ``database``.

    The erasures logged since are applied to the copy before it takes the database's place,
    so an erased coachee is never back, not even for a moment. The current data is kept
    first when it is readable (``coachdesk-...Z.before-restore.sqlite3`` in the backup
    folder, outside the rotation); a damaged file is moved aside with a timestamp instead.
    No other program may hold the database open. ``key``: the database is encrypted; a
    backup encrypted under its key file is restored encrypted, and a plain backup leaves the
    database plain (its key file is set aside, never deleted).

    Raises:
        BackupRefused: ``backup`` is not a verified coachdesk backup, or is encrypted under
            another passphrase; nothing was changed.
        InvalidInput: the erasure log is damaged; nothing was changed.
        BackupFailed: the database is in use or could not be read, or the copy could not be
            written; the current database is as it was.
    """
    from coachdesk.domain.erasure import read_log  # imported when used: not at the app's start

    if database.exists() and backup.exists() and backup.samefile(database):
        raise BackupRefused(
            _("{path} is the database itself, not a backup of it. Nothing was changed.").format(
                path=backup
            )
        )
    copy_key = key_of(backup, database, key)
    info = verify(backup, key=copy_key)
    data_dir = database.parent
    read_log(data_dir)  # a damaged log refuses here, before anything changes
    damaged = False
    if database.exists():
        damaged = bool(check_database(database, key))  # in use, unreadable: BackupFailed
        if not damaged:
            require_sole_user(database, key)
    database.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = private_temp(database)
    try:
        source = inspect(backup, copy_key)
        try:
            copy_into(source, tmp, copy_key)
        finally:
            source.close()
        verify(tmp, expected=table_counts_of(backup, copy_key), key=copy_key)
        _erase_again(tmp, copy_key, data_dir)
        kept: BackupInfo | None = None
        aside: Path | None = None
        if database.exists():
            if damaged:
                aside = move_aside(database, now)
                if key is not None:  # the damaged file keeps the key file it needs
                    cipher.copy_key_file(database, aside)
            else:
                kept = make_backup(database, _before_restore_target(database, now), key=key)
                fold_wal(database, key)
        os.replace(tmp, database)
        sync_folder(database.parent)
        if copy_key is None:
            cipher.set_key_file_aside(database)  # the database is plain now
    except errors() as e:
        raise failed(database, str(e)) from e
    except OSError as e:
        raise failed(database, e.strerror or str(e)) from e
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
    return Restored(info, kept, None if aside is None else str(aside))


def _erase_again(copy: Path, key: DatabaseKey | None, data_dir: Path) -> None:
    """Apply the logged erasures to the restored copy while it is still a temporary file."""
    conn = connect(copy, key=key, wal=False)  # it stays one plain file, as _copy made it
    try:
        after_restore(conn, data_dir)
    finally:
        conn.close()
    fsync_path(copy)
    verify(copy, key=key)


def _before_restore_target(database: Path, now: datetime | None) -> Path:
    folder = backup_folder(database)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return unique_target(folder, now or datetime.now(UTC), before_restore_name)
