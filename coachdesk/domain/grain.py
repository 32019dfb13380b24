"""How the practice view groups sessions; its own module so that reading the preferences
before the first paint imports no more than this (see :mod:`coachdesk.domain.settings`)."""

from __future__ import annotations

from enum import Enum


class Grain(Enum):
    """How the practice view groups sessions: by the coach's local calendar."""

    WEEK = "week"  # ISO weeks, starting on Monday
    MONTH = "month"
