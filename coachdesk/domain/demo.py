"""A made-up practice to try coachdesk with: invented coachees and their sessions.

Pure and seeded: the same arguments give the same practice. Names are obviously invented (the
surnames say so: Fictief, Voorbeeld, Madeup, ...), every coachee's note says the data is
fictional, and trajectories differ: some coachees' share rises, some stays flat, some falls.
Sessions follow one another on weekdays, never overlapping, up to the day before ``until``.
The store writes what this yields (``coachdesk.store.demo``); nothing here touches a file.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from coachdesk.domain.i18n import N_
from coachdesk.domain.model import Hat, Pause

#: The built-in kinds' keys, as the first migration seeds them.
ADVICE, COACHEE_ACTION, HAT = "advice", "coachee_action", "hat"

_FIRST_NAMES = (
    "Ada", "Bas", "Cato", "Daan", "Elif", "Floor", "Guus", "Hanna", "Ilse", "Joost",
    "Kiki", "Lars", "Mila", "Niek", "Oona", "Pim", "Quinten", "Roos", "Sem", "Tess",
)  # fmt: skip
_SURNAMES = (
    "Fictief", "Voorbeeld", "Verzonnen", "Proefkonijn", "Testwater", "Demodijk", "Denkbeeld",
    "Oefenveld", "Nepstra", "Bedachtsma", "Madeup", "Sampleton", "Pretendsworth", "Notreal",
    "Testington",
)  # fmt: skip
#: Hats other than the coach's own, the more common first.
_OTHER_HATS = (Hat.MENTOR, Hat.EXPERT, Hat.ASSESSOR, Hat.MANAGER)
_OTHER_HAT_WEIGHTS = (4, 3, 2, 1)

#: Session notes a demo session may carry (untranslated; translated when written).
NOTES = (
    N_("Demo note: the coachee chose a first small experiment for next week."),
    N_("Demo note: I gave advice twice where a question would have done."),
    N_("Demo note: the coachee named what they did themselves; I only asked."),
    N_("Demo note: I said out loud when I switched to the mentor's hat."),
    N_("Demo note: we looked back at a hard meeting and what the coachee chose in it."),
)

MINUTE_MS = 60_000
DAY_START = (8, 30)  # the first session of a day, local time


class Trend(Enum):
    """Where a demo coachee's share goes over their trajectory."""

    RISING = "rising"
    FLAT = "flat"
    FALLING = "falling"


_SHARE_PATH = {  # (first session, last session)
    Trend.RISING: (0.25, 0.72),
    Trend.FLAT: (0.5, 0.5),
    Trend.FALLING: (0.68, 0.28),
}


@dataclass(frozen=True, slots=True)
class DemoCoachee:
    name: str
    trend: Trend
    archived: bool


@dataclass(frozen=True, slots=True)
class DemoTally:
    kind: str  # ADVICE, COACHEE_ACTION or HAT
    offset_ms: int
    at_ms: int
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class DemoSession:
    coachee: int  # index into the plan's coachees
    started_at_ms: int
    planned_minutes: int
    active_ms: int
    ended_at_ms: int
    pauses: tuple[Pause, ...]
    tallies: tuple[DemoTally, ...]
    note: str | None = None  # one of NOTES, untranslated


@dataclass(frozen=True, slots=True)
class DemoSize:
    coachees: int = 12
    sessions: int = 180
    tallies_per_session: int = 24  # on average; each session has half to one and a half


def names(count: int, rnd: random.Random) -> list[str]:
    """``count`` different invented names."""
    pairs = [f"{first} {last}" for first in _FIRST_NAMES for last in _SURNAMES]
    rnd.shuffle(pairs)
    return [
        pairs[i % len(pairs)] + ("" if i < len(pairs) else f" {i // len(pairs) + 1}")
        for i in range(count)
    ]


def coachees(size: DemoSize, rnd: random.Random) -> list[DemoCoachee]:
    """Trends in turn (rising, flat, falling, ...); one in eight is archived."""
    trends = list(Trend)
    return [
        DemoCoachee(name, trends[i % len(trends)], archived=i % 8 == 7)
        for i, name in enumerate(names(size.coachees, rnd))
    ]


def session_days(count: int, until: date) -> list[date]:
    """The weekdays that hold ``count`` sessions, the last before ``until``, oldest first:
    about 130 weekdays (six months) for a small practice, at most ten sessions a day."""
    per_day = min(10, max(1, math.ceil(count / 130)))
    days: list[date] = []
    day = until
    while len(days) * per_day < count:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    days.reverse()
    return [d for d in days for _ in range(per_day)][:count]


def _local_ms(day: date, hour: int, minute: int) -> int:
    return int(datetime(day.year, day.month, day.day, hour, minute).timestamp() * 1000)


def sessions(
    plan: list[DemoCoachee], size: DemoSize, until: date, seed: int
) -> Iterator[DemoSession]:
    """The practice's sessions, oldest first, each ending before the next one starts."""
    rnd = random.Random(f"sessions-{seed}")
    if not plan:
        return
    order = [i % len(plan) for i in range(size.sessions)]
    rnd.shuffle(order)
    total = [order.count(c) for c in range(len(plan))]
    held = [0] * len(plan)
    cursor = 0
    for day, coachee in zip(session_days(size.sessions, until), order, strict=True):
        first = _local_ms(day, *DAY_START) + rnd.randrange(0, 30) * MINUTE_MS
        started = max(first, -(-cursor // (5 * MINUTE_MS)) * 5 * MINUTE_MS)  # on a 5-minute mark
        share = _share_now(plan[coachee].trend, held[coachee], total[coachee], rnd)
        session = _session(coachee, started, share, size.tallies_per_session, rnd)
        held[coachee] += 1
        cursor = session.ended_at_ms + rnd.randrange(10, 40) * MINUTE_MS
        yield session


def _share_now(trend: Trend, index: int, count: int, rnd: random.Random) -> float:
    start, end = _SHARE_PATH[trend]
    progress = index / (count - 1) if count > 1 else 0.0
    return min(0.95, max(0.05, start + (end - start) * progress + rnd.gauss(0, 0.06)))


def _session(
    coachee: int, started: int, share: float, mean_tallies: int, rnd: random.Random
) -> DemoSession:
    planned = rnd.choice((45, 60, 60, 75, 90))
    active = max(15 * MINUTE_MS, planned * MINUTE_MS + int(rnd.gauss(0, 5 * MINUTE_MS)))
    breaks = _breaks(active, rnd)
    count = rnd.randint(mean_tallies // 2, mean_tallies + mean_tallies // 2)
    if rnd.random() < 0.03:
        count = 0  # a session where nothing was tallied
    marks = sorted(_tally_marks(count, active, share, rnd))

    def wall(offset: int) -> int:
        """When a moment of active time happened: the pauses before it added."""
        return started + offset + sum(length for at, length in breaks if at < offset)

    return DemoSession(
        coachee=coachee,
        started_at_ms=started,
        planned_minutes=planned,
        active_ms=active,
        ended_at_ms=wall(active),
        pauses=tuple(Pause(at, wall(at), wall(at) + length) for at, length in breaks),
        tallies=tuple(DemoTally(kind, at, wall(at), detail) for at, kind, detail in marks),
        note=rnd.choice(NOTES) if rnd.random() < 0.4 else None,
    )


def _breaks(active: int, rnd: random.Random) -> list[tuple[int, int]]:
    """Pauses as (active offset, wall length), in order."""
    count = rnd.choices((0, 1, 2), weights=(65, 28, 7))[0]
    offsets = sorted({rnd.randrange(5 * MINUTE_MS, active) for _ in range(count)})
    return [(at, rnd.randrange(1, 9) * MINUTE_MS) for at in offsets]


def _tally_marks(
    count: int, active: int, share: float, rnd: random.Random
) -> Iterator[tuple[int, str, str | None]]:
    hats = min(count, rnd.choices((0, 1, 2, 3), weights=(3, 4, 2, 1))[0])
    if hats:
        yield rnd.randrange(0, 3 * MINUTE_MS), HAT, Hat.COACH.value
        for _ in range(hats - 1):
            other = rnd.choices(_OTHER_HATS, weights=_OTHER_HAT_WEIGHTS)[0]
            yield rnd.randrange(3 * MINUTE_MS, active), HAT, other.value
    for _ in range(count - hats):
        kind = COACHEE_ACTION if rnd.random() < share else ADVICE
        yield rnd.randrange(0, active), kind, None
