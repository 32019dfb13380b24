"""SqlStore: the SQLite implementation of :class:`coachdesk.ports.SessionStore`.

One connection, held for the life of the store; one short transaction per change. The tally
path uses SQLAlchemy Core statements on that connection: no ORM unit of work on the hot path.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError

from coachdesk.errors import DatabaseRefused, StoreWriteFailed
from coachdesk.export import ExportRow
from coachdesk.i18n import _
from coachdesk.model import (
    Coachee,
    CoacheeId,
    Pause,
    SessionId,
    SessionRecord,
    Side,
    Tally,
    TallyId,
    TallyKind,
    TallyKindId,
)
from coachdesk.store.schema import CoacheeRow, PauseRow, SessionRow, TallyKindRow, TallyRow

_coachee = cast(Table, CoacheeRow.__table__)
_kind = cast(Table, TallyKindRow.__table__)
_session = cast(Table, SessionRow.__table__)
_pause = cast(Table, PauseRow.__table__)
_tally = cast(Table, TallyRow.__table__)


class SqlStore:
    """Storage for live sessions and what the command line reads."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.path = path
        self._engine = engine
        self._conn: Connection = engine.connect()

    @property
    def connection(self) -> Connection:
        """The store's one connection, for opening and migrating (inside this package)."""
        return self._conn

    def close(self) -> None:
        self._conn.close()
        self._engine.dispose()

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A short read transaction; a file SQLite cannot read becomes a DatabaseRefused."""
        try:
            with self._conn.begin():
                yield self._conn
        except DBAPIError as e:
            raise DatabaseRefused(
                _("Cannot read the database {path}: {error}").format(path=self.path, error=e.orig)
            ) from e

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction; any failure rolls it back and becomes a StoreWriteFailed."""
        try:
            with self._conn.begin():
                yield self._conn
        except DBAPIError as e:
            raise StoreWriteFailed(
                _("Could not save to {path}: {error}").format(path=self.path, error=e.orig)
            ) from e

    # -- reading -----------------------------------------------------------------------

    def tally_kinds(self) -> list[TallyKind]:
        with self._read() as conn:
            rows = conn.execute(select(_kind).order_by(_kind.c.position)).all()
        return [
            TallyKind(
                TallyKindId(r.id), r.key, r.label, Side(r.side), r.position, r.colour, r.detail
            )
            for r in rows
        ]

    def coachees(self) -> list[Coachee]:
        """Every coachee, the most recently seen first."""
        last = (
            select(_session.c.coachee_id, func.max(_session.c.started_at_ms).label("at"))
            .group_by(_session.c.coachee_id)
            .subquery()
        )
        with self._read() as conn:
            rows = conn.execute(
                select(_coachee.c.id, _coachee.c.name)
                .outerjoin(last, last.c.coachee_id == _coachee.c.id)
                .order_by(
                    func.coalesce(last.c.at, _coachee.c.created_at_ms).desc(),
                    _coachee.c.id.desc(),
                )
            ).all()
        return [Coachee(CoacheeId(r.id), r.name) for r in rows]

    def open_session(self) -> SessionRecord | None:
        with self._read() as conn:
            found = conn.execute(
                select(_session.c.id).where(_session.c.ended_at_ms.is_(None))
            ).first()
            return None if found is None else self._session_record(conn, found.id)

    def session_record(self, session_id: SessionId) -> SessionRecord:
        with self._read() as conn:
            return self._session_record(conn, session_id)

    @staticmethod
    def _session_record(conn: Connection, session_id: int) -> SessionRecord:
        s = conn.execute(
            select(_session, _coachee.c.name)
            .join(_coachee, _coachee.c.id == _session.c.coachee_id)
            .where(_session.c.id == session_id)
        ).one()
        pauses = conn.execute(
            select(_pause).where(_pause.c.session_id == session_id).order_by(_pause.c.id)
        ).all()
        tallies = conn.execute(
            select(_tally).where(_tally.c.session_id == session_id).order_by(_tally.c.id)
        ).all()
        sid = SessionId(s.id)
        return SessionRecord(
            id=sid,
            coachee=Coachee(CoacheeId(s.coachee_id), s.name),
            started_at_ms=s.started_at_ms,
            planned_minutes=s.planned_minutes,
            active_ms=s.active_ms,
            ended_at_ms=s.ended_at_ms,
            pauses=tuple(Pause(p.offset_ms, p.started_at_ms, p.ended_at_ms) for p in pauses),
            tallies=tuple(
                Tally(TallyId(t.id), sid, TallyKindId(t.kind_id), t.offset_ms, t.at_ms, t.detail)
                for t in tallies
            ),
        )

    def export_rows(self) -> Iterator[ExportRow]:
        """Every tally event, by session start and then by order of recording."""
        stmt = (
            select(
                _coachee.c.name,
                _session.c.id.label("session_id"),
                _session.c.started_at_ms,
                _kind.c.key,
                _kind.c.label,
                _tally.c.detail,
                _tally.c.offset_ms,
                _tally.c.at_ms,
            )
            .select_from(_tally)
            .join(_session, _session.c.id == _tally.c.session_id)
            .join(_coachee, _coachee.c.id == _session.c.coachee_id)
            .join(_kind, _kind.c.id == _tally.c.kind_id)
            .order_by(_session.c.started_at_ms, _session.c.id, _tally.c.id)
        )
        with self._read() as conn:
            for r in conn.execute(stmt.execution_options(yield_per=2000)):
                yield ExportRow(*r)

    # -- writing -----------------------------------------------------------------------

    def coachee_named(self, name: str, created_at_ms: int) -> Coachee:
        with self._write() as conn:
            found = conn.execute(select(_coachee.c.id).where(_coachee.c.name == name)).first()
            if found is not None:
                return Coachee(CoacheeId(found.id), name)
            new_id = conn.execute(
                insert(_coachee).values(
                    uid=str(uuid.uuid4()), name=name, created_at_ms=created_at_ms
                )
            ).inserted_primary_key
            assert new_id is not None
            return Coachee(CoacheeId(new_id[0]), name)

    def start_session(
        self, coachee_id: CoacheeId, started_at_ms: int, planned_minutes: int | None
    ) -> SessionId:
        try:
            with self._write() as conn:
                result = conn.execute(
                    insert(_session).values(
                        uid=str(uuid.uuid4()),
                        coachee_id=coachee_id,
                        started_at_ms=started_at_ms,
                        planned_minutes=planned_minutes,
                        active_ms=0,
                    )
                )
        except StoreWriteFailed as e:
            if isinstance(e.__cause__, IntegrityError):
                raise StoreWriteFailed(
                    _("Another session is still open; end it before starting a new one.")
                ) from e
            raise
        assert result.inserted_primary_key is not None
        return SessionId(result.inserted_primary_key[0])

    def add_tally(
        self,
        session_id: SessionId,
        kind_id: TallyKindId,
        offset_ms: int,
        at_ms: int,
        detail: str | None,
    ) -> TallyId:
        with self._write() as conn:
            result = conn.execute(
                insert(_tally).values(
                    session_id=session_id,
                    kind_id=kind_id,
                    offset_ms=offset_ms,
                    at_ms=at_ms,
                    detail=detail,
                )
            )
        assert result.inserted_primary_key is not None
        return TallyId(result.inserted_primary_key[0])

    def delete_tally(self, tally_id: TallyId) -> None:
        with self._write() as conn:
            conn.execute(delete(_tally).where(_tally.c.id == tally_id))

    def restore_tally(self, tally: Tally) -> None:
        with self._write() as conn:
            conn.execute(
                insert(_tally).values(
                    id=tally.id,
                    session_id=tally.session_id,
                    kind_id=tally.kind_id,
                    offset_ms=tally.offset_ms,
                    at_ms=tally.at_ms,
                    detail=tally.detail,
                )
            )

    def start_pause(self, session_id: SessionId, offset_ms: int, at_ms: int) -> None:
        with self._write() as conn:
            conn.execute(
                insert(_pause).values(
                    session_id=session_id, offset_ms=offset_ms, started_at_ms=at_ms
                )
            )
            self._raise_checkpoint(conn, session_id, offset_ms)

    def end_pause(self, session_id: SessionId, at_ms: int) -> None:
        with self._write() as conn:
            conn.execute(
                update(_pause)
                .where(_pause.c.session_id == session_id, _pause.c.ended_at_ms.is_(None))
                .values(ended_at_ms=at_ms)
            )

    def checkpoint(self, session_id: SessionId, active_ms: int) -> None:
        with self._write() as conn:
            self._raise_checkpoint(conn, session_id, active_ms)

    def end_session(self, session_id: SessionId, active_ms: int, ended_at_ms: int) -> None:
        with self._write() as conn:
            conn.execute(
                update(_session)
                .where(_session.c.id == session_id)
                .values(active_ms=active_ms, ended_at_ms=ended_at_ms)
            )

    @staticmethod
    def _raise_checkpoint(conn: Connection, session_id: SessionId, active_ms: int) -> None:
        conn.execute(
            update(_session)
            .where(_session.c.id == session_id, _session.c.active_ms < active_ms)
            .values(active_ms=active_ms)
        )
