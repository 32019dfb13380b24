"""What the domain needs from storage. The store package implements it; tests may too."""

from __future__ import annotations

from typing import Protocol

from coachdesk.model import (
    Coachee,
    CoacheeId,
    SessionId,
    SessionRecord,
    Tally,
    TallyId,
    TallyKind,
    TallyKindId,
)


class SessionStore(Protocol):
    """Durable storage for live sessions. Every method commits before it returns.

    A method that cannot commit raises :class:`coachdesk.errors.StoreWriteFailed` and leaves
    the database as it was.
    """

    def tally_kinds(self) -> list[TallyKind]: ...

    def coachees(self) -> list[Coachee]: ...

    def coachee_named(self, name: str, created_at_ms: int) -> Coachee:
        """The coachee with exactly this name, added if there is none."""
        ...

    def open_session(self) -> SessionRecord | None:
        """The session that was never ended (after a crash, or still running), if any."""
        ...

    def start_session(
        self, coachee_id: CoacheeId, started_at_ms: int, planned_minutes: int | None
    ) -> SessionId: ...

    def add_tally(
        self,
        session_id: SessionId,
        kind_id: TallyKindId,
        offset_ms: int,
        at_ms: int,
        detail: str | None,
    ) -> TallyId: ...

    def delete_tally(self, tally_id: TallyId) -> None: ...

    def restore_tally(self, tally: Tally) -> None:
        """Put an undone tally back, with its original id and times."""
        ...

    def start_pause(self, session_id: SessionId, offset_ms: int, at_ms: int) -> None: ...

    def end_pause(self, session_id: SessionId, at_ms: int) -> None: ...

    def checkpoint(self, session_id: SessionId, active_ms: int) -> None:
        """Remember how far the session's active time has come."""
        ...

    def end_session(self, session_id: SessionId, active_ms: int, ended_at_ms: int) -> None:
        """End the session and a pause still open in it, both in one transaction."""
        ...
