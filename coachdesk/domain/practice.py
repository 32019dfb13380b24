"""The practice server as the app sees it: what a sync round did and what a supervisor's
overview holds (plain values; the server's own code is in ``coachdesk.store.server``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coachdesk.domain.i18n import _

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
class Difference:
    """A session that differs between this machine and the practice server, as the coach
    reads it; both copies are kept until the coach settles it."""

    uid: str  # the session's stable id
    coachee: str  # the coachee's name here
    started_at_ms: int  # when the session started (this machine's copy)
    number: int  # its number among the coachee's sessions here, from 1, oldest first
    what: tuple[str, ...]  # the parts that differ (untranslated words, marked with N_)

    def describe(self) -> str:
        """The difference as the coach reads it (the date in this machine's time zone)."""
        day = datetime.fromtimestamp(self.started_at_ms / 1000).astimezone().date()
        return _("{coachee}, session {number} of {date}: differs in {what}.").format(
            coachee=self.coachee,
            number=self.number,
            date=day.isoformat(),
            what=", ".join(_(w) for w in self.what),
        )


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
    #: Sessions that differ between here and the server, for the coach to settle.
    to_settle: tuple[Difference, ...] = ()

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
