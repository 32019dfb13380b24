"""For tests that record on a healthy disk: every tally is written at once."""

from __future__ import annotations

from coachdesk.domain.recorder import Change, TallyAdded, TallyUndone


def written(change: Change | None) -> TallyAdded:
    assert isinstance(change, TallyAdded), change
    return change


def undone(change: Change | None) -> TallyUndone:
    assert isinstance(change, TallyUndone), change
    return change
