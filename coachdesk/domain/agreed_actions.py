"""Agreed actions that come back: what the coachee set out to do before the next session, in
a few words each, and at that next session whether they did it (done, partly or not).

The coachee's own power made concrete. Typed at a session's end (one action a line, stored as
typed, like a note); shown to the coach alone at the coachee's next session, to be marked;
counted in the review and the trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NewType

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import N_, _
from coachdesk.domain.model import SessionId

AgreedActionId = NewType("AgreedActionId", int)

#: A few words each: at most this many characters an action.
MAX_ACTION_LENGTH = 200
#: At most this many actions a session (a next step or two, not a plan).
MAX_ACTIONS = 9


class Outcome(Enum):
    """How an agreed action came back at the next session."""

    DONE = "done"
    PARTLY = "partly"
    NOT = "not"


#: The words for each outcome, in the order they are offered.
OUTCOME_WORDS: dict[Outcome, str] = {
    Outcome.DONE: N_("Done"),
    Outcome.PARTLY: N_("Partly"),
    Outcome.NOT: N_("Not"),
}


@dataclass(frozen=True, slots=True)
class AgreedAction:
    """One action agreed in ``session_id``; ``outcome`` None until marked."""

    id: AgreedActionId
    session_id: SessionId
    position: int  # 0, 1, ...: the line it stands on
    text: str
    outcome: Outcome | None = None


@dataclass(frozen=True, slots=True)
class ActionsDone:
    """How the actions agreed in one session came back."""

    total: int
    done: int = 0
    partly: int = 0
    not_done: int = 0

    @property
    def marked(self) -> int:
        return self.done + self.partly + self.not_done

    def text(self) -> str:
        """ "2 of 3 done", with ", 1 partly" when some were; before any is marked, says so."""
        if not self.marked:
            return _("{total} agreed, not followed up yet").format(total=self.total)
        said = _("{done} of {total} done").format(done=self.done, total=self.total)
        if self.partly:
            said += _(", {partly} partly").format(partly=self.partly)
        return said

    def short(self) -> str:
        """For a table cell: "2 of 3", or "3 open" before any is marked."""
        if not self.marked:
            return _("{total} open").format(total=self.total)
        return _("{done} of {total}").format(done=self.done, total=self.total)


def counted(actions: list[AgreedAction]) -> ActionsDone | None:
    """How ``actions`` (one session's) came back; None when there are none."""
    if not actions:
        return None
    outcomes = [a.outcome for a in actions]
    return ActionsDone(
        total=len(actions),
        done=outcomes.count(Outcome.DONE),
        partly=outcomes.count(Outcome.PARTLY),
        not_done=outcomes.count(Outcome.NOT),
    )


def actions_in(text: str) -> list[str]:
    """The actions a coach typed, one a line: each line's words, blank lines skipped.

    Raises:
        InvalidInput: more than :data:`MAX_ACTIONS` actions, or one longer than
            :data:`MAX_ACTION_LENGTH` characters.
    """
    actions = [" ".join(line.split()) for line in text.splitlines()]
    actions = [a for a in actions if a]
    if len(actions) > MAX_ACTIONS:
        raise InvalidInput(
            _("At most {limit} agreed actions a session; this has {count}.").format(
                limit=MAX_ACTIONS, count=len(actions)
            )
        )
    for number, action in enumerate(actions, 1):
        if len(action) > MAX_ACTION_LENGTH:
            raise InvalidInput(
                _(
                    "Agreed action {number} is longer than {limit} characters: a few words "
                    "are enough."
                ).format(number=number, limit=MAX_ACTION_LENGTH)
            )
    return actions
