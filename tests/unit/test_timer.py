from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain.timer import ActiveTimer
from tests.fakes import FakeClock


def test_counts_only_while_running() -> None:
    clock = FakeClock()
    timer = ActiveTimer(clock)
    clock.advance(5_000)
    assert timer.pause() == 5_000
    clock.advance(60_000)  # paused: none of this counts
    assert timer.elapsed_ms() == 5_000
    timer.resume()
    clock.advance(2_500)
    assert timer.elapsed_ms() == 7_500


def test_wall_clock_jumps_change_nothing() -> None:
    clock = FakeClock()
    timer = ActiveTimer(clock)
    clock.advance(10_000)
    clock.jump_wall(-3_600_000)  # daylight saving back
    clock.jump_wall(+86_400_000)  # a manual change
    assert timer.elapsed_ms() == 10_000


def test_resumes_from_a_stored_base() -> None:
    clock = FakeClock()
    timer = ActiveTimer(clock, base_ms=42_000, running=False)
    clock.advance(1_000)
    assert timer.elapsed_ms() == 42_000
    timer.resume()
    clock.advance(1_000)
    assert timer.elapsed_ms() == 43_000


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 10**7)), max_size=40))
def test_active_time_is_the_sum_of_running_stretches(steps: list[tuple[bool, int]]) -> None:
    clock = FakeClock()
    timer = ActiveTimer(clock)
    expected = 0
    for running, ms in steps:
        if running:
            timer.resume()
            expected += ms
        else:
            timer.pause()
        clock.advance(ms)
        clock.jump_wall(-ms)
    assert timer.elapsed_ms() == expected
