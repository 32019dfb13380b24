"""The session review: thirds, rates, hats, running counts, trend and notes."""

from __future__ import annotations

from itertools import pairwise
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain import i18n
from coachdesk.domain.balance import Balance, balance_of
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.model import (
    DETAIL_HAT,
    Hat,
    SessionId,
    Side,
    Tally,
    TallyId,
    TallyKind,
    TallyKindId,
)
from coachdesk.domain.review import (
    MAX_NOTE_LENGTH,
    NOTE,
    NOTE_FIELDS,
    HatSpan,
    HatTotal,
    Trend,
    cumulative,
    hat_spans,
    hat_totals,
    rates_per_10_minutes,
    thirds,
    time_axis,
    trend,
    validate_note,
)

MINUTE = 60_000
ADVICE, ACTION, HAT, OWN_ADVICE, UNKNOWN = 1, 2, 3, 4, 9


def kinds() -> list[TallyKind]:
    """The three built-in kinds and a coach's own coach-side kind."""
    return [
        TallyKind(TallyKindId(ADVICE), "advice", "advice given", Side.COACH, 0, "#000001"),
        TallyKind(
            TallyKindId(ACTION), "action", "coachee action noted", Side.COACHEE, 1, "#000002"
        ),
        TallyKind(
            TallyKindId(HAT), "hat", "role hat declared", Side.NEUTRAL, 2, "#000003", DETAIL_HAT
        ),
        TallyKind(TallyKindId(OWN_ADVICE), "tip", "tip", Side.COACH, 3, "#000004"),
    ]


def tally(n: int, kind_id: int, offset_ms: int, detail: str | None = None) -> Tally:
    return Tally(TallyId(n), SessionId(1), TallyKindId(kind_id), offset_ms, offset_ms, detail)


@st.composite
def sessions(draw: st.DrawFn) -> tuple[list[Tally], int]:
    """Tallies of known and unknown kinds, some past the end, and the session's active time."""
    active_ms = draw(st.integers(0, 90 * MINUTE))
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from([ADVICE, ACTION, HAT, OWN_ADVICE, UNKNOWN]),
                st.integers(0, active_ms + MINUTE),
                st.sampled_from([None, "bogus", *(h.value for h in Hat)]),
            ),
            max_size=40,
        )
    )
    return [tally(n, *row) for n, row in enumerate(rows, 1)], active_ms


# Thirds


def test_thirds_split_active_time_and_put_late_tallies_in_the_close() -> None:
    tallies = [
        tally(1, ADVICE, 0),
        tally(2, ACTION, 29_999),
        tally(3, HAT, 10_000, "coach"),
        tally(4, ACTION, 30_000),
        tally(5, OWN_ADVICE, 59_999),
        tally(6, ACTION, 60_000),
        tally(7, ACTION, 120_000),
        tally(8, UNKNOWN, 45_000),
    ]
    assert thirds(kinds(), tallies, 90_000) == (Balance(1, 1), Balance(1, 1), Balance(0, 2))


def test_without_active_time_everything_is_the_opening() -> None:
    tallies = [tally(1, ADVICE, 0), tally(2, ACTION, 5_000)]
    assert thirds(kinds(), tallies, 0) == (Balance(1, 1), Balance(0, 0), Balance(0, 0))
    assert thirds(kinds(), [], 0) == (Balance(0, 0),) * 3


@given(sessions())
def test_thirds_add_up_to_the_whole_and_shares_stay_in_range(
    session: tuple[list[Tally], int],
) -> None:
    tallies, active_ms = session
    parts = thirds(kinds(), tallies, active_ms)
    whole = balance_of(kinds(), tallies)
    assert sum(p.coach for p in parts) == whole.coach
    assert sum(p.coachee for p in parts) == whole.coachee
    for share in (whole.coachee_share, *(p.coachee_share for p in parts)):
        assert share is None or 0 <= share <= 1


# Rates


def test_rates_cover_every_kind_per_ten_active_minutes() -> None:
    tallies = [tally(n, ADVICE, n * MINUTE) for n in range(1, 4)] + [tally(9, HAT, 0, "expert")]
    assert rates_per_10_minutes(kinds(), tallies, 20 * MINUTE) == {
        ADVICE: 1.5,
        ACTION: 0.0,
        HAT: 0.5,
        OWN_ADVICE: 0.0,
    }
    assert rates_per_10_minutes(kinds(), tallies, 0) == {}


@given(sessions())
def test_rates_scale_linearly(session: tuple[list[Tally], int]) -> None:
    tallies, active_ms = session
    if active_ms == 0:
        return
    rates = rates_per_10_minutes(kinds(), tallies, active_ms)
    twice_as_long = rates_per_10_minutes(kinds(), tallies, 2 * active_ms)
    again = [tally(len(tallies) + t.id, t.kind_id, t.offset_ms, t.detail) for t in tallies]
    twice_as_many = rates_per_10_minutes(kinds(), tallies + again, active_ms)
    for kind_id, rate in rates.items():
        assert twice_as_long[kind_id] == pytest.approx(rate / 2)
        assert twice_as_many[kind_id] == pytest.approx(rate * 2)


# Hats


def test_hat_spans_run_from_declaration_to_declaration() -> None:
    tallies = [
        tally(1, HAT, 10 * MINUTE, "expert"),
        tally(2, HAT, MINUTE, "assessor"),
        tally(3, HAT, 2 * MINUTE, "bogus"),  # not a hat
        tally(4, HAT, 3 * MINUTE),  # no detail
        tally(5, ADVICE, 4 * MINUTE, "manager"),  # not a hat kind
        tally(6, HAT, 30 * MINUTE, "coach"),
    ]
    assert hat_spans(kinds(), tallies, 50 * MINUTE) == [
        HatSpan(Hat.ASSESSOR, MINUTE, 10 * MINUTE),
        HatSpan(Hat.EXPERT, 10 * MINUTE, 30 * MINUTE),
        HatSpan(Hat.COACH, 30 * MINUTE, 50 * MINUTE),
    ]
    assert hat_totals(kinds(), tallies, 50 * MINUTE) == [
        HatTotal(Hat.COACH, 1, 20 * MINUTE),
        HatTotal(Hat.ASSESSOR, 1, 9 * MINUTE),
        HatTotal(Hat.MANAGER, 0, 0),
        HatTotal(Hat.MENTOR, 0, 0),
        HatTotal(Hat.EXPERT, 1, 20 * MINUTE),
    ]


def test_hat_ties_go_by_id_and_a_late_declaration_ends_where_it_began() -> None:
    tallies = [tally(5, HAT, 70 * MINUTE, "mentor"), tally(4, HAT, 70 * MINUTE, "manager")]
    assert hat_spans(kinds(), tallies, 60 * MINUTE) == [
        HatSpan(Hat.MANAGER, 70 * MINUTE, 70 * MINUTE),
        HatSpan(Hat.MENTOR, 70 * MINUTE, 70 * MINUTE),
    ]
    assert hat_spans(kinds(), [], 60 * MINUTE) == []
    assert [(h.count, h.worn_ms) for h in hat_totals(kinds(), [], 60 * MINUTE)] == [(0, 0)] * 5


@given(sessions())
def test_hats_are_worn_from_the_first_declaration_to_the_end(
    session: tuple[list[Tally], int],
) -> None:
    tallies, active_ms = session
    spans = hat_spans(kinds(), tallies, active_ms)
    worn = sum(h.worn_ms for h in hat_totals(kinds(), tallies, active_ms))
    if spans:
        assert worn == max(active_ms, spans[-1].start_ms) - spans[0].start_ms
    else:
        assert worn == 0
    assert all(s.start_ms <= s.end_ms for s in spans)


# Running counts


def test_cumulative_steps_once_per_offset() -> None:
    tallies = [
        tally(1, ADVICE, 0),
        tally(2, OWN_ADVICE, 5_000),
        tally(3, ACTION, 1_000),
        tally(4, ADVICE, 5_000),
        tally(5, ADVICE, 9_000),
        tally(6, UNKNOWN, 2_000),
    ]
    assert cumulative(kinds(), tallies, Side.COACH) == [(0, 0), (0, 1), (5_000, 3), (9_000, 4)]
    assert cumulative(kinds(), tallies, Side.COACHEE) == [(0, 0), (1_000, 1)]
    assert cumulative(kinds(), tallies, Side.NEUTRAL) == [(0, 0)]


@given(sessions(), st.sampled_from(Side))
def test_cumulative_never_falls_and_ends_at_the_side_total(
    session: tuple[list[Tally], int], side: Side
) -> None:
    tallies, _active_ms = session
    points = cumulative(kinds(), tallies, side)
    assert points[0] == (0, 0)
    assert points == sorted(points)
    on_side = {k.id for k in kinds() if k.side is side}
    assert points[-1][1] == sum(1 for t in tallies if t.kind_id in on_side)


# Order


@given(sessions(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_the_tallies(
    session: tuple[list[Tally], int], random: Random
) -> None:
    tallies, active_ms = session
    shuffled = random.sample(tallies, len(tallies))
    assert thirds(kinds(), shuffled, active_ms) == thirds(kinds(), tallies, active_ms)
    assert rates_per_10_minutes(kinds(), shuffled, active_ms) == rates_per_10_minutes(
        kinds(), tallies, active_ms
    )
    assert hat_spans(kinds(), shuffled, active_ms) == hat_spans(kinds(), tallies, active_ms)
    for side in Side:
        assert cumulative(kinds(), shuffled, side) == cumulative(kinds(), tallies, side)


# Trend


def test_trend_skips_sessions_without_a_share() -> None:
    assert trend([]) == Trend(0, None, None)
    assert trend([Balance(0, 0)]) == Trend(0, None, None)
    shares = [(0, 4), (4, 0), (1, 1), (0, 0), (3, 1), (1, 3), (0, 2), (2, 2)]
    seen = trend([Balance(*counts) for counts in shares])
    assert (seen.sessions, seen.last) == (7, 0.5)
    assert seen.mean_of_last_five == pytest.approx((0.5 + 0.25 + 0.75 + 1 + 0.5) / 5)


@given(st.lists(st.builds(Balance, st.integers(0, 50), st.integers(0, 50)), max_size=12))
def test_trend_shares_stay_in_range(previous: list[Balance]) -> None:
    seen = trend(previous)
    assert seen.sessions == sum(1 for b in previous if b.coach + b.coachee)
    for share in (seen.last, seen.mean_of_last_five):
        assert (share is None) == (seen.sessions == 0)
        assert share is None or 0 <= share <= 1


# Notes


def test_notes_are_kept_as_typed_up_to_the_limit() -> None:
    assert NOTE_FIELDS == ("note", "worked", "own", "unnamed_hat")  # stored: never renamed
    for field in NOTE_FIELDS:
        assert validate_note(field, "  as typed\n") == "  as typed\n"
    assert validate_note(NOTE, "x" * MAX_NOTE_LENGTH) == "x" * MAX_NOTE_LENGTH


def test_a_long_note_or_an_unknown_field_is_refused() -> None:
    too_long = r"^A note can hold at most 20,000 characters; this one has 20,001\.$"
    with pytest.raises(InvalidInput, match=too_long):
        validate_note(NOTE, "x" * (MAX_NOTE_LENGTH + 1))
    with pytest.raises(InvalidInput, match="summary"):
        validate_note("summary", "")
    i18n.install("nl")
    with pytest.raises(InvalidInput, match=r"20\.000.*20\.001"):
        validate_note(NOTE, "x" * (MAX_NOTE_LENGTH + 1))


@pytest.mark.parametrize(
    ("active_ms", "in_seconds", "labels"),
    [
        (0, True, ["0", "10", "20", "30", "40", "50", "60"]),  # nothing yet: a minute
        (30_000, True, ["0", "10", "20", "30"]),
        (50_000, True, ["0", "10", "20", "30", "40", "50"]),
        (119_000, True, ["0", "15", "30", "45", "60", "75", "90", "105"]),
        (120_000, False, ["0", "1", "2"]),
        (3 * MINUTE + 20_000, False, ["0", "1", "2", "3"]),
        (9 * MINUTE, False, ["0", "2", "4", "6", "8"]),
        (47 * MINUTE, False, ["0", "10", "20", "30", "40"]),
        (71 * MINUTE, False, ["0", "10", "20", "30", "40", "50", "60", "70"]),
        (90 * MINUTE, False, ["0", "15", "30", "45", "60", "75", "90"]),
        (300 * MINUTE, False, ["0", "60", "120", "180", "240", "300"]),
    ],
)
def test_a_time_axis_takes_round_steps_and_ends_at_the_session_end(
    active_ms: int, in_seconds: bool, labels: list[str]
) -> None:
    axis = time_axis(active_ms)
    assert axis.in_seconds is in_seconds
    assert [label for _at, label in axis.ticks] == labels
    assert axis.end_ms == (active_ms or 60_000)


@given(st.integers(min_value=1, max_value=24 * 60 * MINUTE))
def test_time_ticks_are_evenly_spaced_labelled_truly_and_never_past_the_end(active_ms: int) -> None:
    axis = time_axis(active_ms)
    unit = 1_000 if axis.in_seconds else MINUTE
    offsets = [at for at, _label in axis.ticks]
    assert offsets[0] == 0 and offsets[-1] <= axis.end_ms
    assert len({b - a for a, b in pairwise(offsets)}) <= 1
    assert all(label == str(at // unit) and at % unit == 0 for at, label in axis.ticks)
    assert len(offsets) <= 9
