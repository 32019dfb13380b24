"""BORIS project files as BORIS writes them, for the tests of the ethogram import."""

from __future__ import annotations

import gzip
import json
from typing import Any

from coachdesk.domain.scheme_files import BORIS_PROJECT_FORMAT


def behaviour(
    code: str,
    key: str,
    kind: str = "Point event",
    *,
    color: str = "",
    excluded: str = "",
    modifiers: object = "",
    category: str = "",
) -> dict[str, Any]:
    """One entry of ``behaviors_conf`` with the fields BORIS 9.12.3 writes, in its order."""
    return {
        "type": kind,
        "key": key,
        "code": code,
        "description": "",
        "color": color,
        "category": category,
        "modifiers": modifiers,
        "excluded": excluded,
        "coding map": "",
    }


def project(*behaviours: dict[str, Any]) -> dict[str, Any]:
    """A BORIS project as BORIS 9.12.3 saves it (project format 7.0), with no observations."""
    return {
        "time_format": "hh:mm:ss",
        "project_date": "2026-12-04T10:00:00",
        "project_name": "Coaching study",
        "project_description": "Sessions coded in BORIS.",
        "project_format_version": BORIS_PROJECT_FORMAT,
        "subjects_conf": {"0": {"key": "c", "name": "coach", "description": ""}},
        "behaviors_conf": {str(n): b for n, b in enumerate(behaviours)},
        "observations": {},
        "behavioral_categories": ["questions", "phases"],
        "behavioral_categories_config": {
            "0": {"name": "questions", "color": ""},
            "1": {"name": "phases", "color": ""},
        },
        "independent_variables": {},
        "coding_map": {},
        "behaviors_coding_map": [],
        "converters": {},
    }


def saved(pj: dict[str, Any], *, gzipped: bool = False) -> bytes:
    """The bytes BORIS writes: compact JSON (its default indentation is none), gzipped for a
    ``.boris.gz``."""
    text = json.dumps(pj)
    return gzip.compress(text.encode("utf-8")) if gzipped else text.encode("utf-8")


STUDY = project(
    behaviour("open question", "1", color="#1e88e5", category="questions"),
    behaviour("closed question", "Q", category="questions"),
    behaviour("Goal", "g", "State event", excluded="Reality,Options", category="phases"),
    behaviour("Reality", "r", "State event", excluded="Goal", category="phases"),
    behaviour("Options", "o", "State event", excluded="Reality", color="#d1aa2e"),
    behaviour("Silence", "F1", "State event"),
    behaviour(
        "Hat named",
        "1",
        "Point event with coding map",
        modifiers={
            "0": {"name": "hat", "type": 0, "values": ["coach (c)", "assessor (a)", "mentor"]},
            "1": {"name": "confidence", "type": 2, "values": []},
        },
    ),
)
