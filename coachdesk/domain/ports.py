"""What the domain needs from storage. The store package implements it; tests may too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only: importing the ports costs nothing at start-up
    from collections.abc import Sequence
    from pathlib import Path

    from coachdesk.domain.agreed_actions import ActionsDone, AgreedAction, AgreedActionId, Outcome
    from coachdesk.domain.erasure import (
        BackupsAfterErasure,
        Erased,
        ErasurePlan,
        SessionErasurePlan,
    )
    from coachdesk.domain.history import (
        CoacheeOverview,
        Counting,
        Grain,
        HistoryFilter,
        PracticePeriod,
        SessionFacts,
    )
    from coachdesk.domain.model import (
        BackupInfo,
        Coachee,
        CoacheeId,
        Marker,
        MarkerId,
        Restored,
        SchemeRef,
        SessionId,
        SessionRecord,
        SessionSummary,
        Tally,
        TallyId,
        TallyKind,
        TallyKindId,
    )
    from coachdesk.domain.practice import Difference, OverviewRow, SyncOutcome
    from coachdesk.domain.rotation import Policy
    from coachdesk.domain.schemes import Scheme


class AgreedActionStore(Protocol):
    """The actions a coachee agreed in a session, and how they came back. Every method
    commits before it returns; one that cannot raises StoreWriteFailed."""

    def agreed_actions(self, session_id: SessionId) -> list[AgreedAction]:
        """The actions agreed in the session, in their order."""
        ...

    def set_agreed_actions(self, session_id: SessionId, texts: Sequence[str]) -> None:
        """The session's actions are now ``texts`` (checked by ``agreed_actions.actions_in``);
        an action keeps its outcome while it stands on the same line."""
        ...

    def set_outcome(self, action_id: AgreedActionId, outcome: Outcome | None) -> None:
        """Mark how an action came back (None: not marked)."""
        ...

    def actions_to_follow_up(self, session_id: SessionId) -> list[AgreedAction]:
        """The actions agreed in the latest session of the same coachee before this one
        that has any (none when there is none)."""
        ...

    def actions_done(self, coachee_id: CoacheeId) -> dict[SessionId, ActionsDone]:
        """Per session of the coachee that agreed actions, how they came back."""
        ...


class SessionStore(AgreedActionStore, Protocol):
    """Durable storage for live sessions. Every method commits before it returns.

    A method that cannot commit raises :class:`coachdesk.domain.errors.StoreWriteFailed` and leaves
    the database as it was.
    """

    def tally_kinds(self) -> list[TallyKind]: ...

    def session_kinds(self, session_id: SessionId) -> list[TallyKind]:
        """The session's tally kinds as its scheme version has them, in its order."""
        ...

    def session_scheme(self, session_id: SessionId) -> Scheme:
        """The scheme version the session is recorded with."""
        ...

    def schemes(self) -> list[Scheme]:
        """The newest version of every scheme, in the order they were first stored."""
        ...

    def last_scheme_of(self, coachee_name: str | None) -> str | None:
        """The key of the scheme the coachee's latest session used (``None``: any coachee's
        latest session); None when there is no such session."""
        ...

    def coachees(self) -> list[Coachee]: ...

    def coachee_named(self, name: str, created_at_ms: int) -> Coachee:
        """The coachee with exactly this name, added if there is none."""
        ...

    def open_session(self) -> SessionRecord | None:
        """The session that was never ended (after a crash, or still running), if any."""
        ...

    def start_session(
        self,
        coachee_id: CoacheeId,
        started_at_ms: int,
        planned_minutes: int | None,
        scheme: SchemeRef | None = None,
    ) -> SessionId:
        """Open a session recorded with ``scheme`` (None: the Balance scheme's first version).

        Raises:
            InvalidInput: the store holds no such scheme version.
        """
        ...

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

    def add_marker(self, session_id: SessionId, offset_ms: int, at_ms: int) -> MarkerId:
        """Store a marked moment (without a note yet), as promptly as a tally."""
        ...

    def set_marker_note(self, marker_id: MarkerId, note: str) -> None:
        """Give a marked moment its note ('' for none)."""
        ...

    def delete_marker(self, marker_id: MarkerId) -> None:
        """Take back a moment marked by mistake."""
        ...

    def restore_marker(self, marker: Marker) -> None:
        """Put a mark taken back by undo back, with its original id, times and note."""
        ...

    def settle_gap(
        self,
        session_id: SessionId,
        offset_ms: int,
        shift_ms: int,
        pause: tuple[int, int] | None,
    ) -> None:
        """The coach's answer about a suspend gap at ``offset_ms``, in one transaction: the
        tallies, pauses and markers after it and the session's active time move by ``shift_ms``;
        ``pause`` (its wall-clock start and end), when given, is stored as a pause there."""
        ...

    def checkpoint(self, session_id: SessionId, active_ms: int) -> None:
        """Remember how far the session's active time has come."""
        ...

    def end_session(self, session_id: SessionId, active_ms: int, ended_at_ms: int) -> None:
        """End the session and a pause still open in it, both in one transaction."""
        ...


class ReviewStore(SessionStore, Protocol):
    """Durable storage for looking back at sessions: their notes, and fixing their record.

    Writes commit before they return, as for :class:`SessionStore`.
    """

    def session_record(self, session_id: SessionId) -> SessionRecord:
        """The session with everything in it.

        Raises:
            InvalidInput: there is no session with that id.
        """
        ...

    def notes(self, session_id: SessionId) -> dict[str, str]:
        """The session's notes, field -> text; a field never filled in is absent."""
        ...

    def save_note(self, session_id: SessionId, field: str, text: str, at_ms: int) -> None:
        """Store one field's text as it is now; an empty text removes the field."""
        ...

    def update_tally(self, tally_id: TallyId, kind_id: TallyKindId, detail: str | None) -> None:
        """Give a stored tally another kind and detail; its times stay."""
        ...

    def previous_balances(
        self,
        coachee_id: CoacheeId,
        before_started_at_ms: int,
        limit: int = 5,
        min_active_ms: int = 0,
        scheme: str | None = None,
    ) -> list[tuple[int, int]]:
        """(coach-side, coachee-side) tally counts of the coachee's ended sessions started
        before ``before_started_at_ms`` that count in figures (not left out, and not shorter
        than ``min_active_ms`` unless counted anyway), of the scheme ``scheme`` when given
        (any version of it): the newest ``limit`` of them, oldest first."""
        ...

    def sessions_of(self, coachee_id: CoacheeId) -> list[SessionSummary]:
        """Every session of the coachee, ended or open, newest first."""
        ...


class HistoryStore(AgreedActionStore, Protocol):
    """Looking back over months or years: aggregates computed by the store, never by loading
    every tally. Views ask for what they show, when they show it.

    Times are stored in UTC; days, weeks and months follow the coach's local calendar (the
    process's time zone), daylight saving included.
    """

    def coachee_overviews(
        self, include_archived: bool = False, within: HistoryFilter | None = None
    ) -> list[CoacheeOverview]:
        """Every coachee (archived ones only when asked), with their session count, last
        session and latest balance; by name. With ``within``, those figures count only the
        sessions within its dates (a coachee with none there is listed with 0)."""
        ...

    def rename_coachee(self, coachee_id: CoacheeId, name: str) -> None:
        """Raises:
        InvalidInput: the name is empty, too long, or another coachee's."""
        ...

    def set_coachee_note(self, coachee_id: CoacheeId, note: str) -> None:
        """Raises:
        InvalidInput: the note is longer than ``MAX_COACHEE_NOTE_LENGTH``."""
        ...

    def set_archived(self, coachee_id: CoacheeId, archived: bool) -> None: ...

    def trajectory(self, coachee_id: CoacheeId, within: HistoryFilter) -> list[SessionFacts]:
        """The coachee's sessions within the filter's dates (and scheme), oldest first."""
        ...

    def schemes_with_sessions(self) -> list[Scheme]:
        """The newest version of every tally scheme that has sessions: what the history can
        be limited to."""
        ...

    def scheme_kinds(self, key: str) -> list[TallyKind]:
        """The kinds of the scheme ``key`` (its newest version, retired kinds too), each with
        the id its tallies carry; none for a scheme the store does not hold."""
        ...

    def practice(
        self, grain: Grain, within: HistoryFilter, per_kind: bool = False
    ) -> list[PracticePeriod]:
        """Ended sessions within the filter, per local week or month, oldest first; periods
        without sessions are left out. With ``per_kind`` and the filter limited to one
        scheme, each period has its tallies per kind too (else none)."""
        ...

    def latest_shares(
        self, within: HistoryFilter, per_coachee: int
    ) -> dict[Coachee, Sequence[float]]:
        """Each coachee's shares of their newest ``per_coachee`` ended sessions with any
        contribution noted (within the filter), oldest first."""
        ...

    def set_left_out(self, session_id: SessionId, left_out: bool) -> None:
        """Leave a session out of every figure (shares, rates, trends, the practice, the
        latest share and the falling list), or count it in again. It stays in the
        trajectory, marked.

        Raises:
            InvalidInput: there is no such session.
        """
        ...

    def set_counting(self, session_id: SessionId, counting: Counting) -> None:
        """Count a session in figures by the rule (unless shorter than the minimum), leave it
        out, or count it even when it is short.

        Raises:
            InvalidInput: there is no such session.
        """
        ...


class SchemeStore(Protocol):
    """The tally schemes a database holds, each version kept as it was first used."""

    def schemes(self) -> list[Scheme]:
        """The newest version of every scheme."""
        ...

    def scheme_version(self, key: str, version: int) -> Scheme:
        """Raises InvalidInput when the store holds no such version."""
        ...

    def save_scheme(self, scheme: Scheme) -> None:
        """Store a new scheme, the next version of one, or again a version no session used.

        Raises InvalidInput for an unsound scheme, a skipped version, or a version that has
        sessions (nothing written); StoreWriteFailed when it cannot be saved.
        """
        ...

    def session_scheme(self, session_id: SessionId) -> Scheme:
        """The scheme version the session was recorded with; InvalidInput for no session."""
        ...

    def kind_keys(self) -> dict[TallyKindId, str]:
        """Each stored tally kind's key in the schemes."""
        ...


class BackupService(Protocol):
    """Backups of the database. Each call opens its own connections: safe on a worker
    thread while the app records a session."""

    @property
    def folder(self) -> str: ...

    def make(self) -> BackupInfo:
        """A new verified backup in the backup folder.

        Raises:
            BackupFailed: the database fails its check or the copy could not be verified.
        """
        ...

    def prune(self, policy: Policy) -> int:
        """Delete the backups the rotation lets go; return how many went."""
        ...

    def backups(self) -> list[BackupInfo]:
        """The backups in the backup folder, newest first."""
        ...

    def newest_good(self) -> BackupInfo | None:
        """The newest backup that passes its full check."""
        ...

    def check(self) -> list[str]:
        """What is wrong with the database file (``quick_check``); empty when nothing."""
        ...

    def restore(self, backup: str) -> Restored:
        """Put ``backup`` in place of the database (nothing may hold it open).

        Raises:
            BackupRefused: not a verified backup; nothing changed.
            BackupFailed: the copy could not be put in place; the database is as it was.
        """
        ...


class CoacheeData(Protocol):
    """The coachee's rights: a copy of their record, and erasure. Each call finishes its work
    (or raises :class:`coachdesk.domain.errors.CoachdeskError` having changed nothing)."""

    def coachees(self) -> list[Coachee]: ...

    def export_record(self, coachee: Coachee, target: Path, *, reports: bool = True) -> Path:
        """Write the record to a new folder ``target``, or a ``.zip`` file; return where."""
        ...

    def plan_erasure(self, coachee: Coachee) -> ErasurePlan: ...

    def erase(self, coachee: Coachee) -> Erased: ...

    def backups_after(self, erased: Erased) -> BackupsAfterErasure:
        """The backups made before the erasure that still hold the coachee, and those that
        could not be read to tell."""
        ...

    def purge(self, backups: list[Path]) -> None: ...

    def plan_session_erasure(self, session_id: SessionId) -> SessionErasurePlan:
        """What deleting one session removes.

        Raises:
            InvalidInput: there is no such session.
        """
        ...

    def erase_session(self, session_id: SessionId) -> Erased:
        """Delete one session for good (logged, so a restored backup loses it again).

        Raises:
            InvalidInput: no such session, or it is still open.
        """
        ...

    def export_events(self, form: str, target: Path) -> int:
        """Write every tally event of the practice to ``target`` in ``form`` (a key of
        :data:`coachdesk.domain.event_files.FORMS`); return how many."""
        ...


class PracticeService(Protocol):
    """The practice's own server (PostgreSQL). Every call opens its own connections, to the
    server and to the local database: safe on a worker thread while the app records."""

    def connect(self, url: str, password: str | None) -> tuple[str, str | None]:
        """Log in as a coach of the practice; return the URL to keep (never a password)
        and the password to use with it (``password``, or the one the URL carried).

        Raises:
            InvalidInput: the URL may not be used (another machine without verify-full).
            PracticeServerError: the login was refused or is no coach of the practice.
        """
        ...

    def sync(self, url: str, password: str | None, *, notes: bool) -> SyncOutcome:
        """One round of sync; ``notes``: whether notes go up.

        Raises:
            CoachdeskError: the server refused or was lost (nothing is lost; run it again),
                or the local database could not be read or written.
        """
        ...

    def settle(
        self, url: str, password: str | None, uid: str, *, keep_here: bool, notes: bool
    ) -> bool:
        """Settle the difference in session (or coachee) ``uid``: ``keep_here``, this
        computer's copy replaces the server's; else the server's replaces this computer's.
        False: the record is no longer on both sides (nothing changed).

        Raises:
            CoachdeskError: as :meth:`sync` (nothing changed on the server).
        """
        ...

    def last_sync(self) -> SyncOutcome | None:
        """The last round that finished on this data folder, if any."""
        ...

    def listed(self) -> tuple[Difference, ...]:
        """The differences the last round listed that the coach has not settled yet (kept
        in the data folder, so they are shown again after a restart).

        Raises:
            CoachdeskError: the local database could not be read.
        """
        ...

    def recall_password(self, url: str) -> str | None:
        """The password the coach had this computer's keyring remember for ``url``, if any.

        Raises:
            KeyringUnavailable: no keyring is usable here, or it refused.
        """
        ...

    def remember_password(self, url: str, password: str) -> None:
        """Keep ``password`` for ``url`` in this computer's keyring (never in a file).

        Raises:
            KeyringUnavailable: as :meth:`recall_password`.
        """
        ...

    def forget_password(self, url: str) -> None:
        """Delete the password kept for ``url`` from the keyring, if one is kept.

        Raises:
            KeyringUnavailable: as :meth:`recall_password`.
        """
        ...

    def overview(self, url: str, password: str | None, zone: str) -> list[OverviewRow]:
        """A supervisor's overview: per coach and month, months in ``zone``.

        Raises:
            InvalidInput, PracticeServerError: as :meth:`connect`, or the login is no
                supervisor.
        """
        ...
