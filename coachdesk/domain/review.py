"""Looking back at a session: where the balance shifted, which hats were worn, and the notes.

Pure functions on the plain values of :mod:`coachdesk.domain.model`; the review page and the report
draw what they return. Times are offsets in active time (pauses excluded), in milliseconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby

from coachdesk.domain import i18n
from coachdesk.domain.balance import Balance, balance_of
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import N_, _
from coachdesk.domain.model import DETAIL_HAT, Hat, Side, Tally, TallyKind, TallyKindId

MINUTES_10_MS = 600_000
#: How many of the most recent earlier sessions the trend's mean looks at.
TREND_WINDOW = 5

#: The field of the free session note.
NOTE = "note"
#: The reflection prompts, key -> untranslated English text marked with ``N_()``.
#: The keys are stored in the database: never rename one.
REFLECTION_PROMPTS: dict[str, str] = {
    "worked": N_("Who did most of the work today: the coachee or me?"),
    "own": N_("What did the coachee do, decide or find out by themselves?"),
    "unnamed_hat": N_("Did I wear a hat (assessor, manager, mentor, expert) without naming it?"),
}
#: Every field a session's notes may hold, in the order they are shown.
NOTE_FIELDS: tuple[str, ...] = (NOTE, *REFLECTION_PROMPTS)
MAX_NOTE_LENGTH = 20_000  # characters

# Thousands separators that differ from the English comma, by language code.
_THOUSANDS_SEPARATORS = {"nl": "."}


@dataclass(frozen=True, slots=True)
class HatSpan:
    """One declared hat, from its declaration until the next one (or the session's end)."""

    hat: Hat
    start_ms: int  # active-time offset of the declaration
    end_ms: int  # the next declaration's offset, or the session's active_ms


@dataclass(frozen=True, slots=True)
class HatTotal:
    """How often a hat was declared and how long, in active time, it was worn."""

    hat: Hat
    count: int  # declarations of this hat
    worn_ms: int  # sum of its spans


@dataclass(frozen=True, slots=True)
class Trend:
    """Where the coachee's share stood in earlier sessions; sessions with no share are skipped."""

    sessions: int  # how many previous sessions had any share (coach + coachee > 0)
    last: float | None  # share of the most recent of those
    mean_of_last_five: float | None  # mean share of the (up to) five most recent of those


def _ordered(tallies: Iterable[Tally]) -> list[Tally]:
    """Tallies in the order they happened: by offset, ties by id."""
    return sorted(tallies, key=lambda t: (t.offset_ms, t.id))


def thirds(
    kinds: Iterable[TallyKind], tallies: Iterable[Tally], active_ms: int
) -> tuple[Balance, Balance, Balance]:
    """The balance in the opening, middle and close third of the session's active time.

    A tally at offset ``t`` falls in third ``min(2, 3 * t // active_ms)``: offsets beyond
    ``active_ms`` count in the close, offsets below zero in the opening. With no active time
    (``active_ms <= 0``) everything counts in the opening.
    """
    kinds = list(kinds)
    parts: tuple[list[Tally], list[Tally], list[Tally]] = ([], [], [])
    for tally in tallies:
        third = min(2, max(0, 3 * tally.offset_ms // active_ms)) if active_ms > 0 else 0
        parts[third].append(tally)
    opening, middle, close = (balance_of(kinds, part) for part in parts)
    return opening, middle, close


def rates_per_10_minutes(
    kinds: Iterable[TallyKind], tallies: Iterable[Tally], active_ms: int
) -> dict[TallyKindId, float]:
    """Tallies per 10 active minutes, for every kind (zero counts too); ``{}`` if no active time."""
    if active_ms <= 0:
        return {}
    counts = Counter(t.kind_id for t in tallies)
    return {k.id: counts[k.id] * MINUTES_10_MS / active_ms for k in kinds}


def hat_spans(
    kinds: Iterable[TallyKind], tallies: Iterable[Tally], active_ms: int
) -> list[HatSpan]:
    """The hats declared, in the order they were declared, each worn until the next declaration.

    A declaration is a tally of a kind whose detail is :data:`~.model.DETAIL_HAT` and
    whose own detail names a :class:`~.model.Hat`; anything else is not one. The last
    hat is worn until ``active_ms`` (or, if it was declared later than that, ends where it began).
    """
    hat_kinds = {k.id for k in kinds if k.detail == DETAIL_HAT}
    hats = {h.value: h for h in Hat}
    declared: list[tuple[int, Hat]] = []
    for tally in _ordered(tallies):
        hat = hats.get(tally.detail or "")
        if tally.kind_id in hat_kinds and hat is not None:
            declared.append((tally.offset_ms, hat))
    ends = [offset for offset, _hat in declared[1:]]
    if declared:
        ends.append(max(active_ms, declared[-1][0]))
    return [HatSpan(hat, start, end) for (start, hat), end in zip(declared, ends, strict=True)]


@dataclass(frozen=True, slots=True)
class StateSpan:
    """One state of a group (a hat, a GROW phase), from its tally until the next state of
    its group (or the session's end)."""

    kind: TallyKind
    detail: str | None  # the choice, for a kind with choices (the hat)
    start_ms: int
    end_ms: int

    @property
    def label(self) -> str:
        return self.kind.choice_shown(self.detail) if self.detail else self.kind.shown()


def state_spans(
    kinds: Iterable[TallyKind], tallies: Iterable[Tally], active_ms: int
) -> list[StateSpan]:
    """Every group's states in the order they started, each lasting until the next state of
    its group; the last of a group until ``active_ms``. A tally of a kind with choices starts
    a state only with one of them (a hat named), as :func:`hat_spans` has it."""
    of_group = {k.id: k for k in kinds if k.group is not None}
    starts: dict[str, list[tuple[int, TallyKind, str | None]]] = {}
    for tally in _ordered(tallies):
        kind = of_group.get(tally.kind_id)
        if kind is None or kind.group is None:
            continue
        if kind.asks_detail and not _a_choice(kind, tally.detail):
            continue
        starts.setdefault(kind.group, []).append((tally.offset_ms, kind, tally.detail))
    spans = []
    for found in starts.values():
        ends = [offset for offset, _kind, _detail in found[1:]]
        ends.append(max(active_ms, found[-1][0]))
        spans += [
            StateSpan(kind, detail, start, end)
            for (start, kind, detail), end in zip(found, ends, strict=True)
        ]
    return sorted(spans, key=lambda s: s.start_ms)


def _a_choice(kind: TallyKind, detail: str | None) -> bool:
    if kind.choices:
        return any(c.key == detail for c in kind.choices)
    return detail in {h.value for h in Hat}


def hat_totals(
    kinds: Iterable[TallyKind], tallies: Iterable[Tally], active_ms: int
) -> list[HatTotal]:
    """One total per hat, in :class:`~.model.Hat` order, hats never declared included."""
    spans = hat_spans(kinds, tallies, active_ms)
    return [
        HatTotal(
            hat,
            count=sum(1 for s in spans if s.hat is hat),
            worn_ms=sum(s.end_ms - s.start_ms for s in spans if s.hat is hat),
        )
        for hat in Hat
    ]


def cumulative(
    kinds: Iterable[TallyKind], tallies: Iterable[Tally], side: Side
) -> list[tuple[int, int]]:
    """Step points ``(offset_ms, running count)`` of the tallies of kinds on ``side``.

    Starts with ``(0, 0)``; then one point per offset at which such tallies fall, carrying the
    count after all of them (so tallies at offset 0 give ``(0, 0), (0, n)``).
    """
    on_side = {k.id for k in kinds if k.side is side}
    points = [(0, 0)]
    count = 0
    counted = (t for t in _ordered(tallies) if t.kind_id in on_side)
    for offset, same_offset in groupby(counted, key=lambda t: t.offset_ms):
        count += sum(1 for _tally in same_offset)
        points.append((offset, count))
    return points


#: Steps a time axis may take, shortest first: seconds for very short sessions, then minutes.
_SECOND_STEPS_MS = (10_000, 15_000, 30_000)
_MINUTE_STEPS_MS = tuple(m * 60_000 for m in (1, 2, 5, 10, 15, 30, 60, 120, 240))
#: Below this much active time a time axis counts seconds.
SECONDS_AXIS_BELOW_MS = 120_000
#: At most this many steps between the first and the last tick.
_MAX_STEPS = 8


@dataclass(frozen=True, slots=True)
class TimeAxis:
    """A time axis on round ticks, from 0 to the session's end (which need not be a tick)."""

    end_ms: int  # where the axis ends: the session's active time (a minute if there was none)
    in_seconds: bool  # ticks are labelled in seconds, not minutes
    ticks: tuple[tuple[int, str], ...]  # (offset_ms, label), from 0 upwards


def time_axis(active_ms: int) -> TimeAxis:
    """Round ticks for a session of ``active_ms``: 10, 15 or 30 seconds apart under two
    minutes, else 1, 2, 5, 10, 15, 30, 60 (or more) minutes apart, with at most eight steps."""
    end = active_ms if active_ms > 0 else 60_000
    in_seconds = end < SECONDS_AXIS_BELOW_MS
    steps = _SECOND_STEPS_MS if in_seconds else _MINUTE_STEPS_MS
    step = next((s for s in steps if end // s <= _MAX_STEPS), steps[-1])
    unit = 1_000 if in_seconds else 60_000
    ticks = tuple((at, str(at // unit)) for at in range(0, end + 1, step))
    return TimeAxis(end, in_seconds, ticks)


def trend(previous: Sequence[Balance]) -> Trend:
    """The coachee's share in earlier sessions; ``previous`` runs oldest to newest."""
    shares = [s for s in (b.coachee_share for b in previous) if s is not None]
    recent = shares[-TREND_WINDOW:]
    return Trend(
        sessions=len(shares),
        last=shares[-1] if shares else None,
        mean_of_last_five=sum(recent) / len(recent) if recent else None,
    )


def _grouped(number: int) -> str:
    """``number`` with thousands grouped the way the interface language writes them."""
    return f"{number:,}".replace(",", _THOUSANDS_SEPARATORS.get(i18n.current_language(), ","))


def validate_note(field: str, text: str) -> str:
    """Return ``text`` unchanged (notes are saved as typed), or raise :class:`InvalidInput`.

    Refused: a field that is not one of :data:`NOTE_FIELDS`, and a text longer than
    :data:`MAX_NOTE_LENGTH` characters.
    """
    if field not in NOTE_FIELDS:
        raise InvalidInput(_("There is no note field called {field}.").format(field=field))
    if len(text) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            _("A note can hold at most {limit} characters; this one has {length}.").format(
                limit=_grouped(MAX_NOTE_LENGTH), length=_grouped(len(text))
            )
        )
    return text
