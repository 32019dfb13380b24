"""Preferences: a small, typed, versioned JSON file. Window geometry is kept elsewhere.

Every field is checked on load; a value that is missing or not what it should be falls back
to its default, so a hand-edited or older file never stops the app. A file of an older
version is brought up to this one step by step (:data:`UPGRADES`); a file a newer coachdesk
wrote is read for what this version knows, and saving keeps what it does not know.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from coachdesk.domain.grain import DEFAULT_MIN_MINUTES, MAX_MIN_MINUTES, Grain
from coachdesk.domain.i18n import normalise
from coachdesk.domain.rotation import DEFAULT_POLICY, Policy, valid_policy

if TYPE_CHECKING:  # read before the first paint: the model and history come later
    from coachdesk.domain.history import HistoryFilter
    from coachdesk.domain.model import CoacheeId

SETTINGS_VERSION = 1

#: One step for each older version N, taking a file's plain data from version N to N + 1
#: (``tests/unit/test_settings.py`` has a test per step, and checks every version has one).
#: None yet: version 1 is the only format coachdesk has written; fields added since (discreet,
#: global_keys, announce, the history's scheme) are optional and read with their defaults,
#: needing no step.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass(frozen=True, slots=True)
class HistoryChoice:
    """What the history views were last limited to, remembered between runs."""

    first_day: date | None = None
    last_day: date | None = None
    coachees: tuple[CoacheeId, ...] = ()
    include_archived: bool = False
    grain: Grain = Grain.MONTH
    #: Sessions shorter than this many active minutes are not counted (0: every one counts).
    min_minutes: int = DEFAULT_MIN_MINUTES
    #: Only sessions of this tally scheme (its key); None: every scheme.
    scheme: str | None = None

    @property
    def min_active_ms(self) -> int:
        """Sessions shorter than this are not counted (read before the first paint, so
        without the history module that :attr:`filter` needs)."""
        return self.min_minutes * 60_000

    @property
    def filter(self) -> HistoryFilter:
        from coachdesk.domain.history import HistoryFilter

        return HistoryFilter(
            self.first_day,
            self.last_day,
            frozenset(self.coachees),
            self.include_archived,
            self.min_active_ms,
            self.scheme,
        )


@dataclass(frozen=True, slots=True)
class Settings:
    language: str | None = None  # None: follow the system locale
    #: The coach's own target for the coachee's share (0..1), drawn as a line; None: no line.
    target_share: float | None = None
    history: HistoryChoice = field(default_factory=HistoryChoice)
    #: How many daily, weekly and monthly backups to keep.
    backup_policy: Policy = DEFAULT_POLICY
    #: During a session, show the time and the hat but not the counts (the coachee may see
    #: the screen): the coach's choice, offered on the first screen.
    discreet: bool = False
    #: Ctrl+Alt+1..9 tally while another program (the call) has the keyboard (X11 only).
    global_keys: bool = False
    #: Tallies, undo, hats, pauses and the planned time said to a screen reader.
    announce: bool = True
    #: The practice server's URL (``coachdesk practice connect``), never with a password.
    practice_url: str | None = None
    #: What sync sends to the practice server: everything (True), or everything but notes.
    practice_notes: bool = True
    #: Whether the practice server's password is kept in this computer's keyring (the
    #: coach's choice; off: asked at each start). The password itself is never in this file.
    practice_keyring: bool = False
    #: The scheme a new coachee's first session is offered (its key); None: the scheme used
    #: last, Balance before any session. An earlier coachee is offered their own last.
    default_scheme: str | None = None


def valid_share(value: object) -> float | None:
    """A target share if ``value`` is one (a number from 0 to 1), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and 0 <= number <= 1 else None


def _read(path: Path) -> dict[str, Any] | None:
    """The file's plain data at this version (or a newer one's, as it is); None when it is
    missing, unreadable, not ours, or of a version that never existed."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = raw.get("version") if isinstance(raw, dict) else None
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return None
    while version < SETTINGS_VERSION:
        raw = UPGRADES[version](raw)
        version += 1
        raw["version"] = version
    return dict(raw)


def load(path: Path) -> Settings:
    """Read settings; a missing, unreadable or foreign file gives the defaults."""
    raw = _read(path)
    if raw is None:
        return Settings()
    language = raw.get("language")
    return Settings(
        language=normalise(language) if isinstance(language, str) else None,
        target_share=valid_share(raw.get("target_share")),
        history=_history(raw.get("history")),
        backup_policy=valid_policy(raw.get("backup_policy")),
        discreet=raw.get("discreet") is True,
        global_keys=raw.get("global_keys") is True,
        announce=raw.get("announce") is not False,
        practice_url=_text(raw.get("practice_url")),
        practice_notes=raw.get("practice_notes") is not False,
        practice_keyring=raw.get("practice_keyring") is True,
        default_scheme=_scheme_key(raw.get("default_scheme")),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _history(raw: object) -> HistoryChoice:
    if not isinstance(raw, dict):
        return HistoryChoice()
    coachees = raw.get("coachees")
    ids = (
        tuple(
            cast("CoacheeId", i)  # a NewType of int: the int itself
            for i in coachees
            if isinstance(i, int) and not isinstance(i, bool)
        )
        if isinstance(coachees, list)
        else ()
    )
    grain = raw.get("grain")
    return HistoryChoice(
        first_day=_day(raw.get("first_day")),
        last_day=_day(raw.get("last_day")),
        coachees=ids,
        include_archived=raw.get("include_archived") is True,
        grain=Grain(grain) if grain in {g.value for g in Grain} else Grain.MONTH,
        min_minutes=_minutes(raw.get("min_minutes")),
        scheme=_scheme_key(raw.get("scheme")),
    )


def _scheme_key(value: object) -> str | None:
    """A scheme's key if ``value`` could be one (an identifier, as ``schemes.KEY_PATTERN``
    has it: that module is not read before the first paint), else None (every scheme)."""
    if isinstance(value, str) and re.fullmatch(r"[a-z][a-z0-9_]{0,39}", value):
        return value
    return None


def _minutes(value: object) -> int:
    """A minimum session length in minutes if ``value`` is one, else the default."""
    if isinstance(value, bool) or not isinstance(value, int):
        return DEFAULT_MIN_MINUTES
    return value if 0 <= value <= MAX_MIN_MINUTES else DEFAULT_MIN_MINUTES


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _plain(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    history = settings.history
    data["history"] = {
        "first_day": history.first_day.isoformat() if history.first_day else None,
        "last_day": history.last_day.isoformat() if history.last_day else None,
        "coachees": list(history.coachees),
        "include_archived": history.include_archived,
        "grain": history.grain.value,
        "min_minutes": history.min_minutes,
        "scheme": history.scheme,
    }
    return data


def save(path: Path, settings: Settings) -> None:
    """Write settings atomically, private to the user. A file a newer coachdesk wrote keeps
    its version and the fields this version does not know.

    Raises:
        InvalidInput: the file cannot be written (the old one stays whole).
    """
    from coachdesk.domain.private_files import private_file

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data: dict[str, Any] = {"version": SETTINGS_VERSION}
    existing = _read(path)
    if existing is not None and existing["version"] > SETTINGS_VERSION:
        data = existing
    data.update(_plain(settings))
    with private_file(path) as tmp:
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
