"""Figures for a session under a tally scheme, against today's functions on the same tallies.

    .venv/bin/python -m benchmarks.scheme_figures [--runs 20]

A 90-minute session with 600 tallies and 10 hat declarations (as benchmarks/review_paint.py),
and a long one with 100,000: ``scheme_figures.figures`` for the Balance preset (balance,
counts, hats as states) is timed beside the floor measured in the same run, today's
``balance_of`` + ``hat_totals`` + per-kind counts of ``review.py`` on the same tallies. The
GROW preset on 600 phase changes is timed too.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from collections.abc import Callable
from functools import partial

from benchmarks.common import median
from coachdesk.domain.balance import balance_of
from coachdesk.domain.model import (
    DETAIL_HAT,
    Hat,
    SessionId,
    Tally,
    TallyId,
    TallyKind,
    TallyKindId,
)
from coachdesk.domain.review import hat_totals
from coachdesk.domain.scheme_colours import shade
from coachdesk.domain.scheme_figures import Event, figures, phases
from coachdesk.domain.scheme_presets import BALANCE_SCHEME, GROW_SCHEME, PHASES

SESSION_MS = 90 * 60_000


def session(tallies: int, hats: int, seed: int = 7) -> tuple[list[TallyKind], list[Tally]]:
    rng = random.Random(seed)
    kinds = [
        TallyKind(
            TallyKindId(n),
            k.key,
            k.label.en,
            k.party,
            n,
            shade(k.colour, dark=False),
            DETAIL_HAT if k.details else None,
        )
        for n, k in enumerate(BALANCE_SCHEME.kinds, start=1)
    ]
    rows: list[tuple[int, int, str | None]] = [
        (rng.choice((1, 2)), rng.randrange(SESSION_MS), None) for _ in range(tallies - hats)
    ]
    rows += [(3, rng.randrange(SESSION_MS), rng.choice(list(Hat)).value) for _ in range(hats)]
    rows.sort(key=lambda r: r[1])
    return kinds, [
        Tally(TallyId(n), SessionId(1), TallyKindId(k), at, at, d)
        for n, (k, at, d) in enumerate(rows, 1)
    ]


def timed(work: Callable[[], object], runs: int) -> float:
    """Median ms of ``work`` over ``runs``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return median(times)


def today(kinds: list[TallyKind], rows: list[Tally]) -> object:
    return (
        balance_of(kinds, rows),
        hat_totals(kinds, rows, SESSION_MS),
        Counter(t.kind_id for t in rows),
    )


def under_scheme(kinds: list[TallyKind], rows: list[Tally]) -> object:
    """The same tallies as events (as the store would hand them), through the scheme."""
    key_of = {k.id: k.key for k in kinds}
    events = [Event(key_of[t.kind_id], t.offset_ms, t.detail) for t in rows]
    return figures(BALANCE_SCHEME, events, SESSION_MS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    for tallies, hats in ((600, 10), (100_000, 1_000)):
        kinds, rows = session(tallies, hats)
        floor = timed(partial(today, kinds, rows), args.runs)
        ours = timed(partial(under_scheme, kinds, rows), args.runs)
        print(
            f"Balance preset, {tallies:,} tallies: figures {ours:.2f} ms "
            f"(floor, today's balance + hats + counts: {floor:.2f} ms; x{ours / floor:.1f})"
        )
    rng = random.Random(11)
    grow = [Event(rng.choice(PHASES), rng.randrange(SESSION_MS)) for _ in range(600)]
    ms = timed(lambda: phases(figures(GROW_SCHEME, grow, SESSION_MS)), args.runs)
    print(f"GROW preset, 600 phase changes: figures and phases {ms:.2f} ms")


if __name__ == "__main__":
    main()
