"""The practice server as the app sees it: what a sync round did and what a supervisor's
overview holds (plain values; the server's own code is in ``coachdesk.store.server``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coachdesk.domain.i18n import N_, _

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


#: What a :class:`Difference` is about: a session, or a coachee (their name, note or archive
#: mark).
SESSION = "session"
COACHEE = "coachee"
#: The parts of a coachee that can differ, as the coach reads them (translated where shown).
COACHEE_NAME, COACHEE_NOTE, COACHEE_ARCHIVED = N_("name"), N_("note"), N_("archive mark")
#: How much of a note a difference shows.
NOTE_SHOWN = 60


@dataclass(frozen=True, slots=True)
class CoacheeCopy:
    """One side's copy of a coachee, in the parts that may differ."""

    name: str
    note: str
    archived: bool

    def describe(self, what: tuple[str, ...]) -> str:
        """The parts in ``what``, as the coach reads them."""
        parts = []
        if COACHEE_NAME in what:
            parts.append(f"“{self.name}”")
        if COACHEE_ARCHIVED in what:
            parts.append(_("archived") if self.archived else _("not archived"))
        if COACHEE_NOTE in what:
            note = " ".join(self.note.split())
            if len(note) > NOTE_SHOWN:
                note = note[: NOTE_SHOWN - 1] + "…"
            parts.append(_("note “{note}”").format(note=note) if note else _("no note"))
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Difference:
    """A session or a coachee that differs between this machine and the practice server, as
    the coach reads it; both copies are kept until the coach settles it."""

    uid: str  # the session's (or the coachee's) stable id
    coachee: str  # the coachee's name here
    started_at_ms: int  # when the session started (this machine's copy); a coachee: made
    number: int  # its number among the coachee's sessions here, from 1, oldest first; or 0
    what: tuple[str, ...]  # the parts that differ (untranslated words, marked with N_)
    kind: str = SESSION
    #: A coachee's two copies, this machine's and the server's, as the last round found
    #: them (None when the list was read back after a restart: the next round shows them).
    copies: tuple[CoacheeCopy, CoacheeCopy] | None = None

    def describe(self) -> str:
        """The difference as the coach reads it (the date in this machine's time zone)."""
        what = ", ".join(_(w) for w in self.what)
        if self.kind == COACHEE:
            text = _("Coachee {coachee}: differs in {what}.").format(
                coachee=self.coachee, what=what
            )
            if self.copies is not None:
                here, there = self.copies
                text += " " + _("This computer: {here}; the server: {there}.").format(
                    here=here.describe(self.what), there=there.describe(self.what)
                )
            return text
        day = datetime.fromtimestamp(self.started_at_ms / 1000).astimezone().date()
        return _("{coachee}, session {number} of {date}: differs in {what}.").format(
            coachee=self.coachee,
            number=self.number,
            date=day.isoformat(),
            what=what,
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
    #: Sessions and coachees that differ between here and the server, for the coach to
    #: settle.
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
    #: Sessions recorded with the Four legs scheme (or one made from it), and how often each
    #: leg was offered in them, in ``scheme_presets.LEGS`` order.
    legs_sessions: int = 0
    socio_emotional: int = 0
    network: int = 0
    autonomy: int = 0
    career: int = 0
