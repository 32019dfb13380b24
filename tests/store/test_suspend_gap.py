"""A suspend gap: found by comparing the machine's clocks, answered by the coach, stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.gap import GapWatch
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import SqlStore
from tests.dbcheck import rows
from tests.fakes import FakeClock

MIN = 60_000
SESSION = "SELECT active_ms FROM coaching_session"
PAUSES = "SELECT offset_ms, started_at_ms, ended_at_ms FROM pause ORDER BY id"
OFFSETS = "SELECT offset_ms FROM tally ORDER BY id"


def sleep(clock: FakeClock, ms: int) -> None:
    """A laptop asleep, as Linux and macOS see it: the wall clock moves on, monotonic not."""
    clock.jump_wall(ms)


def test_the_watch_sees_the_clocks_move_apart_not_time_passing() -> None:
    machine = FakeClock()
    watch = GapWatch(machine)
    machine.advance(3 * 60 * MIN)  # hours pass, both clocks together: no gap
    assert watch.check() is None
    machine.jump_wall(59_000)  # under a minute apart: clock drift, not a gap
    assert watch.check() is None
    sleep(machine, 40 * MIN)
    gap = watch.check()
    assert gap is not None and gap.extra_ms == 40 * MIN
    assert watch.check() is None  # seen once
    machine.mono += 30 * MIN  # the other way round: monotonic ran, the wall clock did not
    gap = watch.check()
    assert gap is not None and gap.extra_ms == -30 * MIN


def running_with_a_gap(store: SqlStore, extra_ms: int) -> tuple[LiveSession, FakeClock]:
    """A session with a tally at 10:00, then a gap of ``extra_ms`` found, then a tally made
    before the coach answers."""
    clock = FakeClock()
    watch = GapWatch(clock)
    session = LiveSession.start(store, clock, "Anna", 45)
    advice = session.kinds[0].id
    clock.advance(10 * MIN)
    session.tally(advice)
    if extra_ms > 0:
        sleep(clock, extra_ms)
    else:
        clock.mono -= extra_ms
    gap = watch.check()
    assert gap is not None
    found = session.note_gap(gap)
    assert found is not None and session.open_gaps == (found,)
    clock.advance(MIN)
    session.tally(advice)  # made while the question waits
    return session, clock


def test_a_sleep_counted_adds_its_time_and_moves_what_came_after(
    store: SqlStore, database: Path
) -> None:
    session, _clock = running_with_a_gap(store, 40 * MIN)
    assert session.elapsed_ms() == 11 * MIN  # nothing decided yet: the timer as it measured
    settled = session.settle_gap(session.open_gaps[0], counted=True)
    assert settled.active_ms == 51 * MIN == session.elapsed_ms()
    assert session.open_gaps == ()
    assert rows(database, OFFSETS) == [(10 * MIN,), (51 * MIN,)]
    assert [t.offset_ms for t in session.tallies] == [10 * MIN, 51 * MIN]
    assert rows(database, PAUSES) == []
    session.end()
    assert rows(database, SESSION) == [(51 * MIN,)]


def test_a_sleep_left_out_is_stored_as_a_pause_over_it(store: SqlStore, database: Path) -> None:
    session, clock = running_with_a_gap(store, 40 * MIN)
    found = session.open_gaps[0]
    session.settle_gap(found, counted=False)
    assert session.elapsed_ms() == 11 * MIN
    assert rows(database, OFFSETS) == [(10 * MIN,), (11 * MIN,)]
    woke = clock.wall - MIN
    assert rows(database, PAUSES) == [(10 * MIN, woke - 40 * MIN, woke)]
    session.end()
    assert rows(database, SESSION) == [(11 * MIN,)]
    with pytest.raises(InvalidInput):
        session.settle_gap(found, counted=True)


def test_time_the_timer_ran_through_can_be_taken_out(store: SqlStore, database: Path) -> None:
    session, _clock = running_with_a_gap(store, -30 * MIN)
    assert session.elapsed_ms() == 41 * MIN
    session.settle_gap(session.open_gaps[0], counted=False)
    assert session.elapsed_ms() == 11 * MIN
    assert rows(database, OFFSETS) == [(10 * MIN,), (11 * MIN,)]
    session.end()
    assert rows(database, SESSION) == [(11 * MIN,)]


def test_kept_when_counted_the_other_way_round(store: SqlStore, database: Path) -> None:
    session, _clock = running_with_a_gap(store, -30 * MIN)
    session.settle_gap(session.open_gaps[0], counted=True)
    session.end()
    assert rows(database, SESSION) == [(41 * MIN,)]
    assert rows(database, PAUSES) == []


def test_a_gap_in_a_pause_asks_nothing(store: SqlStore) -> None:
    clock = FakeClock()
    watch = GapWatch(clock)
    session = LiveSession.start(store, clock, "Anna")
    session.pause()
    sleep(clock, 40 * MIN)
    gap = watch.check()
    assert gap is not None
    assert session.note_gap(gap) is None
    assert session.open_gaps == ()


def test_an_answer_after_a_pause_moves_the_pause_too(store: SqlStore, database: Path) -> None:
    session, clock = running_with_a_gap(store, 40 * MIN)
    session.pause()  # at 11:00, before answering
    clock.advance(5 * MIN)
    session.resume()
    session.settle_gap(session.open_gaps[0], counted=True)
    assert [offset for offset, *_ in rows(database, PAUSES)] == [51 * MIN]
    assert session.elapsed_ms() == 51 * MIN
