"""Schemes the tests record with, beside the presets."""

from __future__ import annotations

from coachdesk.domain.model import Side
from coachdesk.domain.schemes import Detail, Kind, KindType, Scheme, Words

#: A scheme of the coach's own: a point on a letter key, and a kind that asks which one.
OWN = Scheme(
    key="mine",
    name=Words("My questions", "Mijn vragen"),
    version=1,
    kinds=(
        Kind("silence", Words("silence held", "stilte gelaten"), "1", "slate", Side.COACHEE),
        Kind(
            "question",
            Words("question asked", "vraag gesteld"),
            "q",
            "blue",
            Side.COACH,
            details=(
                Detail("scaling", Words("scaling", "schaal")),
                Detail("miracle", Words("miracle", "wonder")),
                Detail("exception", Words("exception", "uitzondering")),
            ),
        ),
        Kind(
            "calm",
            Words("calm", "rustig"),
            "a",
            "green",
            Side.NEUTRAL,
            type=KindType.STATE,
            group="mood",
        ),
        Kind(
            "tense",
            Words("tense", "gespannen"),
            "b",
            "red",
            Side.NEUTRAL,
            type=KindType.STATE,
            group="mood",
        ),
    ),
)
