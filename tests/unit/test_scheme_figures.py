"""Figures for any scheme: the balance, counts, time under states; and the presets' own."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain import i18n
from coachdesk.domain.balance import balance_of
from coachdesk.domain.model import (
    DETAIL_HAT,
    Hat,
    Pause,
    SessionId,
    Tally,
    TallyId,
    TallyKind,
    TallyKindId,
)
from coachdesk.domain.review import hat_spans, hat_totals
from coachdesk.domain.scheme_colours import shade
from coachdesk.domain.scheme_figures import (
    MITI_CAVEAT,
    MITI_COMPLEX_SHARE,
    MITI_REFLECTIONS_PER_QUESTION,
    Event,
    figures,
    legs,
    listening,
    phases,
    sessions_since_leg,
    work_focus,
)
from coachdesk.domain.scheme_presets import (
    BALANCE_SCHEME,
    FOUR_LEGS_SCHEME,
    GROW_SCHEME,
    LEARNING_SCHEME,
    LISTENING_SCHEME,
)
from coachdesk.domain.schemes import Retire, edited

MINUTE = 60_000
UNKNOWN = 9


def todays_kinds() -> list[TallyKind]:
    """The Balance preset's kinds as the database holds them today (ids 1, 2, 3)."""
    return [
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


@st.composite
def sessions(draw: st.DrawFn) -> tuple[list[Tally], int]:
    """Tallies as stored (in id order), some of no known kind, some past the end, hats with
    and without a known hat; and the session's active time."""
    active_ms = draw(st.integers(0, 90 * MINUTE))
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from([1, 2, 3, UNKNOWN]),
                st.integers(0, active_ms + MINUTE),
                st.sampled_from([None, "bogus", *(h.value for h in Hat)]),
            ),
            max_size=40,
        )
    )
    tallies = [
        Tally(TallyId(n), SessionId(1), TallyKindId(kind), offset, offset, detail)
        for n, (kind, offset, detail) in enumerate(rows, start=1)
    ]
    return tallies, active_ms


def events_of(tallies: list[Tally]) -> list[Event]:
    key_of = {k.id: k.key for k in todays_kinds()}
    return [Event(key_of.get(t.kind_id, "unknown"), t.offset_ms, t.detail) for t in tallies]


@given(sessions())
def test_the_balance_preset_gives_todays_balance_and_hats(session: tuple[list[Tally], int]) -> None:
    tallies, active_ms = session
    kinds = todays_kinds()
    got = figures(BALANCE_SCHEME, events_of(tallies), active_ms)
    assert got.balance == balance_of(kinds, tallies)
    per_kind = Counter(t.kind_id for t in tallies)
    assert got.counts == {k.key: per_kind[k.id] for k in kinds}
    hats = got.groups["hat"]
    assert [(s.state[1], s.start_ms, s.end_ms) for s in hats.stretches] == [
        (s.hat.value, s.start_ms, s.end_ms) for s in hat_spans(kinds, tallies, active_ms)
    ]
    assert [(t.state[1], t.entered, t.worn_ms) for t in hats.times] == [
        (t.hat.value, t.count, t.worn_ms) for t in hat_totals(kinds, tallies, active_ms)
    ]


def test_a_state_lasts_until_another_of_its_group_and_pauses_do_not_lengthen_it() -> None:
    events = [
        Event("reality", 2 * MINUTE),
        Event("goal", 0),  # stored later, happened first
        Event("options", 5 * MINUTE),
        Event("reality", 6 * MINUTE),
        Event("reality", 7 * MINUTE),  # pressed again: one more stretch, the same state
        Event("will", 9 * MINUTE),
    ]
    pauses = (Pause(3 * MINUTE, 1_000, 601_000), Pause(8 * MINUTE, 900_000, None))
    got = figures(GROW_SCHEME, events, 12 * MINUTE, pauses)
    grow = got.groups["grow"]
    assert [(s.state[0], s.start_ms, s.end_ms) for s in grow.stretches] == [
        ("goal", 0, 2 * MINUTE),
        ("reality", 2 * MINUTE, 5 * MINUTE),
        ("options", 5 * MINUTE, 6 * MINUTE),
        ("reality", 6 * MINUTE, 7 * MINUTE),
        ("reality", 7 * MINUTE, 9 * MINUTE),
        ("will", 9 * MINUTE, 12 * MINUTE),
    ]
    assert [s[0] for s in grow.order] == ["goal", "reality", "options", "reality", "will"]
    assert (got.pauses, got.paused_ms) == (2, 600_000)  # the open pause has no length yet
    assert got.balance.coach == got.balance.coachee == 0  # phases are nobody's contribution
    found = phases(got)
    assert found.time_ms == {
        "goal": 2 * MINUTE,
        "reality": 6 * MINUTE,
        "options": MINUTE,
        "will": 3 * MINUTE,
    }
    assert found.order == ("goal", "reality", "options", "reality", "will")
    assert found.before_ms == 0 and found.reached_will


def test_a_session_that_never_reached_a_next_step() -> None:
    got = phases(figures(GROW_SCHEME, [Event("options", 4 * MINUTE)], 10 * MINUTE))
    assert got.order == ("options",) and not got.reached_will
    assert got.before_ms == 4 * MINUTE and got.time_ms["options"] == 6 * MINUTE
    empty = phases(figures(GROW_SCHEME, [], 10 * MINUTE))
    assert empty.order == () and empty.before_ms == 10 * MINUTE
    assert sum(empty.time_ms.values()) == 0


def test_a_state_with_choices_starts_only_with_one() -> None:
    events = [Event("hat", MINUTE, "mentor"), Event("hat", 2 * MINUTE, None)]
    got = figures(BALANCE_SCHEME, events, 5 * MINUTE)
    assert got.counts["hat"] == 2
    assert [(s.state, s.start_ms, s.end_ms) for s in got.groups["hat"].stretches] == [
        (("hat", "mentor"), MINUTE, 5 * MINUTE)
    ]


def test_events_of_kinds_the_scheme_lacks_are_left_out() -> None:
    got = figures(FOUR_LEGS_SCHEME, [Event("advice", 0), Event("network", MINUTE)], MINUTE)
    assert got.counts == {"socio_emotional": 0, "network": 1, "autonomy": 0, "career": 0}


def test_the_legs_a_session_touched_and_missed() -> None:
    events = [Event("network", 0), Event("career", MINUTE), Event("network", 2 * MINUTE)]
    got = legs(FOUR_LEGS_SCHEME, figures(FOUR_LEGS_SCHEME, events, 3 * MINUTE))
    assert got.touched == ("network", "career")
    assert got.missing == ("socio_emotional", "autonomy")
    # A retired leg is still a leg of the scheme; a leg the scheme lacks is neither.
    retired = edited(FOUR_LEGS_SCHEME, Retire("autonomy"))
    assert legs(retired, figures(retired, events, 3 * MINUTE)).missing == (
        "socio_emotional",
        "autonomy",
    )
    no_legs = legs(BALANCE_SCHEME, figures(BALANCE_SCHEME, [], 0))
    assert (no_legs.touched, no_legs.missing) == ((), ())


def test_how_long_each_leg_has_been_missing() -> None:
    oldest_first = [{"career", "network"}, {"socio_emotional"}, set(), {"socio_emotional"}]
    assert sessions_since_leg(oldest_first) == {
        "socio_emotional": 0,
        "network": 3,
        "autonomy": None,
        "career": 3,
    }


def test_work_focused_time_against_the_rest() -> None:
    events = [
        Event("work_situation", 2 * MINUTE),
        Event("context_named", 3 * MINUTE),
        Event("other_talk", 8 * MINUTE),
        Event("work_situation", 10 * MINUTE),
        Event("advice", 11 * MINUTE),
    ]
    got = figures(LEARNING_SCHEME, events, 20 * MINUTE)
    focus = work_focus(got)
    assert (focus.work_ms, focus.other_ms) == (16 * MINUTE, 4 * MINUTE)
    assert focus.work_share == 0.8
    assert (got.balance.coach, got.balance.coachee) == (1, 1)
    assert work_focus(figures(LEARNING_SCHEME, [], 0)).work_share is None


def test_listening_ratios_and_thresholds_only_when_turned_on() -> None:
    counts = {
        "open_question": 3,
        "closed_question": 1,
        "simple_reflection": 3,
        "complex_reflection": 2,
        "advice_without_permission": 1,
    }
    events = [Event(key, n) for key, many in counts.items() for n in range(many)]
    got = figures(LISTENING_SCHEME, events, 10 * MINUTE)
    quiet = listening(got)
    assert (quiet.questions, quiet.reflections, quiet.complex_reflections) == (4, 5, 2)
    assert quiet.reflections_per_question == 1.25
    assert quiet.complex_share == 0.4
    assert quiet.reflections_threshold is None and quiet.complex_threshold is None
    shown = listening(got, thresholds=True)
    assert shown.reflections_threshold == MITI_REFLECTIONS_PER_QUESTION
    assert (shown.reflections_threshold.fair, shown.reflections_threshold.good) == (1.0, 2.0)
    assert shown.complex_threshold == MITI_COMPLEX_SHARE
    assert (MITI_COMPLEX_SHARE.fair, MITI_COMPLEX_SHARE.good) == (0.4, 0.5)
    assert (got.balance.coach, got.balance.coachee) == (1, 0)  # only advice is the coach's
    none = listening(figures(LISTENING_SCHEME, [], MINUTE))
    assert none.reflections_per_question is None and none.complex_share is None


def test_the_caveat_is_said_in_dutch() -> None:
    i18n.install("nl")
    assert "geen norm voor coaching" in i18n._(MITI_CAVEAT)


@pytest.mark.parametrize("active_ms", [0, 5 * MINUTE])
def test_no_events_no_figures(active_ms: int) -> None:
    got = figures(BALANCE_SCHEME, [], active_ms)
    assert got.balance.coachee_share is None
    assert set(got.counts.values()) == {0}
    assert got.groups["hat"].stretches == () and got.groups["hat"].order == ()
