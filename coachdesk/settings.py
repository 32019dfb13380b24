"""Preferences: a small, typed, versioned JSON file. Window geometry is kept elsewhere."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from coachdesk.i18n import normalise

SETTINGS_VERSION = 1


@dataclass(frozen=True, slots=True)
class Settings:
    language: str | None = None  # None: follow the system locale


def load(path: Path) -> Settings:
    """Read settings; a missing, unreadable or foreign file gives the defaults."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict) or raw.get("version") != SETTINGS_VERSION:
        return Settings()
    language = raw.get("language")
    return Settings(language=normalise(language) if isinstance(language, str) else None)


def save(path: Path, settings: Settings) -> None:
    """Write settings atomically, private to the user."""
    import tempfile  # only when saving: keeps it off the start-up path

    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = {"version": SETTINGS_VERSION, **asdict(settings)}
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
