"""The backup rotation: hand-checked examples and the properties it must always keep."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain.rotation import MAX_KEEP, Policy, to_delete, to_keep

START = datetime(2026, 1, 1, 9, 0)


def test_hourly_backups_for_a_year_keep_seven_days_four_weeks_six_months() -> None:
    moments = [START + timedelta(hours=h) for h in range(364 * 24)]  # to 2026-12-31 08:00
    kept = sorted(to_keep(moments, Policy(7, 4, 6)), reverse=True)
    newest = moments[-1]
    days = [newest - timedelta(days=d) for d in range(7)]
    # the newest of each of the seven last days: the last hour of each earlier day
    daily = [newest] + [d.replace(hour=23) for d in days[1:]]
    assert kept[:7] == daily
    # weeks: 2026-12-31 is a Thursday; the Sundays before it end the earlier weeks
    sundays = [datetime(2026, 12, 27, 23), datetime(2026, 12, 20, 23), datetime(2026, 12, 13, 23)]
    months = [datetime(2026, m, d, 23) for m, d in ((11, 30), (10, 31), (9, 30), (8, 31), (7, 31))]
    assert set(kept) == set(daily) | set(sundays) | set(months)
    # the current week, the one before (its Sunday is the 27th) and this month are in the daily
    assert len(kept) == 7 + 2 + 5


def test_a_few_backups_are_all_kept() -> None:
    moments = [START, START + timedelta(days=3), START + timedelta(days=40)]
    assert to_keep(moments, Policy(7, 4, 6)) == set(moments)
    assert to_delete(moments, Policy(7, 4, 6)) == set()


def test_several_backups_on_one_day_keep_only_the_newest_of_that_day() -> None:
    moments = [START + timedelta(minutes=m) for m in (0, 30, 90)]
    assert to_keep(moments, Policy(1, 0, 0)) == {START + timedelta(minutes=90)}
    assert to_keep([], Policy()) == set()


policies = st.builds(
    Policy,
    daily=st.integers(1, 10),
    weekly=st.integers(0, 10),
    monthly=st.integers(0, MAX_KEEP),
)
moment_lists = st.lists(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)), max_size=80
)


@given(moment_lists, policies)
def test_the_newest_is_never_deleted_and_at_most_the_sum_is_kept(
    moments: list[datetime], policy: Policy
) -> None:
    kept = to_keep(moments, policy)
    assert kept <= set(moments)
    assert len(kept) <= policy.total
    if moments:
        assert max(moments) in kept
    assert kept | to_delete(moments, policy) == set(moments)
    assert not kept & to_delete(moments, policy)


@given(moment_lists, policies)
def test_pruning_twice_deletes_nothing_more(moments: list[datetime], policy: Policy) -> None:
    kept = to_keep(moments, policy)
    assert to_keep(kept, policy) == kept


@given(moment_lists, policies)
def test_each_of_the_last_days_keeps_one(moments: list[datetime], policy: Policy) -> None:
    days = sorted({m.date() for m in moments}, reverse=True)[: policy.daily]
    kept_days = {m.date() for m in to_keep(moments, policy)}
    assert set(days) <= kept_days
