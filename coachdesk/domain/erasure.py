"""Erasing a coachee: what will go, and the log that lets an erasure be applied again.

Backups made before an erasure still hold the coachee. The erasure log, a file in the data
folder, lists each erased coachee and their sessions by uid only (never a name), so that a
restored backup or an imported archive can have the erasure applied again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _, ngettext

LOG_NAME = "erasures.jsonl"


@dataclass(frozen=True, slots=True)
class ErasurePlan:
    """What erasing a coachee removes, to name in the confirmation."""

    name: str
    sessions: int
    tallies: int
    notes: int

    def describe(self) -> str:
        """One sentence naming what goes, for the confirmation."""
        parts = [
            ngettext("{n} session", "{n} sessions", self.sessions).format(n=self.sessions),
            ngettext("{n} tally", "{n} tallies", self.tallies).format(n=self.tallies),
            ngettext("{n} note", "{n} notes", self.notes).format(n=self.notes),
        ]
        return _(
            "Erase {name} for good: the name, {sessions}, {tallies} and {notes}. "
            "This cannot be undone."
        ).format(name=self.name, sessions=parts[0], tallies=parts[1], notes=parts[2])


@dataclass(frozen=True, slots=True)
class BackupsAfterErasure:
    """The backups made before an erasure: those read and found to hold the coachee (to
    purge), and those that could not be read to tell (damaged, or encrypted with another
    passphrase: never deleted, named for the coach to look at)."""

    holding: list[Path]
    unreadable: list[Path]


@dataclass(frozen=True, slots=True)
class Erased:
    """One erasure, as the log keeps it: uids only."""

    coachee_uid: str
    session_uids: tuple[str, ...]
    erased_at_ms: int

    def line(self) -> str:
        return json.dumps(
            {
                "coachee": self.coachee_uid,
                "sessions": list(self.session_uids),
                "erased_at_ms": self.erased_at_ms,
            }
        )


def log_path(data_dir: Path) -> Path:
    return data_dir / LOG_NAME


def append(data_dir: Path, erased: Erased) -> int:
    """Add one erasure to the log and make it durable (a private file, appended only).

    Returns the log's size before, for :func:`take_back`.
    """
    fd = os.open(log_path(data_dir), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        size = os.fstat(fd).st_size
        os.write(fd, (erased.line() + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return size


def take_back(data_dir: Path, size: int) -> None:
    """Cut the log back to ``size`` bytes: the erasure just appended did not happen."""
    if size == 0:  # the log was empty or not there: an empty log holds no erasure either
        log_path(data_dir).unlink(missing_ok=True)
        return
    fd = os.open(log_path(data_dir), os.O_WRONLY)
    try:
        os.ftruncate(fd, size)
        os.fsync(fd)
    finally:
        os.close(fd)


def read_log(data_dir: Path) -> list[Erased]:
    """Every erasure the log holds; a missing log holds none.

    Raises:
        InvalidInput: the log is unreadable or damaged (never silently ignored: an erasure
            that is not applied again would bring a coachee back).
    """
    path = log_path(data_dir)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput(
            _("Cannot read the erasure log {path}: {error}").format(path=path, error=e)
        ) from e
    entries = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            entries.append(
                Erased(
                    str(doc["coachee"]),
                    tuple(str(s) for s in doc["sessions"]),
                    int(doc["erased_at_ms"]),
                )
            )
        except (ValueError, KeyError, TypeError) as e:
            raise InvalidInput(
                _("The erasure log {path} is damaged: {error}").format(path=path, error=e)
            ) from e
    return entries


def erased_uids(entries: Iterable[Erased]) -> frozenset[str]:
    """Every coachee and session uid ever erased."""
    return frozenset(u for e in entries for u in (e.coachee_uid, *e.session_uids))
