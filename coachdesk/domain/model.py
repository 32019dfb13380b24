"""The plain values the rest of coachdesk passes around.

Nothing here knows about Qt or SQL: these are frozen dataclasses and small enums.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import NewType

from coachdesk.domain import i18n
from coachdesk.domain.i18n import N_, _

CoacheeId = NewType("CoacheeId", int)
SessionId = NewType("SessionId", int)
TallyKindId = NewType("TallyKindId", int)
TallyId = NewType("TallyId", int)
MarkerId = NewType("MarkerId", int)


class Side(Enum):
    """Whose contribution a tally kind counts."""

    COACH = "coach"
    COACHEE = "coachee"
    NEUTRAL = "neutral"


class Hat(Enum):
    """The roles a coach may declare out loud, so the coachee knows what to expect."""

    COACH = "coach"
    ASSESSOR = "assessor"
    MANAGER = "manager"
    MENTOR = "mentor"
    EXPERT = "expert"

    @property
    def label(self) -> str:
        """The untranslated label; pass it through ``_()`` to show it."""
        return _HAT_LABELS[self]


_HAT_LABELS = {
    Hat.COACH: N_("coach"),
    Hat.ASSESSOR: N_("assessor"),
    Hat.MANAGER: N_("manager"),
    Hat.MENTOR: N_("mentor"),
    Hat.EXPERT: N_("expert"),
}

_HAT_VALUES = frozenset(h.value for h in Hat)

#: The built-in kinds' labels, seeded by the first migration and translated when shown.
BUILTIN_KIND_LABELS = (N_("advice given"), N_("coachee action noted"), N_("role hat declared"))

#: What a kind's detail holds: a hat (the Balance scheme's role hats, checked against
#: :class:`Hat`), or one of the kind's own detail choices (a scheme of the coach's own).
DETAIL_HAT = "hat"
DETAIL_CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class Words:
    """A text in both interface languages (a scheme's words: data, not catalogue strings)."""

    en: str
    nl: str

    def in_language(self, code: str) -> str:
        return self.nl if code == "nl" else self.en

    def shown(self) -> str:
        """The text in the current interface language."""
        return self.in_language(i18n.current_language())


NO_WORDS = Words("", "")


@dataclass(frozen=True, slots=True)
class Detail:
    """One choice a kind offers after its key (a hat)."""

    key: str
    label: Words


#: How many characters of a session's uid make its reference.
SESSION_REF_LENGTH = 8
#: The fewest characters of a reference that are taken as one.
SESSION_REF_MIN_LENGTH = 4


def session_ref(uid: str) -> str:
    """A session's reference: the first characters of its uid (``"3f2a9c1e"``).

    Its numeric id is the database's own and changes when the session is imported elsewhere;
    the uid, and so the reference, is the same on every machine.
    """
    return uid.replace("-", "")[:SESSION_REF_LENGTH].lower()


@dataclass(frozen=True, slots=True, order=True)
class SchemeRef:
    """Which version of which tally scheme a session was recorded with."""

    key: str
    version: int


@dataclass(frozen=True, slots=True)
class Coachee:
    id: CoacheeId
    name: str


@dataclass(frozen=True, slots=True)
class TallyKind:
    """A tally button. Kinds are rows in the database, not an enum, so coaches can add their own.

    ``label`` is stored in English for the built-in kinds and translated when shown.
    """

    id: TallyKindId
    key: str
    label: str
    side: Side
    position: int
    colour: str
    detail: str | None = None
    #: What the session's scheme says of the kind (:func:`coachdesk.domain.scheme_kinds.
    #: session_kinds`); a kind read without its scheme has only the fields above.
    words: Words | None = None  # its label in both languages
    hotkey: str = ""  # the key that tallies it ("" : by its place, 1-9)
    dark_colour: str = ""  # its colour on a dark window ("": ``colour``)
    group: str | None = None  # a state's group: its states exclude each other
    choices: tuple[Detail, ...] = ()  # the detail choices its key asks for (the hats)
    offered: bool = True  # a button in new sessions (False: retired in the scheme)

    def shown(self) -> str:
        """Its label in the current language."""
        return self.words.shown() if self.words is not None else _(self.label)

    def choice_shown(self, detail: str) -> str:
        """A detail of its tallies in words (a hat's name)."""
        found = next((c for c in self.choices if c.key == detail), None)
        if found is not None:
            return found.label.shown()
        if self.detail == DETAIL_HAT and detail in _HAT_VALUES:
            return _(Hat(detail).label)
        return detail

    @property
    def asks_detail(self) -> bool:
        """Whether its key asks which detail (the hat) before it tallies."""
        return bool(self.choices) or self.detail == DETAIL_HAT

    @property
    def is_state(self) -> bool:
        return self.group is not None


@dataclass(frozen=True, slots=True)
class Tally:
    id: TallyId
    session_id: SessionId
    kind_id: TallyKindId
    offset_ms: int
    at_ms: int
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class Marker:
    """A moment the coach marked in a session, with an optional short note."""

    id: MarkerId
    session_id: SessionId
    offset_ms: int
    at_ms: int
    note: str = ""


#: A marker's note is a few words.
MARKER_NOTE_LENGTH = 80
#: How a marked moment is named where it sits among tallies (exports, the timeline).
MARKER_LABEL = N_("moment marked")
#: Its kind key in the CSV and JSON exports, beside the tally kinds' keys.
MARKER_KEY = "moment"


@dataclass(frozen=True, slots=True)
class Pause:
    """A pause: it stops active time at ``offset_ms``; wall-clock times say how long it lasted."""

    offset_ms: int
    started_at_ms: int
    ended_at_ms: int | None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A session as stored: enough to resume it after a crash."""

    id: SessionId
    coachee: Coachee
    started_at_ms: int
    planned_minutes: int | None
    active_ms: int
    ended_at_ms: int | None
    pauses: tuple[Pause, ...]
    tallies: tuple[Tally, ...]
    #: The session's uid, the same on every machine ("" for a record not read back yet).
    uid: str = ""
    #: The coach left this session out of figures (shares, rates, trends).
    left_out: bool = False
    #: The coach counts it in figures even when it is shorter than the minimum.
    counted_anyway: bool = False
    #: The moments the coach marked, in the order they were marked.
    markers: tuple[Marker, ...] = ()

    def too_short(self, min_active_ms: int) -> bool:
        """Not counted in figures only because it is shorter than ``min_active_ms``."""
        return self.active_ms < min_active_ms and not self.left_out and not self.counted_anyway

    @property
    def ref(self) -> str:
        """The session's reference: see :func:`session_ref`."""
        return session_ref(self.uid)

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].ended_at_ms is None

    @property
    def last_stored_active_ms(self) -> int:
        """The furthest point in active time the database knows this session reached."""
        marks = [self.active_ms]
        marks += [t.offset_ms for t in self.tallies]
        marks += [p.offset_ms for p in self.pauses]
        marks += [m.offset_ms for m in self.markers]
        return max(marks)


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """A past session, for lists: who, when, how long."""

    id: SessionId
    coachee: Coachee
    started_at_ms: int
    active_ms: int
    ended_at_ms: int | None
    number: int = 0  # this coachee's 1st, 2nd, ... session (0: not known)
    left_out: bool = False  # the coach left it out of figures
    counted_anyway: bool = False  # counted in figures even when shorter than the minimum

    def too_short(self, min_active_ms: int) -> bool:
        """Not counted in figures only because it is shorter than ``min_active_ms``."""
        return self.active_ms < min_active_ms and not self.left_out and not self.counted_anyway


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """A backup file and what it holds."""

    path: str
    taken_at_ms: int  # UTC
    coachees: int
    sessions: int
    tallies: int
    size_bytes: int

    def holds(self) -> str:
        """What it holds, in words: "2 coachees, 5 sessions, 80 tallies"."""
        from coachdesk.domain.i18n import ngettext

        return ", ".join(
            (
                ngettext("{n} coachee", "{n} coachees", self.coachees).format(n=self.coachees),
                ngettext("{n} session", "{n} sessions", self.sessions).format(n=self.sessions),
                ngettext("{n} tally", "{n} tallies", self.tallies).format(n=self.tallies),
            )
        )


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did."""

    restored: BackupInfo
    #: A backup of the data that was replaced, when it was readable.
    kept: BackupInfo | None
    #: Where the damaged file (and its -wal, -shm) was moved, when it was not readable.
    moved_aside: str | None


# -- text that comes in, and text that goes out to a terminal -----------------------------


def normal_text(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), as every name is stored and compared: the
    same name typed composed ("Ö") or decomposed ("O" and a combining diaeresis, as macOS
    input can produce it) is one name."""
    return unicodedata.normalize("NFC", text)


def not_text(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: bytes that were not UTF-8, as Python carries
    them from a command line or a file name; no character at all, and no text to store."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def control_characters(text: str, *, allowed: str = "") -> str:
    """The control characters in ``text`` (ESC, BEL, ...) that are not in ``allowed``."""
    return "".join(ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in allowed)


def shown(text: str) -> str:
    """``text`` safe to print on a terminal: control characters and lone surrogates are
    written as escapes (``\\x1b``), so a name can never move the cursor or recolour the
    screen."""
    return "".join(
        f"\\x{ord(ch):02x}"
        if ord(ch) < 0x100 and unicodedata.category(ch) == "Cc"
        else f"\\u{ord(ch):04x}"
        if unicodedata.category(ch) in ("Cc", "Cs")
        else ch
        for ch in text
    )
