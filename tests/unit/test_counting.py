"""Which sessions count in figures: left out by the coach, too short, or counted anyway."""

from __future__ import annotations

import pytest

from coachdesk.domain.history import Counting, SessionFacts, toggled_counting
from coachdesk.domain.model import CoacheeId, SessionId


def facts(*, left_out: bool = False, short: bool = False, anyway: bool = False) -> SessionFacts:
    return SessionFacts(
        SessionId(1),
        CoacheeId(1),
        0,
        60_000 if short else 3_600_000,
        True,
        2,
        3,
        left_out=left_out,
        short=short,
        counted_anyway=anyway,
    )


@pytest.mark.parametrize(
    ("session", "counted", "too_short", "toggled"),
    [
        (facts(), True, False, Counting.LEFT_OUT),
        (facts(short=True), False, True, Counting.ANYWAY),
        (facts(short=True, anyway=True), True, False, Counting.LEFT_OUT),
        (facts(left_out=True), False, False, Counting.RULE),
        (facts(left_out=True, short=True), False, False, Counting.ANYWAY),
    ],
)
def test_counting_and_what_the_button_does(
    session: SessionFacts, counted: bool, too_short: bool, toggled: Counting
) -> None:
    assert session.counted is counted
    assert session.too_short is too_short
    assert toggled_counting(session) is toggled
