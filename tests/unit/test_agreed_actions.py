"""Agreed actions in the domain: a line each as typed, and how they came back, counted."""

from __future__ import annotations

from coachdesk.domain.agreed_actions import (
    ActionsDone,
    AgreedAction,
    AgreedActionId,
    Outcome,
    actions_in,
    counted,
)
from coachdesk.domain.model import SessionId


def test_each_line_is_an_action_with_its_spacing_tidied() -> None:
    assert actions_in("  ask Kim\tfor feedback \n\n\nwalk at noon\n") == [
        "ask Kim for feedback",
        "walk at noon",
    ]
    assert actions_in("") == []


def test_how_they_came_back_is_counted_and_said() -> None:
    outcomes = [Outcome.DONE, Outcome.DONE, Outcome.PARTLY, Outcome.NOT, None]
    actions = [
        AgreedAction(AgreedActionId(n), SessionId(1), n, f"step {n}", outcome)
        for n, outcome in enumerate(outcomes)
    ]
    done = counted(actions)
    assert done == ActionsDone(total=5, done=2, partly=1, not_done=1)
    assert done.marked == 4
    assert (done.text(), done.short()) == ("2 of 5 done, 1 partly", "2 of 5")
    assert counted([]) is None
    assert ActionsDone(total=2).text() == "2 agreed, not followed up yet"
    assert ActionsDone(total=2).short() == "2 open"
    assert ActionsDone(total=2, not_done=2).text() == "0 of 2 done"
