"""What a session's report shows, as plain values: read once from the store, then drawn (as a
PDF, by the ui) or written without anything else asking the store again."""

from __future__ import annotations

from dataclasses import dataclass, field

from coachdesk.domain.balance import Balance, balance_of
from coachdesk.domain.i18n import _
from coachdesk.domain.model import SessionId, SessionRecord, Tally, TallyKind
from coachdesk.domain.ports import ReviewStore
from coachdesk.domain.schemes import Scheme


@dataclass(frozen=True)
class SessionReport:
    """One ended session with what its review and report need.

    ``tallies`` are the session's as they are now (the review's, after any fix of the
    record); ``notes`` is None when the report leaves them out.
    """

    record: SessionRecord
    kinds: tuple[TallyKind, ...]
    tallies: tuple[Tally, ...]
    #: The balances of the coachee's earlier sessions (not left out of figures), oldest first.
    previous: tuple[Balance, ...]
    #: The session's number among this coachee's sessions, from 1.
    number: int
    notes: dict[str, str] | None = field(default=None)
    #: The scheme version the session was recorded with (None: read without it).
    scheme: Scheme | None = None
    #: Show MITI's thresholds beside a listening session's figures (the coach turned them on).
    thresholds: bool = False

    @property
    def active_ms(self) -> int:
        return self.record.active_ms

    def balance_rows(self) -> list[tuple[str, Balance]]:
        """This session's balance, then the previous session's when there is one."""
        rows = [(_("this session"), balance_of(self.kinds, self.tallies))]
        if self.previous:
            rows.append((_("previous session"), self.previous[-1]))
        return rows


def read_report(
    store: ReviewStore, session_id: SessionId, *, with_notes: bool, min_active_ms: int = 0
) -> SessionReport:
    """The report of one session, read from the store; "before" compares it with the
    sessions of the same scheme that count in figures (not shorter than ``min_active_ms``,
    not left out): another scheme counts other things for each side.

    Raises:
        InvalidInput: there is no such session (and the store's errors when it cannot read).
    """
    record = store.session_record(session_id)
    earlier = [
        s
        for s in store.sessions_of(record.coachee.id)
        if (s.started_at_ms, s.id) < (record.started_at_ms, record.id)
    ]
    scheme = store.session_scheme(record.id)
    previous = store.previous_balances(
        record.coachee.id, record.started_at_ms, min_active_ms=min_active_ms, scheme=scheme.key
    )
    return SessionReport(
        record=record,
        kinds=tuple(sorted(store.session_kinds(record.id), key=lambda k: k.position)),
        tallies=tuple(record.tallies),
        previous=tuple(Balance(coach=coach, coachee=coachee) for coach, coachee in previous),
        number=len(earlier) + 1,
        notes=store.notes(record.id) if with_notes else None,
        scheme=scheme,
    )
