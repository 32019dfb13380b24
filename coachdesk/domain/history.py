"""Looking back over many sessions: the plain values history views show, and the few rules
that turn them into figures (shares, rates, trends, search). No Qt, no SQL.

The store computes these aggregates in SQL; this module says what they mean.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import Enum

from coachdesk.domain.agreed_actions import ActionsDone

# Defined apart (read with the preferences before the first paint), still found here:
from coachdesk.domain.grain import DEFAULT_MIN_MINUTES as DEFAULT_MIN_MINUTES
from coachdesk.domain.grain import MAX_MIN_MINUTES as MAX_MIN_MINUTES
from coachdesk.domain.grain import Grain as Grain
from coachdesk.domain.model import Coachee, CoacheeId, Hat, SessionId, TallyKindId

#: How many of a coachee's latest sessions decide whether their share is falling.
FALLING_WINDOW = 5
#: The longest private note a coachee may carry.
MAX_COACHEE_NOTE_LENGTH = 2000


class Counting(Enum):
    """Whether a session counts in figures (shares, rates, trends), as stored for it."""

    RULE = 0  # counted, unless it is shorter than the coach's minimum
    LEFT_OUT = 1  # the coach left it out: listed, never counted
    ANYWAY = 2  # counted even when it is shorter than the minimum


def share(coach_side: int, coachee_side: int) -> float | None:
    """The coachee's share of the noted contributions, or None when nothing was noted."""
    total = coach_side + coachee_side
    return coachee_side / total if total else None


def per_hour(count: int, active_ms: int) -> float | None:
    """A count per hour of active time, or None for no active time."""
    return count * 3_600_000 / active_ms if active_ms > 0 else None


def fold(text: str) -> str:
    """Text for matching, case- and accent-insensitive: ``fold("Özdemir") == "ozdemir"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matches(query: str, name: str) -> bool:
    """Whether a search box's text finds this name (every word of the query, anywhere)."""
    haystack = fold(name)
    return all(word in haystack for word in fold(query).split())


@dataclass(frozen=True, slots=True)
class HistoryFilter:
    """What every history view is limited to. Dates are the coach's local calendar days,
    both ends included; ``None`` leaves that side open. An empty ``coachees`` means all."""

    first_day: date | None = None
    last_day: date | None = None
    coachees: frozenset[CoacheeId] = frozenset()
    include_archived: bool = False
    #: Sessions with less active time are too short to count (unless counted anyway).
    min_active_ms: int = 0
    #: Only sessions recorded with this tally scheme (any of its versions); None: any scheme.
    scheme: str | None = None


@dataclass(frozen=True, slots=True)
class CoacheeOverview:
    """One line of the coachee list."""

    coachee: Coachee
    sessions: int
    last_started_at_ms: int | None
    latest_share: float | None  # of the newest ended session with any contribution noted
    note: str = ""
    archived: bool = False


@dataclass(frozen=True, slots=True)
class SessionFacts:
    """One session in a trajectory: its counts, without its tallies."""

    id: SessionId
    coachee_id: CoacheeId
    started_at_ms: int
    active_ms: int
    ended: bool
    coach_side: int  # tallies of kinds on the coach's side (advice given)
    coachee_side: int  # tallies of kinds on the coachee's side (coachee actions)
    kind_counts: dict[TallyKindId, int] = field(default_factory=dict)
    hat_counts: dict[Hat, int] = field(default_factory=dict)
    left_out: bool = False  # the coach left it out of figures: listed, never counted
    short: bool = False  # less active time than the minimum of the filter it was read with
    counted_anyway: bool = False  # the coach counts it even when it is short
    number: int = 0  # this coachee's 1st, 2nd, ... session (over all dates), 0 if unknown
    #: How the actions agreed in the session came back (see :func:`with_agreed`); None for
    #: none agreed.
    agreed: ActionsDone | None = None
    #: The key of the tally scheme it was recorded with ("" if unknown).
    scheme: str = ""

    @property
    def counted(self) -> bool:
        """Whether the session counts in shares, rates and trends."""
        return not self.left_out and (self.counted_anyway or not self.short)

    @property
    def too_short(self) -> bool:
        """Not counted only because it is shorter than the minimum."""
        return self.short and not self.left_out and not self.counted_anyway

    @property
    def share(self) -> float | None:
        return share(self.coach_side, self.coachee_side)

    @property
    def advice_per_hour(self) -> float | None:
        return per_hour(self.coach_side, self.active_ms)


@dataclass(frozen=True, slots=True)
class PracticePeriod:
    """One week or month of the whole practice."""

    first_day: date  # the Monday of the week, or the first of the month
    sessions: int
    active_ms: int
    coach_side: int
    coachee_side: int
    hats: int  # hat declarations
    mean_share: float | None  # mean of the sessions' own shares (sessions with contributions)
    #: Tallies per kind, only when asked for and the filter is limited to one scheme (else
    #: empty): kinds of different schemes are not compared.
    kind_counts: dict[TallyKindId, int] = field(default_factory=dict)
    #: Active time of the sessions whose scheme can count advice (None: all of it).
    advising_ms: int | None = None

    @property
    def active_hours(self) -> float:
        return self.active_ms / 3_600_000

    @property
    def advice_per_hour(self) -> float | None:
        """Advice per hour of the sessions that can count advice (a GROW hour has none)."""
        hours = self.active_ms if self.advising_ms is None else self.advising_ms
        return per_hour(self.coach_side, hours)


def toggled_counting(facts: SessionFacts) -> Counting:
    """What "leave out" / "count" does to a session: a counted session is left out; one
    not counted is counted again, anyway when it is short."""
    if facts.counted:
        return Counting.LEFT_OUT
    return Counting.ANYWAY if facts.short else Counting.RULE


def period_last_day(first_day: date, grain: Grain) -> date:
    """The Sunday of a week, or the last day of a month, starting at ``first_day``."""
    if grain is Grain.WEEK:
        return first_day + timedelta(days=6)
    following = date(first_day.year + first_day.month // 12, first_day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def is_partial(first_day: date, grain: Grain, chosen: HistoryFilter, today: date) -> bool:
    """Whether only part of the period counts: it has not ended yet, or the dates chosen
    cut it off at either end. A partial period's figures are not a whole period's."""
    last = period_last_day(first_day, grain)
    return (
        last >= today
        or (chosen.first_day is not None and chosen.first_day > first_day)
        or (chosen.last_day is not None and chosen.last_day < last)
    )


def slope(values: Sequence[float]) -> float:
    """Least-squares change per step of ``values`` (0 for fewer than two)."""
    n = len(values)
    if n < 2:
        return 0.0
    mean_x = (n - 1) / 2
    mean_y = sum(values) / n
    num = sum((i - mean_x) * (v - mean_y) for i, v in enumerate(values))
    den = sum((i - mean_x) ** 2 for i in range(n))
    return num / den


@dataclass(frozen=True, slots=True)
class FallingTrajectory:
    """A coachee whose share fell over their latest sessions: worth a second look."""

    coachee: Coachee
    shares: tuple[float, ...]  # oldest first
    change_per_session: float  # negative


def falling(
    latest_shares: dict[Coachee, Sequence[float]], window: int = FALLING_WINDOW
) -> list[FallingTrajectory]:
    """The coachees whose share fell across their last ``window`` sessions (at least three
    with a share), steepest fall first."""
    found = []
    for coachee, shares in latest_shares.items():
        recent = tuple(shares[-window:])
        if len(recent) < 3:
            continue
        change = slope(recent)
        if change < 0 and recent[-1] < recent[0]:
            found.append(FallingTrajectory(coachee, recent, change))
    return sorted(found, key=lambda f: (f.change_per_session, fold(f.coachee.name)))


def with_agreed(
    facts: Sequence[SessionFacts], agreed: dict[SessionId, ActionsDone]
) -> list[SessionFacts]:
    """``facts``, each with how the actions agreed in it came back (the store reads those
    apart: a trajectory is one coachee's few sessions)."""
    return [replace(f, agreed=agreed.get(f.id)) for f in facts]
