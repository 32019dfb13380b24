"""Backups: made in one step and verified before they count (restoring one is
:mod:`coachdesk.store.restoring`, their names :mod:`coachdesk.store.backup_files`).

A backup is written with SQLite's online backup API in a single step (a paged backup can
stall for ever under a live writer) into a private temporary file beside its target, synced,
verified (``quick_check``, our ``application_id``, and the row count of every table equal to
the source's as read in the same read transaction) and only then renamed into place. A
source that fails its own ``quick_check`` is never backed up, so a damaged database never
pushes a good backup out of the rotation.

Every connection goes through :mod:`coachdesk.store.connection`. The backup of an encrypted
database is encrypted with the same key, and its key file is copied beside it
(``coachdesk-...sqlite3.cipher``): every function here takes the database's key, and opens a
backup with it only when the backup is encrypted under the same key file
(:func:`coachdesk.store.cipher.key_for_copy`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from coachdesk.domain.errors import BackupFailed, BackupRefused, DamagedSource, DatabaseRefused
from coachdesk.domain.i18n import _
from coachdesk.domain.model import BackupInfo
from coachdesk.domain.private_files import fsync_path, new_private_file, sync_folder
from coachdesk.domain.rotation import Policy, to_delete
from coachdesk.store import cipher
from coachdesk.store.backup_files import backup_folder, backup_name, taken_at
from coachdesk.store.cipher import DatabaseKey, key_file_path, key_for_copy
from coachdesk.store.connection import (
    connect,
    database_errors,
    errors,
    inspect,
    operational_errors,
    reader,
)
from coachdesk.store.header import APPLICATION_ID, SCHEMA_VERSION, check_header, has_plain_header

#: SQLite's result codes for a file another connection holds (SQLITE_BUSY, SQLITE_LOCKED).
_IN_USE_CODES = (5, 6)


# -- checking ---------------------------------------------------------------------------


def problems(conn: sqlite3.Connection) -> list[str]:
    """What ``quick_check`` finds, plus a wrong ``application_id``; empty if all is well."""
    try:
        found = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    except database_errors() as e:
        if isinstance(e, operational_errors()):  # locked, I/O: not a finding about the file
            raise
        return [str(e)]
    if found == ["ok"]:
        found = []
    if int(conn.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
        found.append(_("the file is not marked as a coachdesk database"))
    return found


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]) for name in names
    }


def check_database(database: Path, key: DatabaseKey | None = None) -> list[str]:
    """What is wrong with the live database file (``quick_check``, its marking; with ``key``,
    that it opens with it); empty if nothing.

    Reads only. It runs beside the app's own connection, whose locks a plain ``open()`` of the
    file would drop (see :mod:`coachdesk.store.held`): while that is open, only SQLite reads
    the file. Its connection is read-only, so closing it never folds a -wal into a file that
    may be damaged.

    Raises:
        BackupFailed: the file is in use (locked, busy) or could not be read (I/O): that
            says nothing about the file, so it is no finding.
    """
    try:
        _check_file(database, key)  # not read while this process holds it: see there
    except DatabaseRefused as e:
        return [str(e)]
    conn: sqlite3.Connection | None = None
    try:
        conn = reader(database, key)
        return problems(conn)
    except operational_errors() as e:  # locked, I/O: nothing is known about the file
        raise _unreadable(database, e) from e
    except errors() as e:
        return [str(e)]
    finally:
        if conn is not None:
            conn.close()


def _in_use(error: Exception) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _IN_USE_CODES
    text = str(error).lower()  # SQLCipher's errors may not carry the code
    return "locked" in text or "busy" in text


def _unreadable(database: Path, error: Exception) -> BackupFailed:
    """Why the file could not be checked: not a finding about it."""
    if _in_use(error):
        return BackupFailed(
            _(
                "The database {path} is in use by another program (or another coachdesk); "
                "quit it first. Nothing was changed."
            ).format(path=database)
        )
    return BackupFailed(
        _(
            "The database {path} could not be read to check it: {error}. Nothing was changed."
        ).format(path=database, error=error)
    )


def require_sole_user(database: Path, key: DatabaseKey | None) -> None:
    """Refuse when any other connection has the (healthy) database open, even idle: a file
    put in its place would be written through that connection's old handle.

    Raises:
        BackupFailed: it is in use.
    """
    try:
        conn = connect(database, key=key)
    except errors() as e:
        raise _unreadable(database, e) from e
    try:
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")  # every other connection holds a lock
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        conn.execute("ROLLBACK")
    except errors() as e:
        raise _unreadable(database, e) from e
    finally:
        conn.close()


def _check_file(path: Path, key: DatabaseKey | None) -> None:
    """The header check of a plain file; an encrypted one must at least not be plain. A file
    this process holds open through SQLite is not read (it passed when it was opened; see
    :mod:`coachdesk.store.held`): the ``quick_check`` that follows goes through SQLite."""
    if key is None:
        check_header(path)
    elif has_plain_header(path):
        raise DatabaseRefused(
            _("The file {path} is not encrypted, though its key file says so.").format(path=path)
        )


def _info(path: Path, counts: dict[str, int], moment: datetime | None = None) -> BackupInfo:
    when = moment or taken_at(path) or datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return BackupInfo(
        path=str(path),
        taken_at_ms=int(when.timestamp() * 1000),
        coachees=counts.get("coachee", 0),
        sessions=counts.get("coaching_session", 0),
        tallies=counts.get("tally", 0),
        size_bytes=path.stat().st_size,
    )


def verify(
    path: Path, expected: dict[str, int] | None = None, key: DatabaseKey | None = None
) -> BackupInfo:
    """Check a backup file and say what it holds; never changes the file.

    Raises:
        BackupRefused: it is not a whole coachdesk backup this coachdesk can restore.
    """

    def refuse(reason: str) -> BackupRefused:
        return BackupRefused(
            _("{path} is not a verified coachdesk backup: {reason}. Nothing was changed.").format(
                path=path, reason=reason.rstrip(".")
            )
        )

    try:
        _check_file(path, key)
    except DatabaseRefused as e:
        raise refuse(str(e)) from e
    try:
        conn = inspect(path, key)
    except errors() as e:
        raise refuse(str(e)) from e
    try:
        found = problems(conn)
        if found:
            raise refuse("; ".join(found[:3]))
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if not 1 <= version <= SCHEMA_VERSION:
            raise refuse(
                _("it has schema {n}, this coachdesk knows 1 to {ours}").format(
                    n=version, ours=SCHEMA_VERSION
                )
            )
        counts = table_counts(conn)
        if expected is not None and counts != expected:
            raise refuse(_("its rows differ from the database it was made from"))
        if "tally" not in counts:
            raise refuse(_("it holds no coachdesk tables"))
    except errors() as e:
        raise refuse(str(e)) from e
    finally:
        conn.close()
    return _info(path, counts)


def describe(path: Path, key: DatabaseKey | None = None) -> BackupInfo | None:
    """What a backup holds, without the full check (for lists); None if it cannot be read."""
    try:
        conn = inspect(path, key)
        try:
            return _info(path, table_counts(conn))
        finally:
            conn.close()
    except errors():
        return None
    except OSError:
        return None


def key_of(path: Path, database: Path, key: DatabaseKey | None) -> DatabaseKey | None:
    """The key that opens the backup ``path`` (None: it is plain).

    Raises:
        BackupRefused: it is encrypted under another passphrase than the database.
    """
    try:
        return key_for_copy(path, database, key)
    except DatabaseRefused as e:
        raise BackupRefused(str(e)) from e


def _readable(path: Path, database: Path, key: DatabaseKey | None) -> BackupInfo | None:
    try:
        return describe(path, key_of(path, database, key))
    except BackupRefused:
        return None


def list_backups(database: Path, key: DatabaseKey | None = None) -> list[BackupInfo]:
    """The backups in the backup folder, newest first, with what each holds."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    found = [
        info
        for path in folder.iterdir()
        if taken_at(path) is not None and (info := _readable(path, database, key)) is not None
    ]
    # Within one second: ...Z.sqlite3, then ...Z-2.sqlite3, ...Z-3.sqlite3 (longer names later).
    return sorted(
        found, key=lambda i: (i.taken_at_ms, len(Path(i.path).name), i.path), reverse=True
    )


def newest_good_backup(database: Path, key: DatabaseKey | None = None) -> BackupInfo | None:
    """The newest backup that passes :func:`verify`, if any."""
    for info in list_backups(database, key):
        path = Path(info.path)
        try:
            return verify(path, key=key_of(path, database, key))
        except BackupRefused:
            continue
    return None


# -- making -----------------------------------------------------------------------------


def private_temp(beside: Path) -> Path:
    return new_private_file(beside.with_name(f".{beside.name}.partial-{os.urandom(4).hex()}"))


def copy_into(source: sqlite3.Connection, tmp: Path, key: DatabaseKey | None = None) -> None:
    """Copy ``source`` into ``tmp`` in one step, as one plain file (no -wal), synced. With
    ``key`` (the source's), the copy is encrypted with it: both ends are SQLCipher's."""
    target = connect(tmp, key=key, wal=False)
    try:
        source.backup(target, pages=-1)  # one step: a paged copy can stall under a writer
        target.execute("PRAGMA journal_mode = DELETE")
    finally:
        target.close()
    fsync_path(tmp)


def unique_target(
    folder: Path, moment: datetime, name: Callable[[datetime, int], str] = backup_name
) -> Path:
    for n in range(1, 1000):
        target = folder / name(moment, n)
        if not target.exists():
            return target
    raise BackupFailed(_("Too many backups in {path} at once.").format(path=folder))


def make_backup(
    database: Path,
    out: Path | None = None,
    *,
    now: datetime | None = None,
    key: DatabaseKey | None = None,
) -> BackupInfo:
    """A verified backup of ``database``: into ``out``, or a new timestamped file in the
    backup folder.

    Raises:
        BackupFailed: the database fails its own check, or the copy could not be written
            or verified. Nothing that existed was changed.
    """
    moment = now or datetime.now(UTC)
    if out is None:
        folder = backup_folder(database)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        out = unique_target(folder, moment)
    try:
        _check_file(database, key)  # not read while this process holds it: see there
        source = connect(database, key=key, read_only=True)  # a foreign file is never written
    except DatabaseRefused as e:
        raise _damaged_source(database, [str(e)]) from e
    except operational_errors() as e:
        raise failed(database, str(e)) from e
    except errors() as e:  # with a key, a file that is not encrypted with it
        raise _damaged_source(database, [str(e)]) from e
    tmp: Path | None = None
    try:
        source.execute("BEGIN")  # one snapshot for the check, the counts and the copy
        found = problems(source)
        if found:
            raise _damaged_source(database, found)
        version = int(source.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:  # its copy would fail the check every backup must pass
            raise failed(
                database,
                _(
                    "it was made by a newer coachdesk (schema {n}); this coachdesk knows "
                    "schema 1 to {ours}. Update coachdesk to back it up."
                ).format(n=version, ours=SCHEMA_VERSION),
            )
        counts = table_counts(source)
        tmp = private_temp(out)
        copy_into(source, tmp, key)
        source.execute("COMMIT")
        verify(tmp, expected=counts, key=key)
        if key is not None:  # first: an encrypted backup is never without its key file
            key_file = cipher.read_key_file(database)
            assert key_file is not None
            cipher.write_key_file(out, key_file)
        os.replace(tmp, out)
        tmp = None
        sync_folder(out.parent)
    except BackupRefused as e:
        raise failed(database, str(e)) from e
    except errors() as e:
        raise failed(database, str(e)) from e
    except OSError as e:
        raise failed(database, e.strerror or str(e)) from e
    finally:
        source.close()
        if tmp is not None:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}-journal").unlink(missing_ok=True)
    return _info(out, counts, moment if taken_at(out) is None else None)


def _damaged_source(database: Path, found: list[str]) -> DamagedSource:
    return DamagedSource(
        _(
            "No backup of {path} was made: it fails its check ({found}), and a damaged copy "
            "must not push a good backup out."
        ).format(path=database, found="; ".join(f.splitlines()[0] for f in found[:3] if f))
    )


def failed(database: Path, reason: str) -> BackupFailed:
    return BackupFailed(
        _("No backup of {path} was made: {reason}").format(path=database, reason=reason)
    )


def prune(database: Path, policy: Policy) -> list[Path]:
    """Delete the backups in the backup folder that the rotation lets go; return them.

    Only files named as coachdesk names its backups are considered; nothing else in the
    folder is touched.
    """
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    by_moment: dict[datetime, list[Path]] = {}
    for path in folder.iterdir():
        moment = taken_at(path)
        if moment is not None:
            by_moment.setdefault(moment.astimezone(), []).append(path)  # local calendar
    gone: list[Path] = []
    for moment in to_delete(by_moment, policy):
        for path in by_moment[moment]:
            path.unlink(missing_ok=True)
            key_file_path(path).unlink(missing_ok=True)
            gone.append(path)
    return gone


# -- restoring --------------------------------------------------------------------------


def table_counts_of(path: Path, key: DatabaseKey | None = None) -> dict[str, int]:
    conn = inspect(path, key)
    try:
        return table_counts(conn)
    finally:
        conn.close()


def fold_wal(database: Path, key: DatabaseKey | None = None) -> None:
    """Fold the -wal into the file and remove it, so it can never meet another file."""
    conn = connect(database, key=key)
    try:
        busy, _log, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy:
            raise BackupFailed(
                _("The database {path} is in use; quit coachdesk first.").format(path=database)
            )
    finally:
        conn.close()
    for suffix in ("-wal", "-shm"):  # empty now, and they must never meet another file
        Path(f"{database}{suffix}").unlink(missing_ok=True)
