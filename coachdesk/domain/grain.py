"""How history is read: the periods the practice view groups sessions in, and the shortest
session that counts. Its own module so that reading the preferences before the first paint
imports no more than this (see :mod:`coachdesk.domain.settings`)."""

from __future__ import annotations

from enum import Enum


class Grain(Enum):
    """How the practice view groups sessions: by the coach's local calendar."""

    WEEK = "week"  # ISO weeks, starting on Monday
    MONTH = "month"


#: Sessions shorter than this many active minutes are not counted in figures unless the coach
#: counts one anyway: a test, a false start or a call cut off after a minute says nothing about
#: a coaching conversation (30 to 90 minutes), yet its rate per hour can dwarf every real one
#: (a 49-second session with 4 advice is "294 advice per hour"). The coach can change it.
DEFAULT_MIN_MINUTES = 5
#: The highest minimum a coach can set: above it, ordinary short sessions would drop out.
MAX_MIN_MINUTES = 30
