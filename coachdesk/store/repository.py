"""SqlStore: the SQLite implementation of :class:`coachdesk.domain.ports.ReviewStore` (and so of
:class:`~coachdesk.domain.ports.SessionStore`) and, through its mixin, of
:class:`~coachdesk.domain.ports.HistoryStore`.

One connection, held for the life of the store; one short transaction per change, committed
before the method returns. Queries name the tables and columns that ``schema.py`` declares and
the migrations create; ``tests/store`` checks the two agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.domain.errors import (
    DatabaseDamaged,
    DatabaseRefused,
    DataDirUnusable,
    InvalidInput,
    StoreWriteFailed,
)
from coachdesk.domain.i18n import _
from coachdesk.domain.model import (
    MARKER_KEY,
    MARKER_LABEL,
    SESSION_REF_LENGTH,
    SESSION_REF_MIN_LENGTH,
    Coachee,
    CoacheeId,
    Marker,
    MarkerId,
    Pause,
    SchemeRef,
    SessionId,
    SessionRecord,
    SessionSummary,
    Side,
    Tally,
    TallyId,
    TallyKind,
    TallyKindId,
    normal_text,
)
from coachdesk.store.agreed_actions import AgreedActionRecords
from coachdesk.store.connection import (
    BUSY_TIMEOUT_S,
    database_errors,
    errors,
    integrity_errors,
    reader,
    transaction,
)
from coachdesk.store.history import HistoryQueries
from coachdesk.store.opening import cannot_open
from coachdesk.store.records import CoacheeRecords
from coachdesk.store.schemes import SchemeRecords, version_for_session

if TYPE_CHECKING:
    from coachdesk.domain.export import ExportRow
    from coachdesk.store.cipher import DatabaseKey


#: How long a tally waits for another program's write lock before it waits in memory.
TALLY_BUSY_MS = 100


class SqlStore(HistoryQueries, CoacheeRecords, SchemeRecords, AgreedActionRecords):
    """Storage for live sessions, their review, history, and what the command line reads."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        key: DatabaseKey | None = None,
        *,
        checkpoints_held: bool = False,
    ) -> None:
        self.path = path
        self.connection = conn
        #: What opened an encrypted database (None: it is plain): copies of it open with it.
        self.key = key
        #: The file has not passed its start-up check yet: changes stay in the -wal.
        self.checkpoints_held = checkpoints_held

    def close(self) -> None:
        """Close; before the file has passed its check (quitting early), without folding
        the -wal into it: the next start checks it again with the -wal beside it."""
        if self.checkpoints_held:
            self.close_untouched()
        else:
            self.connection.close()

    def close_untouched(self) -> None:
        """Close without folding the -wal into the file, which failed its check: while a
        read-only connection holds the file, closing this one is not the last close, and a
        read-only connection never checkpoints when it closes."""
        guard: sqlite3.Connection | None = None
        try:
            guard = reader(self.path, self.key)
            guard.execute("PRAGMA schema_version").fetchone()
        except errors():
            if guard is not None:
                guard.close()
            guard = None
        try:
            self.connection.close()
        finally:
            if guard is not None:
                guard.close()

    def allow_checkpoints(self) -> None:
        """The file passed its check: let SQLite fold the -wal into it again."""
        self.connection.execute("PRAGMA wal_autocheckpoint = 1000")
        self.checkpoints_held = False

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One consistent read; a file SQLite cannot read becomes a DatabaseRefused."""
        try:
            with transaction(self.connection, write=False) as conn:
                yield conn
        except database_errors() as e:
            explained = cannot_open(self.path, e)
            if isinstance(explained, DatabaseDamaged | DataDirUnusable):  # say so, as opening
                raise explained from e
            raise DatabaseRefused(
                _("Cannot read the database {path}: {error}").format(path=self.path, error=e)
            ) from e

    @contextmanager
    def _write(self, *, busy_ms: int | None = None) -> Iterator[sqlite3.Connection]:
        """One transaction; any failure rolls it back and becomes a StoreWriteFailed.

        ``busy_ms``: how long to wait for another program's write lock, if not the usual.
        """
        if busy_ms is not None:
            self.connection.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        try:
            with transaction(self.connection, write=True) as conn:
                yield conn
        except errors() as e:
            raise StoreWriteFailed(
                _("Could not save to {path}: {error}").format(path=self.path, error=e)
            ) from e
        finally:
            if busy_ms is not None:
                self.connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    # -- reading -----------------------------------------------------------------------

    def tally_kinds(self) -> list[TallyKind]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, key, label, side, position, colour, detail FROM tally_kind "
                "ORDER BY position"
            ).fetchall()
        return [
            TallyKind(TallyKindId(i), key, label, Side(side), position, colour, detail)
            for i, key, label, side, position, colour, detail in rows
        ]

    def coachees(self) -> list[Coachee]:
        """Every coachee, the most recently seen first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT c.id, c.name FROM coachee c "
                "LEFT JOIN (SELECT coachee_id, MAX(started_at_ms) AS at FROM coaching_session "
                "           GROUP BY coachee_id) s ON s.coachee_id = c.id "
                "ORDER BY COALESCE(s.at, c.created_at_ms) DESC, c.id DESC"
            ).fetchall()
        return [Coachee(CoacheeId(i), name) for i, name in rows]

    def open_session(self) -> SessionRecord | None:
        with self._read() as conn:
            found = conn.execute(
                "SELECT id FROM coaching_session WHERE ended_at_ms IS NULL"
            ).fetchone()
            return None if found is None else _session_record(conn, found[0])

    def session_record(self, session_id: SessionId) -> SessionRecord:
        with self._read() as conn:
            return _session_record(conn, session_id)

    def notes(self, session_id: SessionId) -> dict[str, str]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT field, text FROM session_note WHERE session_id = ? ORDER BY field",
                (session_id,),
            ).fetchall()
        return {field: text for field, text in rows}

    def previous_balances(
        self,
        coachee_id: CoacheeId,
        before_started_at_ms: int,
        limit: int = 5,
        min_active_ms: int = 0,
        scheme: str | None = None,
    ) -> list[tuple[int, int]]:
        if limit <= 0:  # SQLite reads a negative LIMIT as "no limit"
            return []
        # Of one scheme only, when given (any version of it): another scheme's parties
        # would make another balance.
        of_scheme = (
            ""
            if scheme is None
            else "AND scheme_version_id IN (SELECT v.id FROM scheme_version v "
            "  JOIN scheme sc ON sc.id = v.scheme_id WHERE sc.key = ?) "
        )
        with self._read() as conn:
            rows = conn.execute(
                "SELECT COALESCE(SUM(k.side = 'coach'), 0), COALESCE(SUM(k.side = 'coachee'), 0) "
                "FROM (SELECT id, started_at_ms FROM coaching_session "
                "      WHERE coachee_id = ? AND ended_at_ms IS NOT NULL AND started_at_ms < ? "
                # counted in figures: history.Counting ANYWAY (2), or RULE (0) and long enough
                "        AND (left_out = 2 OR (left_out = 0 AND active_ms >= ?)) "
                f"       {of_scheme}"
                "      ORDER BY started_at_ms DESC, id DESC LIMIT ?) s "
                "LEFT JOIN tally t ON t.session_id = s.id "
                "LEFT JOIN tally_kind k ON k.id = t.kind_id "
                "GROUP BY s.id, s.started_at_ms "
                "ORDER BY s.started_at_ms, s.id",
                (
                    coachee_id,
                    before_started_at_ms,
                    min_active_ms,
                    *(() if scheme is None else (scheme,)),
                    limit,
                ),
            ).fetchall()
        return [(coach, coachee) for coach, coachee in rows]

    def sessions_of(self, coachee_id: CoacheeId) -> list[SessionSummary]:
        with self._read() as conn:
            rows = conn.execute(
                f"{_SUMMARY_SELECT} WHERE s.coachee_id = ? {_NEWEST_FIRST}", (coachee_id,)
            ).fetchall()
        return [_summary(*row) for row in rows]

    def export_rows(self) -> Generator[ExportRow, None, None]:
        """Every tally event, by session start and then by order of recording; after a
        session's tallies, its marked moments (kind ``moment``, the note as detail)."""
        from coachdesk.domain.export import ExportRow  # csv and json: not when the window opens

        with self._read() as conn:
            labels = _scheme_labels(conn)
            cursor = conn.execute(
                "SELECT c.name, s.id, s.started_at_ms, k.key, k.label, t.detail, t.offset_ms, "
                "       t.at_ms, s.uid, s.scheme_version_id, k.kind_key, "
                "       s.started_at_ms AS o1, s.id AS o2, 0 AS o3, t.id AS o4 "
                "FROM tally t JOIN coaching_session s ON s.id = t.session_id "
                "JOIN coachee c ON c.id = s.coachee_id JOIN tally_kind k ON k.id = t.kind_id "
                "UNION ALL "
                "SELECT c.name, s.id, s.started_at_ms, ?, ?, NULLIF(m.note, ''), m.offset_ms, "
                "       m.at_ms, s.uid, NULL, NULL, s.started_at_ms, s.id, 1, m.id "
                "FROM marker m JOIN coaching_session s ON s.id = m.session_id "
                "JOIN coachee c ON c.id = s.coachee_id "
                "ORDER BY o1, o2, o3, o4",
                (MARKER_KEY, MARKER_LABEL),
            )
            while batch := cursor.fetchmany(2000):
                for name, sid, started, key, label, detail, offset, at, uid, ver, kind in (
                    row[:11] for row in batch
                ):
                    # A kind as the session's scheme version names it (in both languages).
                    shown = labels.get((ver, kind), label)
                    yield ExportRow(name, sid, started, key, shown, detail, offset, at, uid)

    def find_session(self, given: str) -> SessionId:
        """The session a coach named: by its number in this database, or by its reference
        (the start of its uid, the same on every machine; see :func:`session_ref`).

        A text of digits shorter than a reference is a number; anything else is a reference
        (a number of reference length that fits no reference is a number again).

        Raises:
            InvalidInput: the text names no session, or fits several references.
        """
        text = given.strip().lower().replace("-", "")
        if text.isdigit() and len(text) < SESSION_REF_LENGTH:
            return self._session_numbered(int(text))
        if len(text) < SESSION_REF_MIN_LENGTH or text.strip(_HEX):
            raise InvalidInput(
                _(
                    "{given} is neither a session number nor a session reference (such as "
                    "3f2a9c1e, as the review and the exports show it)."
                ).format(given=given.strip())
            )
        with self._read() as conn:
            found = conn.execute(
                "SELECT id FROM coaching_session "
                "WHERE substr(replace(lower(uid), '-', ''), 1, ?) = ? ORDER BY id LIMIT 2",
                (len(text), text),
            ).fetchall()
        if len(found) == 1:
            return SessionId(found[0][0])
        if found:
            raise InvalidInput(
                _("More than one session has a reference starting {ref}: give all of it.").format(
                    ref=text
                )
            )
        if text.isdigit():
            return self._session_numbered(int(text))
        raise InvalidInput(_("There is no session with the reference {ref}.").format(ref=text))

    def _session_numbered(self, number: int) -> SessionId:
        with self._read() as conn:
            found = conn.execute(
                "SELECT id FROM coaching_session WHERE id = ?", (number,)
            ).fetchone()
        if found is None:
            raise InvalidInput(_("There is no session {id}.").format(id=number))
        return SessionId(found[0])

    # -- writing -----------------------------------------------------------------------

    def coachee_named(self, name: str, created_at_ms: int) -> Coachee:
        """The coachee of this name (as :func:`~coachdesk.domain.recorder.validate_coachee_name`
        gives it: in NFC), added if there is none. A name stored before names were
        normalised is found by its NFC form too."""
        with self._write() as conn:
            found = conn.execute("SELECT id FROM coachee WHERE name = ?", (name,)).fetchone()
            if found is not None:
                return Coachee(CoacheeId(found[0]), name)
            for cid, stored in conn.execute("SELECT id, name FROM coachee"):
                if normal_text(stored) == name:
                    return Coachee(CoacheeId(cid), stored)
            cursor = conn.execute(
                "INSERT INTO coachee (uid, name, created_at_ms) VALUES (?, ?, ?)",
                (_new_uid(), name, created_at_ms),
            )
        return Coachee(CoacheeId(_new_id(cursor)), name)

    def start_session(
        self,
        coachee_id: CoacheeId,
        started_at_ms: int,
        planned_minutes: int | None,
        scheme: SchemeRef | None = None,
    ) -> SessionId:
        try:
            with self._write() as conn:
                # Without a scheme, the column's default: the Balance scheme's first version.
                chosen = (
                    ()
                    if scheme is None
                    else (version_for_session(conn, scheme.key, scheme.version),)
                )
                cursor = conn.execute(
                    "INSERT INTO coaching_session (uid, coachee_id, started_at_ms, "
                    "planned_minutes, active_ms"
                    + (
                        ", scheme_version_id) VALUES (?, ?, ?, ?, 0, ?)"
                        if chosen
                        else ") VALUES (?, ?, ?, ?, 0)"
                    ),
                    (_new_uid(), coachee_id, started_at_ms, planned_minutes, *chosen),
                )
        except StoreWriteFailed as e:
            if isinstance(e.__cause__, integrity_errors()):
                raise StoreWriteFailed(
                    _("Another session is still open; end it before starting a new one.")
                ) from e
            raise
        return SessionId(_new_id(cursor))

    def add_tally(
        self,
        session_id: SessionId,
        kind_id: TallyKindId,
        offset_ms: int,
        at_ms: int,
        detail: str | None,
    ) -> TallyId:
        # Another program holding the write lock must not hang the key press: after a moment
        # the tally waits in memory and is retried (see coachdesk.domain.recorder).
        with self._write(busy_ms=TALLY_BUSY_MS) as conn:
            cursor = conn.execute(
                "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, kind_id, offset_ms, at_ms, detail),
            )
        return TallyId(_new_id(cursor))

    def delete_tally(self, tally_id: TallyId) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM tally WHERE id = ?", (tally_id,))

    def restore_tally(self, tally: Tally) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO tally (id, session_id, kind_id, offset_ms, at_ms, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    tally.id,
                    tally.session_id,
                    tally.kind_id,
                    tally.offset_ms,
                    tally.at_ms,
                    tally.detail,
                ),
            )

    def update_tally(self, tally_id: TallyId, kind_id: TallyKindId, detail: str | None) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE tally SET kind_id = ?, detail = ? WHERE id = ?",
                (kind_id, detail, tally_id),
            )

    def save_note(self, session_id: SessionId, field: str, text: str, at_ms: int) -> None:
        with self._write() as conn:
            if not text:
                conn.execute(
                    "DELETE FROM session_note WHERE session_id = ? AND field = ?",
                    (session_id, field),
                )
                return
            conn.execute(
                "INSERT INTO session_note (session_id, field, text, updated_at_ms) "
                "VALUES (?, ?, ?, ?) "
                "ON CONFLICT (session_id, field) "
                "DO UPDATE SET text = excluded.text, updated_at_ms = excluded.updated_at_ms",
                (session_id, field, text, at_ms),
            )

    def start_pause(self, session_id: SessionId, offset_ms: int, at_ms: int) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO pause (session_id, offset_ms, started_at_ms) VALUES (?, ?, ?)",
                (session_id, offset_ms, at_ms),
            )
            _raise_checkpoint(conn, session_id, offset_ms)

    def end_pause(self, session_id: SessionId, at_ms: int) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE pause SET ended_at_ms = ? WHERE session_id = ? AND ended_at_ms IS NULL",
                (at_ms, session_id),
            )

    def add_marker(self, session_id: SessionId, offset_ms: int, at_ms: int) -> MarkerId:
        with self._write(busy_ms=TALLY_BUSY_MS) as conn:
            cursor = conn.execute(
                "INSERT INTO marker (session_id, offset_ms, at_ms) VALUES (?, ?, ?)",
                (session_id, offset_ms, at_ms),
            )
        return MarkerId(_new_id(cursor))

    def set_marker_note(self, marker_id: MarkerId, note: str) -> None:
        with self._write() as conn:
            conn.execute("UPDATE marker SET note = ? WHERE id = ?", (note, marker_id))

    def delete_marker(self, marker_id: MarkerId) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM marker WHERE id = ?", (marker_id,))

    def restore_marker(self, marker: Marker) -> None:
        with self._write() as conn:
            conn.execute(
                "INSERT INTO marker (id, session_id, offset_ms, at_ms, note) "
                "VALUES (?, ?, ?, ?, ?)",
                (marker.id, marker.session_id, marker.offset_ms, marker.at_ms, marker.note),
            )

    def settle_gap(
        self,
        session_id: SessionId,
        offset_ms: int,
        shift_ms: int,
        pause: tuple[int, int] | None,
    ) -> None:
        with self._write() as conn:
            if shift_ms:
                for table in ("tally", "pause", "marker"):
                    conn.execute(
                        f"UPDATE {table} SET offset_ms = MAX(?, offset_ms + ?) "
                        "WHERE session_id = ? AND offset_ms > ?",
                        (offset_ms, shift_ms, session_id, offset_ms),
                    )
                conn.execute(
                    "UPDATE coaching_session SET active_ms = MAX(0, active_ms + ?) WHERE id = ?",
                    (shift_ms, session_id),
                )
            if pause is not None:
                conn.execute(
                    "INSERT INTO pause (session_id, offset_ms, started_at_ms, ended_at_ms) "
                    "VALUES (?, ?, ?, ?)",
                    (session_id, offset_ms, *pause),
                )

    def checkpoint(self, session_id: SessionId, active_ms: int) -> None:
        with self._write() as conn:
            _raise_checkpoint(conn, session_id, active_ms)

    def end_session(self, session_id: SessionId, active_ms: int, ended_at_ms: int) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE pause SET ended_at_ms = ? WHERE session_id = ? AND ended_at_ms IS NULL",
                (ended_at_ms, session_id),
            )
            conn.execute(
                "UPDATE coaching_session SET active_ms = ?, ended_at_ms = ? WHERE id = ?",
                (active_ms, ended_at_ms, session_id),
            )


_HEX = "0123456789abcdef"

_SUMMARY_SELECT = (
    "SELECT s.id, s.coachee_id, c.name, s.started_at_ms, s.active_ms, s.ended_at_ms, "
    "  s.number, s.left_out "
    # numbered among the coachee's sessions as the review numbers them
    "FROM (SELECT *, ROW_NUMBER() OVER ("
    "  PARTITION BY coachee_id ORDER BY started_at_ms, id) AS number FROM coaching_session) s "
    "JOIN coachee c ON c.id = s.coachee_id"
)
_NEWEST_FIRST = "ORDER BY s.started_at_ms DESC, s.id DESC"


def _summary(
    session_id: int,
    coachee_id: int,
    name: str,
    started_at_ms: int,
    active_ms: int,
    ended_at_ms: int | None,
    number: int,
    counting: int,
) -> SessionSummary:
    return SessionSummary(
        SessionId(session_id),
        Coachee(CoacheeId(coachee_id), name),
        started_at_ms,
        active_ms,
        ended_at_ms,
        number,
        left_out=counting == 1,  # history.Counting.LEFT_OUT
        counted_anyway=counting == 2,  # history.Counting.ANYWAY
    )


def _new_uid() -> str:
    """A new random UUID, as text (uuid is imported here: with the platform module it pulls
    in, it costs a start about 4 ms before the coachee picker shows)."""
    import uuid

    return str(uuid.uuid4())


def _new_id(cursor: sqlite3.Cursor) -> int:
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def _raise_checkpoint(conn: sqlite3.Connection, session_id: int, active_ms: int) -> None:
    conn.execute(
        "UPDATE coaching_session SET active_ms = ? WHERE id = ? AND active_ms < ?",
        (active_ms, session_id, active_ms),
    )


def _scheme_labels(conn: sqlite3.Connection) -> dict[tuple[int, str], str]:
    """Per scheme version with sessions and kind key: the kind's label in the interface
    language (the exports name a kind as the session's version does)."""
    from coachdesk.domain.scheme_files import parse

    found = {}
    for version_id, document in conn.execute(
        "SELECT id, document FROM scheme_version WHERE id IN "
        "(SELECT DISTINCT scheme_version_id FROM coaching_session)"
    ):
        scheme = parse(document.encode("utf-8"))
        found.update({(version_id, k.key): k.label.shown() for k in scheme.kinds})
    return found


def _session_record(conn: sqlite3.Connection, session_id: int) -> SessionRecord:
    row = conn.execute(
        "SELECT s.coachee_id, c.name, s.started_at_ms, s.planned_minutes, s.active_ms, "
        "       s.ended_at_ms, s.uid, s.left_out "
        "FROM coaching_session s JOIN coachee c ON c.id = s.coachee_id WHERE s.id = ?",
        (session_id,),
    ).fetchone()
    if row is None:
        raise InvalidInput(_("There is no session {id}.").format(id=session_id))
    coachee_id, name, started_at_ms, planned_minutes, active_ms, ended_at_ms, uid, left_out = row
    pauses = conn.execute(
        "SELECT offset_ms, started_at_ms, ended_at_ms FROM pause WHERE session_id = ? ORDER BY id",
        (session_id,),
    ).fetchall()
    tallies = conn.execute(
        "SELECT id, kind_id, offset_ms, at_ms, detail FROM tally WHERE session_id = ? ORDER BY id",
        (session_id,),
    ).fetchall()
    markers = conn.execute(
        "SELECT id, offset_ms, at_ms, note FROM marker WHERE session_id = ? ORDER BY id",
        (session_id,),
    ).fetchall()
    sid = SessionId(session_id)
    return SessionRecord(
        id=sid,
        coachee=Coachee(CoacheeId(coachee_id), name),
        started_at_ms=started_at_ms,
        planned_minutes=planned_minutes,
        active_ms=active_ms,
        ended_at_ms=ended_at_ms,
        pauses=tuple(Pause(*p) for p in pauses),
        tallies=tuple(
            Tally(TallyId(i), sid, TallyKindId(kind), offset, at, detail)
            for i, kind, offset, at, detail in tallies
        ),
        uid=uid,
        left_out=left_out == 1,  # history.Counting.LEFT_OUT
        counted_anyway=left_out == 2,  # history.Counting.ANYWAY
        markers=tuple(Marker(MarkerId(i), sid, *rest) for i, *rest in markers),
    )
