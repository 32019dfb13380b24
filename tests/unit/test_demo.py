"""The made-up practice: invented, varied, and shaped like real sessions."""

from __future__ import annotations

import random
from datetime import date, datetime
from itertools import pairwise

from coachdesk.domain import demo
from coachdesk.domain.demo import ADVICE, COACHEE_ACTION, HAT, DemoSize, Trend
from coachdesk.domain.history import share, slope
from coachdesk.domain.model import Hat

UNTIL = date(2026, 12, 1)


def practice(
    size: DemoSize, seed: int = 7
) -> tuple[list[demo.DemoCoachee], list[demo.DemoSession]]:
    coachees = demo.coachees(size, random.Random(seed))
    return coachees, list(demo.sessions(coachees, size, UNTIL, seed))


def test_the_same_seed_gives_the_same_practice() -> None:
    size = DemoSize(5, 40, 10)
    assert practice(size, 3) == practice(size, 3)
    assert practice(size, 3) != practice(size, 4)


def test_names_are_invented_and_different() -> None:
    names = demo.names(700, random.Random(1))
    assert len(set(names)) == 700
    assert all(name.split()[1] in demo._SURNAMES for name in names)


def test_sessions_follow_one_another_on_weekdays_before_today() -> None:
    coachees, sessions = practice(DemoSize(12, 400, 20))
    assert len(sessions) == 400
    for earlier, later in pairwise(sessions):
        assert earlier.ended_at_ms < later.started_at_ms  # never two at once
    for s in sessions:
        assert datetime.fromtimestamp(s.started_at_ms / 1000).weekday() < 5
        paused = sum((p.ended_at_ms or 0) - p.started_at_ms for p in s.pauses)
        assert s.ended_at_ms == s.started_at_ms + s.active_ms + paused
    assert datetime.fromtimestamp(sessions[-1].started_at_ms / 1000).date() < UNTIL
    assert {s.coachee for s in sessions} == set(range(len(coachees)))


def test_tallies_and_pauses_lie_inside_their_session() -> None:
    _, sessions = practice(DemoSize(6, 200, 30))
    kinds = {t.kind for s in sessions for t in s.tallies}
    assert kinds == {ADVICE, COACHEE_ACTION, HAT}
    assert any(s.pauses for s in sessions) and any(not s.pauses for s in sessions)
    for s in sessions:
        offsets = [t.offset_ms for t in s.tallies]
        assert offsets == sorted(offsets) and all(0 <= o <= s.active_ms for o in offsets)
        assert all(s.started_at_ms <= t.at_ms <= s.ended_at_ms for t in s.tallies)
        for t in s.tallies:
            assert (t.detail is not None) == (t.kind == HAT)
            if t.detail is not None:
                Hat(t.detail)
        for p in s.pauses:
            assert p.ended_at_ms is not None
            assert s.started_at_ms < p.started_at_ms < p.ended_at_ms < s.ended_at_ms
    mean = sum(len(s.tallies) for s in sessions) / len(sessions)
    assert 20 < mean < 35
    noted = [s.note for s in sessions if s.note is not None]
    assert 40 < len(noted) < 120 and set(noted) <= set(demo.NOTES)


def test_trends_rise_stay_and_fall() -> None:
    coachees, sessions = practice(DemoSize(9, 900, 40))
    assert {c.trend for c in coachees} == set(Trend)
    assert sum(c.archived for c in coachees) == 1
    for i, coachee in enumerate(coachees):
        shares = []
        for s in sessions:
            if s.coachee == i:
                kinds = [t.kind for t in s.tallies]
                found = share(kinds.count(ADVICE), kinds.count(COACHEE_ACTION))
                if found is not None:
                    shares.append(found)
        change = slope(shares) * len(shares)  # over the whole trajectory
        expected = {
            Trend.RISING: (0.2, 0.7),
            Trend.FLAT: (-0.12, 0.12),
            Trend.FALLING: (-0.6, -0.2),
        }
        low, high = expected[coachee.trend]
        assert low < change < high, (coachee, change)


def test_more_coachees_than_sessions_leaves_some_without() -> None:
    coachees, sessions = practice(DemoSize(10, 4, 5))
    assert len(coachees) == 10 and len({s.coachee for s in sessions}) == 4
    assert practice(DemoSize(3, 0, 5))[1] == []
