"""The practice server as the app sees it: what a sync round did and what a supervisor's
overview holds (plain values; the server's own code is in ``coachdesk.store.server``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: How often the app syncs while it runs (besides after each session and on demand).
SYNC_EVERY_MS = 15 * 60 * 1000
#: After a failed round, the first retry; each further failure doubles it, up to
#: :data:`SYNC_EVERY_MS`.
RETRY_FIRST_MS = 60 * 1000


def local_zone() -> str:
    """This machine's time zone by its IANA name (what PostgreSQL reads), for the months of
    the overview: ``TZ`` if set, else where ``/etc/localtime`` leads, else UTC."""
    given = os.environ.get("TZ", "").lstrip(":")
    if (given and "/" in given) or given == "UTC":
        return given
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return "UTC"
    _, found, name = target.partition("zoneinfo/")
    return name if found and name else "UTC"


def retry_after(failures: int) -> int:
    """How long to wait before the next round after ``failures`` failed rounds in a row."""
    return min(SYNC_EVERY_MS, RETRY_FIRST_MS << max(0, failures - 1))


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What one round did, as the app shows it."""

    at_ms: int  # when it finished (UTC)
    sent_sessions: int = 0
    received_sessions: int = 0
    received_coachees: int = 0
    erased_here: int = 0
    #: Records that differ between here and the server: both kept, listed for the coach.
    differences: tuple[str, ...] = ()

    @property
    def changed_here(self) -> bool:
        """Whether this machine's records changed (the windows read them again)."""
        return bool(self.received_sessions or self.received_coachees or self.erased_here)


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One coach's month, as the supervisor's overview gives it: figures, never a name of a
    coachee, a note or a single tally."""

    coach: str
    month: str  # YYYY-MM
    sessions: int
    minutes: int
    coach_tallies: int
    coachee_tallies: int
    hats: int
