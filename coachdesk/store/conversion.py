"""Turning encryption on and off: the database is rewritten whole, never changed in place.

The steps, each of which leaves either the old or the new file complete if the process dies:

1. A verified backup of the database as it is goes to ``backups/``
   (:func:`coachdesk.store.backup.make_backup`), before anything else.
2. ``sqlcipher_export`` writes the converted database to a temporary file beside it.
3. That file is synced and checked (``quick_check``, ``cipher_integrity_check`` when
   encrypted, schema version, mark, row counts equal to the source).
4. Turning on: the key file is put in place. A plain database beside a key file is read as
   plain (see :func:`coachdesk.store.cipher.locked`), so a stop here changes nothing.
5. The temporary file replaces the database in one rename.
6. Turning off: the key file goes (the backup of step 1 keeps a copy of its own).

The caller makes sure nothing else has the database open: the app closes its store first, the
command line holds the instance lock.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coachdesk.domain.errors import (
    BackupFailed,
    DatabaseRefused,
    EncryptionUnavailable,
    InvalidInput,
)
from coachdesk.domain.i18n import _
from coachdesk.domain.private_files import fsync_path, new_private_file, sync_folder
from coachdesk.store import cipher
from coachdesk.store.backup import make_backup, require_sole_user
from coachdesk.store.connection import cipher_connect, connect, errors
from coachdesk.store.header import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    check_application_id,
    check_header,
    has_plain_header,
    user_version,
)
from coachdesk.store.opening import remove_conversion_leftovers


@dataclass(frozen=True, slots=True)
class Converted:
    """What a conversion did: the checked copy it took first, and the rows it carried."""

    backup: Path
    rows: int
    key: cipher.DatabaseKey | None


def encrypt(
    database: Path, passphrase: str, *, iterations: int = cipher.DEFAULT_ITERATIONS
) -> Converted:
    """Encrypt the plain database at ``database`` with ``passphrase``.

    Raises:
        EncryptionUnavailable: SQLCipher cannot be loaded here.
        InvalidInput: it is encrypted already, or a session is still running.
        DatabaseRefused: the database is not one we may open, or a check failed (the
            database is then as it was).
    """
    _require_cipher()
    if cipher.locked(database) is not None:
        raise InvalidInput(_("The database {path} is encrypted already.").format(path=database))
    check_header(database)
    key_file, key = cipher.new_key(passphrase, iterations)
    rows, backup = _convert(database, None, key, lambda: cipher.write_key_file(database, key_file))
    return Converted(backup, rows, key)


def decrypt(database: Path, key: cipher.DatabaseKey) -> Converted:
    """Turn the encrypted database at ``database`` (opened with ``key``) back into plain SQLite.

    Raises: as :func:`encrypt`.
    """
    _require_cipher()
    if cipher.locked(database) is None:
        raise InvalidInput(_("The database {path} is not encrypted.").format(path=database))
    rows, backup = _convert(database, key, None, lambda: None)
    cipher.key_file_path(database).unlink(missing_ok=True)
    sync_folder(database.parent)
    return Converted(backup, rows, None)


def _require_cipher() -> None:
    reason = cipher.unavailable_reason()
    if reason is not None:
        raise EncryptionUnavailable(_("Encryption is {reason}.").format(reason=reason))


def _convert(
    database: Path,
    source_key: cipher.DatabaseKey | None,
    target_key: cipher.DatabaseKey | None,
    before_replace: Callable[[], None],
) -> tuple[int, Path]:
    remove_conversion_leftovers(database)
    _sole_user(database, source_key)  # before a backup is made for nothing
    tmp = new_private_file(database.with_name(f".{database.name}.convert-{secrets.token_hex(4)}"))
    try:
        try:
            conn = connect(database, key=source_key) if source_key else _plain_cipher(database)
            try:
                _check_source(conn, database)
                # A verified backup, in the rotation like any other (encrypted if the
                # database is): the rotation lets a plain one go in time.
                backup = Path(make_backup(database, key=source_key).path)
                counts = _export(conn, tmp, target_key)
            finally:
                conn.close()  # the last connection folds the WAL into the file and removes it
            fsync_path(tmp)
            _verify(tmp, target_key, counts)
        except errors() as e:
            raise DatabaseRefused(
                _("Converting {path} failed, and it was left as it was: {error}").format(
                    path=database, error=e
                )
            ) from e
        wal = Path(f"{database}-wal")
        if wal.exists() and wal.stat().st_size > 0:  # someone else still has it open
            raise DatabaseRefused(
                _(
                    "The database {path} is in use by another program; it was left as it was."
                ).format(path=database)
            )
        # Also one that holds it open without having written (an empty -wal): its next
        # write would go to the file this one replaces, and be lost.
        _sole_user(database, source_key)
        before_replace()
        os.replace(tmp, database)
        sync_folder(database.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return sum(counts.values()), backup


def _sole_user(database: Path, key: cipher.DatabaseKey | None) -> None:
    """Refuse while any other program has the database open.

    Raises:
        DatabaseRefused: it does; nothing was changed.
    """
    try:
        require_sole_user(database, key)
    except BackupFailed as e:
        raise DatabaseRefused(str(e)) from e


def _plain_cipher(database: Path) -> sqlite3.Connection:
    conn = cipher_connect(database)  # sqlcipher_export lives in SQLCipher only
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_source(conn: sqlite3.Connection, database: Path) -> None:
    check_application_id(conn, database)
    if user_version(conn) != SCHEMA_VERSION:
        raise DatabaseRefused(
            _("The database {path} needs an upgrade first: start coachdesk once.").format(
                path=database
            )
        )
    running = conn.execute("SELECT 1 FROM coaching_session WHERE ended_at_ms IS NULL LIMIT 1")
    if running.fetchone() is not None:
        raise InvalidInput(
            _("A session is still running: end it before turning encryption on or off.")
        )


def row_counts(conn: sqlite3.Connection, schema: str = "main") -> dict[str, int]:
    """Rows per table: the same before and after a conversion, or it did not happen."""
    names = conn.execute(
        f"SELECT name FROM {schema}.sqlite_master "
        "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return {
        name: int(conn.execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0])
        for (name,) in names
    }


def _export(conn: sqlite3.Connection, tmp: Path, key: cipher.DatabaseKey | None) -> dict[str, int]:
    conn.execute(
        "ATTACH DATABASE ? AS converted KEY ?", (str(tmp), key.pragma_value() if key else "")
    )
    try:
        conn.execute("SELECT sqlcipher_export('converted')")
        # sqlcipher_export copies schema and rows, not the header fields.
        conn.execute(f"PRAGMA converted.user_version = {int(user_version(conn))}")
        conn.execute(f"PRAGMA converted.application_id = {APPLICATION_ID}")
        counts = row_counts(conn)
        if row_counts(conn, "converted") != counts:
            raise DatabaseRefused(_("The converted copy does not hold every row."))
    finally:
        conn.execute("DETACH DATABASE converted")
    return counts


def _verify(path: Path, key: cipher.DatabaseKey | None, counts: dict[str, int]) -> None:
    """Open ``path`` as the app will and check it whole; raise if anything differs."""
    if (key is None) != has_plain_header(path):
        raise DatabaseRefused(_("The converted copy {path} is not as intended.").format(path=path))
    conn = connect(path, key=key, wal=False, read_only=True)
    try:
        check_application_id(conn, path)
        problems = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if key is not None:
            problems += [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
        if problems != ["ok"] or user_version(conn) != SCHEMA_VERSION:
            raise DatabaseRefused(
                _("The copy {path} failed its check: {problems}").format(
                    path=path, problems="; ".join(map(str, problems))
                )
            )
        if row_counts(conn) != counts:
            raise DatabaseRefused(_("The copy {path} does not hold every row.").format(path=path))
    finally:
        conn.close()
