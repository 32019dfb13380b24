"""Figures for a session recorded with any tally scheme.

The session is given as its events ``(kind key, offset_ms, detail)``, in the order they were
stored (ties in offset keep that order), its pauses and its active time. Offsets are in
active time (pauses excluded), as everywhere in coachdesk, so a pause never lengthens a
state.

- the balance, from the kinds' parties (what :func:`.balance.balance_of` counts);
- counts per kind (every kind of the scheme, zeros too);
- per state group, each state's stretches in the order they came, and the time under each:
  a state lasts from its event until the next state of its group, or the end of the active
  time (as :func:`.review.hat_spans` does for hats). A state kind with detail choices starts
  only with one of its choices: an event without one counts, but changes no state.

Then the figures of the presets, read from those by the kinds' keys.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coachdesk.domain.balance import Balance
from coachdesk.domain.i18n import N_
from coachdesk.domain.model import Pause, Side
from coachdesk.domain.scheme_presets import (
    CLOSED_QUESTION,
    COMPLEX_REFLECTION,
    GROW,
    LEGS,
    OPEN_QUESTION,
    PHASES,
    SIMPLE_REFLECTION,
    WORK_SITUATION,
)
from coachdesk.domain.schemes import Kind, Scheme


@dataclass(frozen=True, slots=True)
class Event:
    """One stored tally, as the figures need it."""

    kind: str  # the kind's key
    offset_ms: int  # active time
    detail: str | None = None


#: A state: its kind's key and, for a kind with detail choices, the choice.
State = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class Stretch:
    """One state, from its event until the next state of its group (or the end)."""

    state: State
    start_ms: int
    end_ms: int


@dataclass(frozen=True, slots=True)
class StateTime:
    state: State
    entered: int  # how many stretches
    worn_ms: int  # their total length


@dataclass(frozen=True, slots=True)
class GroupFigures:
    group: str
    stretches: tuple[Stretch, ...]  # in the order they came
    times: tuple[StateTime, ...]  # every state of the group, in scheme and choice order

    @property
    def order(self) -> tuple[State, ...]:
        """The states in the order they came, a state pressed again while worn once."""
        found: list[State] = []
        for stretch in self.stretches:
            if not found or found[-1] != stretch.state:
                found.append(stretch.state)
        return tuple(found)

    def worn_ms(self, kind: str) -> int:
        """Time under any state of ``kind`` (whatever its choice)."""
        return sum(t.worn_ms for t in self.times if t.state[0] == kind)


@dataclass(frozen=True, slots=True)
class Figures:
    active_ms: int
    balance: Balance
    counts: dict[str, int]  # kind key -> events, for every kind of the scheme
    groups: dict[str, GroupFigures]  # group -> its figures, for every state group
    pauses: int  # how many pauses the session had
    paused_ms: int  # their wall-clock length, of those that ended


def figures(
    scheme: Scheme, events: Iterable[Event], active_ms: int, pauses: Sequence[Pause] = ()
) -> Figures:
    """Every figure of one session recorded with ``scheme``. Events of kinds the scheme does
    not have are left out."""
    party = {k.key: k.party for k in scheme.kinds}
    ordered = sorted((e for e in events if e.kind in party), key=lambda e: e.offset_ms)
    per_kind = Counter(e.kind for e in ordered)
    balance = Balance(
        coach=sum(n for key, n in per_kind.items() if party[key] is Side.COACH),
        coachee=sum(n for key, n in per_kind.items() if party[key] is Side.COACHEE),
    )
    return Figures(
        active_ms=active_ms,
        balance=balance,
        counts={k.key: per_kind[k.key] for k in scheme.kinds},
        groups={
            group: _group(group, kinds, ordered, active_ms)
            for group, kinds in scheme.groups().items()
        },
        pauses=len(pauses),
        paused_ms=sum(p.ended_at_ms - p.started_at_ms for p in pauses if p.ended_at_ms is not None),
    )


def _group(
    group: str, kinds: tuple[Kind, ...], ordered: list[Event], active_ms: int
) -> GroupFigures:
    by_key = {k.key: k for k in kinds}
    choices = {k.key: {d.key for d in k.details} for k in kinds}
    starts: list[tuple[int, State]] = []
    for event in ordered:
        kind = by_key.get(event.kind)
        if kind is None:
            continue
        if kind.details:
            if event.detail not in choices[kind.key]:
                continue  # no choice made: it counts, but starts no state
            starts.append((event.offset_ms, (kind.key, event.detail)))
        else:
            starts.append((event.offset_ms, (kind.key, None)))
    ends = [offset for offset, _state in starts[1:]]
    if starts:
        ends.append(max(active_ms, starts[-1][0]))
    stretches = tuple(
        Stretch(state, start, end) for (start, state), end in zip(starts, ends, strict=True)
    )
    # Every state of the group, in scheme order and, within a kind, in choice order.
    states: list[State] = []
    for k in kinds:
        states += [(k.key, d.key) for d in k.details] if k.details else [(k.key, None)]
    entered: Counter[State] = Counter()
    worn: Counter[State] = Counter()
    for stretch in stretches:
        entered[stretch.state] += 1
        worn[stretch.state] += stretch.end_ms - stretch.start_ms
    times = tuple(StateTime(state, entered[state], worn[state]) for state in states)
    return GroupFigures(group, stretches, times)


# -- the presets' own figures --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Legs:
    """Four legs of the chair: which kinds of support the session offered."""

    touched: tuple[str, ...]  # leg keys with at least one tally, in leg order
    missing: tuple[str, ...]  # the scheme's legs with none


def legs(scheme: Scheme, session: Figures) -> Legs:
    """The legs ``session`` touched and missed, of those ``scheme`` has (retired ones too)."""
    present = [leg for leg in LEGS if scheme.kind(leg) is not None]
    return Legs(
        touched=tuple(leg for leg in present if session.counts.get(leg, 0) > 0),
        missing=tuple(leg for leg in present if session.counts.get(leg, 0) == 0),
    )


def sessions_since_leg(touched: Sequence[Iterable[str]]) -> dict[str, int | None]:
    """For each leg, how many sessions have passed since it was last touched (0: in the last
    one), or None if it never was; ``touched`` runs oldest to newest, one set per session."""
    since: dict[str, int | None] = dict.fromkeys(LEGS)
    for age, legs_touched in enumerate(reversed([set(t) for t in touched])):
        for leg in LEGS:
            if since[leg] is None and leg in legs_touched:
                since[leg] = age
    return since


@dataclass(frozen=True, slots=True)
class WorkFocus:
    """Learning-oriented: time exploring a concrete work situation, and the rest."""

    work_ms: int
    other_ms: int  # everything else: other talk, and before the first state

    @property
    def work_share(self) -> float | None:
        total = self.work_ms + self.other_ms
        return self.work_ms / total if total else None


def work_focus(session: Figures) -> WorkFocus:
    """Work-focused and other time: the time under the work-situation state against the rest
    of the active time."""
    work = sum(g.worn_ms(WORK_SITUATION) for g in session.groups.values())
    work = min(work, max(session.active_ms, 0))
    return WorkFocus(work_ms=work, other_ms=max(session.active_ms, 0) - work)


@dataclass(frozen=True, slots=True)
class Phases:
    """GROW: time in each phase, the order the phases came in, and whether Will was reached."""

    time_ms: dict[str, int]  # phase key -> time in it
    order: tuple[str, ...]  # phases in the order they came
    before_ms: int  # active time before the first phase was pressed

    @property
    def reached_will(self) -> bool:
        return PHASES[-1] in self.order


def phases(session: Figures) -> Phases:
    group = session.groups.get(GROW)
    if group is None or not group.stretches:
        return Phases(dict.fromkeys(PHASES, 0), (), max(session.active_ms, 0))
    return Phases(
        time_ms={phase: group.worn_ms(phase) for phase in PHASES},
        order=tuple(kind for kind, _detail in group.order),
        before_ms=min(group.stretches[0].start_ms, max(session.active_ms, 0)),
    )


@dataclass(frozen=True, slots=True)
class Threshold:
    """A published threshold of MI coding: met at ``fair``, better at ``good``."""

    fair: float
    good: float


#: MITI 4.2.1's thresholds for "fair" and "good" (Moyers, Manuel & Ernst, coding manual
#: 4.2.1), which its authors base on expert opinion for MI: not norms for coaching.
MITI_REFLECTIONS_PER_QUESTION = Threshold(fair=1.0, good=2.0)
MITI_COMPLEX_SHARE = Threshold(fair=0.40, good=0.50)
#: Said wherever the thresholds are shown.
MITI_CAVEAT = N_(
    "MITI 4.2.1 thresholds: expert opinion for motivational interviewing, not norms for coaching."
)


@dataclass(frozen=True, slots=True)
class Listening:
    questions: int  # open and closed
    reflections: int  # simple and complex
    complex_reflections: int
    #: The thresholds, only when the coach has turned them on (with MITI_CAVEAT beside them).
    reflections_threshold: Threshold | None = None
    complex_threshold: Threshold | None = None

    @property
    def reflections_per_question(self) -> float | None:
        """Reflections per question (MITI's R:Q), or None with no question asked."""
        return self.reflections / self.questions if self.questions else None

    @property
    def complex_share(self) -> float | None:
        """Complex reflections among all reflections (MITI's %CR), or None with none."""
        return self.complex_reflections / self.reflections if self.reflections else None


def listening(session: Figures, *, thresholds: bool = False) -> Listening:
    """The listening figures; MITI's thresholds only if ``thresholds`` (off by default)."""
    counts = session.counts
    return Listening(
        questions=counts.get(OPEN_QUESTION, 0) + counts.get(CLOSED_QUESTION, 0),
        reflections=counts.get(SIMPLE_REFLECTION, 0) + counts.get(COMPLEX_REFLECTION, 0),
        complex_reflections=counts.get(COMPLEX_REFLECTION, 0),
        reflections_threshold=MITI_REFLECTIONS_PER_QUESTION if thresholds else None,
        complex_threshold=MITI_COMPLEX_SHARE if thresholds else None,
    )
