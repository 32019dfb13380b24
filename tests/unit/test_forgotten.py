"""When coachdesk asks whether a session was forgotten: the rule, on its own."""

from __future__ import annotations

import pytest

from coachdesk.domain.timer import looks_forgotten

MIN = 60_000


@pytest.mark.parametrize(
    ("elapsed_min", "planned", "idle_min", "asked"),
    [
        (60, 45, 10, True),  # 15 minutes past the plan, 10 minutes untouched
        (59, 45, 30, False),  # not far enough past the plan
        (90, 45, 9, False),  # the coach is still typing or moving the mouse
        (119, None, 60, False),  # nothing planned: two hours first
        (120, None, 10, True),
        (600, 45, None, False),  # the platform cannot tell idle time: never asks
    ],
)
def test_the_rule(elapsed_min: int, planned: int | None, idle_min: int | None, asked: bool) -> None:
    idle = None if idle_min is None else idle_min * MIN
    assert looks_forgotten(elapsed_min * MIN, planned, idle) is asked
