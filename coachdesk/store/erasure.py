"""Erasing a coachee so that nothing of them can be read back from the database file.

Rows are deleted with ``PRAGMA secure_delete`` on (SQLite overwrites what it frees with
zeros), in one transaction, and then the WAL is checkpointed and truncated, so no old page
stays in the -wal file either. The erasure is first written to the erasure log (uids only),
so it can be applied again to a backup that is restored later (:func:`reapply_erasures`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from coachdesk.domain import erasure
from coachdesk.domain.erasure import BackupsAfterErasure, Erased, ErasurePlan, SessionErasurePlan
from coachdesk.domain.errors import DatabaseRefused, InvalidInput, StoreWriteFailed
from coachdesk.domain.i18n import _
from coachdesk.store.backup_files import copies_in_folder
from coachdesk.store.cipher import KEY_FILE_SUFFIX, DatabaseKey, key_file_path, key_for_copy
from coachdesk.store.connection import errors, inspect, transaction

_SESSIONS = "SELECT id FROM coaching_session WHERE coachee_id = ?"
#: How long an erasure waits for another reader to let go of the -wal file.
_CHECKPOINT_WAIT_MS = 2000


def plan(conn: sqlite3.Connection, coachee_id: int) -> ErasurePlan:
    """What erasing this coachee removes."""
    with transaction(conn, write=False):
        found = conn.execute(
            "SELECT name, note != '' FROM coachee WHERE id = ?", (coachee_id,)
        ).fetchone()
        if found is None:
            raise InvalidInput(_("That coachee is no longer there."))
        sessions = conn.execute(
            "SELECT COUNT(*) FROM coaching_session WHERE coachee_id = ?", (coachee_id,)
        ).fetchone()[0]
        tallies = conn.execute(
            f"SELECT COUNT(*) FROM tally WHERE session_id IN ({_SESSIONS})", (coachee_id,)
        ).fetchone()[0]
        notes = conn.execute(
            f"SELECT COUNT(*) FROM session_note WHERE session_id IN ({_SESSIONS})", (coachee_id,)
        ).fetchone()[0]
    return ErasurePlan(found[0], sessions, tallies, notes + found[1])  # with their own note


def erase(
    conn: sqlite3.Connection,
    coachee_id: int,
    data_dir: Path,
    now_ms: int,
    *,
    open_session_too: bool = False,
) -> Erased:
    """Log the erasure, delete every row of the coachee for good, and fold the WAL away.
    ``open_session_too``: their session left open (by a crash) goes too; only for a caller
    that knows no window is recording in it.

    Raises:
        InvalidInput: no such coachee, or their session is still open.
    """
    with transaction(conn, write=False):
        found = conn.execute("SELECT uid FROM coachee WHERE id = ?", (coachee_id,)).fetchone()
        if found is None:
            raise InvalidInput(_("That coachee is no longer there."))
        if (
            not open_session_too
            and conn.execute(
                "SELECT 1 FROM coaching_session WHERE coachee_id = ? AND ended_at_ms IS NULL",
                (coachee_id,),
            ).fetchone()
        ):
            raise InvalidInput(_("This coachee's session is still open: end it first."))
        sessions = tuple(
            row[0]
            for row in conn.execute(
                "SELECT uid FROM coaching_session WHERE coachee_id = ? ORDER BY id", (coachee_id,)
            )
        )
    erased = Erased(found[0], sessions, now_ms)
    _delete(conn, [coachee_id], logged=(data_dir, erased))
    return erased


def plan_session(conn: sqlite3.Connection, session_id: int) -> SessionErasurePlan:
    """What deleting this one session removes.

    Raises:
        InvalidInput: no such session.
    """
    with transaction(conn, write=False):
        found = conn.execute(
            "SELECT c.name, ("
            "  SELECT COUNT(*) FROM coaching_session e WHERE e.coachee_id = s.coachee_id "
            "  AND (e.started_at_ms < s.started_at_ms "
            "       OR (e.started_at_ms = s.started_at_ms AND e.id <= s.id))), "
            "  s.started_at_ms, "
            "  (SELECT COUNT(*) FROM tally WHERE session_id = s.id), "
            "  (SELECT COUNT(*) FROM session_note WHERE session_id = s.id AND text != ''), "
            "  (SELECT COUNT(*) FROM pause WHERE session_id = s.id), s.uid "
            "FROM coaching_session s JOIN coachee c ON c.id = s.coachee_id WHERE s.id = ?",
            (session_id,),
        ).fetchone()
    if found is None:
        raise InvalidInput(_("That session is no longer there."))
    return SessionErasurePlan(*found)


def erase_session(conn: sqlite3.Connection, session_id: int, data_dir: Path, now_ms: int) -> Erased:
    """Log the deletion, delete the session with its tallies, pauses and notes for good, and
    fold the WAL away, as for a coachee; the coachee and their other sessions stay.

    Raises:
        InvalidInput: no such session, or it is still open.
    """
    with transaction(conn, write=False):
        found = conn.execute(
            "SELECT uid, ended_at_ms IS NULL FROM coaching_session WHERE id = ?", (session_id,)
        ).fetchone()
    if found is None:
        raise InvalidInput(_("That session is no longer there."))
    if found[1]:
        raise InvalidInput(_("This session is still open: end it first."))
    erased = Erased("", (found[0],), now_ms)  # no coachee uid: the coachee stays
    _delete(conn, [], [session_id], logged=(data_dir, erased))
    return erased


def _delete(
    conn: sqlite3.Connection,
    coachee_ids: list[int],
    session_ids: Sequence[int] = (),
    logged: tuple[Path, Erased] | None = None,
) -> None:
    """Delete the coachees with everything of theirs, and single sessions, for good.

    ``logged``: the erasure is written to the log of that data dir once every row is
    deleted, before the COMMIT, so that a committed erasure is always in the log; if the
    COMMIT fails after all, the log line is taken back. A failed erasure leaves no trace.
    """
    before = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    log_size: int | None = None
    try:
        with transaction(conn, write=True):
            for coachee_id in coachee_ids:
                for table in ("session_note", "tally", "pause", "marker", "agreed_action"):
                    conn.execute(
                        f"DELETE FROM {table} WHERE session_id IN ({_SESSIONS})", (coachee_id,)
                    )
                conn.execute("DELETE FROM coaching_session WHERE coachee_id = ?", (coachee_id,))
                conn.execute("DELETE FROM coachee WHERE id = ?", (coachee_id,))
            for sid in session_ids:
                for table in ("session_note", "tally", "pause", "marker", "agreed_action"):
                    conn.execute(f"DELETE FROM {table} WHERE session_id = ?", (sid,))
                conn.execute("DELETE FROM coaching_session WHERE id = ?", (sid,))
            if logged is not None:
                log_size = erasure.append(*logged)
    except BaseException:
        if logged is not None and log_size is not None:
            erasure.take_back(logged[0], log_size)
        raise
    else:
        _empty_the_log(conn)
    finally:
        conn.execute(f"PRAGMA secure_delete = {int(before)}")


def _empty_the_log(conn: sqlite3.Connection) -> None:
    """Fold the WAL into the (now wiped) file and truncate it: the deleted text lives on in the
    -wal file until then. A reader elsewhere can hold it up; SQLite waits for it a while."""
    waited = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {_CHECKPOINT_WAIT_MS}")
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        conn.execute(f"PRAGMA busy_timeout = {int(waited)}")
    if not busy:
        return
    raise StoreWriteFailed(
        _(
            "The coachee was erased from the database, but another program is reading it, so "
            "the log file beside it ({path}-wal) may still hold their text. Close that program; "
            "coachdesk empties the log file when it closes."
        ).format(path=conn.execute("PRAGMA database_list").fetchone()[2])
    )


def reapply_erasures(conn: sqlite3.Connection, data_dir: Path) -> int:
    """Erase again every logged coachee (or session) that is back, as after restoring a backup
    taken before the erasure. Returns how many coachees and sessions were erased again.

    Raises:
        InvalidInput: the erasure log is damaged (nothing was changed).
    """
    uids = erasure.erased_uids(erasure.read_log(data_dir))
    if not uids:
        return 0
    with transaction(conn, write=False):
        coachees = {i for i, uid in conn.execute("SELECT id, uid FROM coachee") if uid in uids}
        sessions = [
            i
            for i, uid, coachee in conn.execute("SELECT id, uid, coachee_id FROM coaching_session")
            if uid in uids and coachee not in coachees
        ]
    if coachees or sessions:
        _delete(conn, sorted(coachees), sessions)
    return len(coachees) + len(sessions)


def backups(data_dir: Path, database: Path) -> list[Path]:
    """Every copy of the database coachdesk keeps: the backups and the copies kept before a
    restore (named as :mod:`coachdesk.store.backup` names them, in its backup folder, not in
    its subfolders), and the copies taken before a schema upgrade, beside the database.

    Nothing else: a file of the coach's own, or a backup still being written, is no copy.
    ``data_dir`` is the database's folder (the backup folder is found from the database).
    """
    del data_dir  # the backup folder lies beside the database, as backup_folder() says
    found = sorted(
        p
        for p in database.parent.glob(f"{database.name}.before-schema-*")
        if p.is_file() and not p.name.endswith(("-wal", "-shm", "-journal", KEY_FILE_SUFFIX))
    )
    return found + copies_in_folder(database)


def _holds(path: Path, database: Path, uids: tuple[str, ...], key: DatabaseKey | None) -> bool:
    """Whether the copy holds any of ``uids``.

    Raises:
        DatabaseRefused: encrypted under another passphrase.
        sqlite3.Error (or SQLCipher's): it cannot be read.
    """
    conn = inspect(path, key_for_copy(path, database, key))
    try:
        marks = ",".join("?" * len(uids))
        hit = conn.execute(
            f"SELECT 1 FROM coachee WHERE uid IN ({marks}) UNION ALL "
            f"SELECT 1 FROM coaching_session WHERE uid IN ({marks}) LIMIT 1",
            (*uids, *uids),
        ).fetchone()
    finally:
        conn.close()
    return hit is not None


def backups_after(
    data_dir: Path, database: Path, erased: Erased, key: DatabaseKey | None = None
) -> BackupsAfterErasure:
    """The backups that still hold the erased coachee (those to purge) and those that could
    not be read to tell. An encrypted backup is read with ``key`` when it is encrypted as the
    database is; a damaged file is never deleted, only named."""
    holding: list[Path] = []
    unreadable: list[Path] = []
    uids = tuple(u for u in (erased.coachee_uid, *erased.session_uids) if u)
    for path in backups(data_dir, database):
        try:
            if _holds(path, database, uids, key):
                holding.append(path)
        except errors():
            unreadable.append(path)  # damaged
        except DatabaseRefused:
            unreadable.append(path)  # encrypted with another passphrase
    return BackupsAfterErasure(holding, unreadable)


def purge(files: list[Path]) -> None:
    """Delete these backup files, and any -wal or -shm beside them."""
    for path in files:
        for part in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), key_file_path(path)):
            part.unlink(missing_ok=True)
