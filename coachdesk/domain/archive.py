"""The practice archive: a versioned JSON document that carries coachees and everything of
theirs from one machine to another, and the rules a file must meet before it is imported.

Every coachee and session carries the uid the database gave it. Tallies and pauses carry a
uid derived from their session's uid and their stored times, which never change once
recorded (fixing the record changes a tally's kind, never its times), so the same tally gets
the same uid on every machine without a column of its own.

Every session records the tally scheme version it was recorded with (``scheme``: its key and
version); the archive carries, under ``schemes``, the document of every scheme version its
sessions use. The first version of the Balance scheme is the exception: every store has one
(made from its own tally kinds when schemes came in, so two machines' copies may differ in
the kinds an archive once brought), so a session recorded with it names no scheme, as in
archives made before schemes, and its document is not carried. An archive that carries a
scheme is version 2, so a coachdesk that cannot read schemes refuses it rather than take its
sessions for Balance sessions; an archive of Balance sessions only stays version 1.

Nothing here touches the database: :func:`parse` checks a whole file (size, JSON, types,
ranges, uids, references) and only a file that passes ever reaches the store. Whether a
session's scheme version is in the archive or in the store is for the store to check.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from coachdesk.domain.agreed_actions import MAX_ACTION_LENGTH, MAX_ACTIONS, Outcome
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.history import MAX_COACHEE_NOTE_LENGTH
from coachdesk.domain.i18n import _
from coachdesk.domain.model import (
    DETAIL_CHOICE,
    DETAIL_HAT,
    MARKER_NOTE_LENGTH,
    Hat,
    SchemeRef,
    Side,
    control_characters,
    normal_text,
    not_text,
)
from coachdesk.domain.recorder import MAX_NAME_LENGTH, MAX_PLANNED_MINUTES
from coachdesk.domain.review import MAX_NOTE_LENGTH, NOTE_FIELDS
from coachdesk.domain.scheme_presets import BALANCE
from coachdesk.domain.schemes import KEY_PATTERN, Scheme

FORMAT = "coachdesk-archive"
#: The newest version read and written: 2 carries schemes; 1 (all Balance) is written when
#: the archive carries none.
VERSION = 2
#: The name of the document inside a zipped archive.
MEMBER = "archive.json"
#: The document in a coachee's exported record (see .record), importable like an archive.
RECORD_MEMBER = "record.json"
#: The largest archive read, zipped or not, and the most its JSON may unpack to.
MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
#: Times are milliseconds since 1970; anything past this (year 2255) is not a time of ours.
MAX_MS = 9_000_000_000_000
MAX_KEY_LENGTH = 64
MAX_LABEL_LENGTH = 200
MAX_DETAIL_LENGTH = 200
#: Fixed for ever: tally and pause uids are derived under it.
_UID_NAMESPACE = uuid.UUID("6b1f3c2e-5d0a-4c57-9a53-43446b736b31")
_NAMESPACE_BYTES = _UID_NAMESPACE.bytes
_UID_PATTERN = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z")
_COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}\Z")
_HATS = frozenset(h.value for h in Hat)
#: How every SQLite file (a backup, a database) begins, unless it is encrypted.
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class KindEntry:
    key: str
    label: str
    side: str
    position: int
    colour: str
    detail: str | None


@dataclass(frozen=True, slots=True)
class PauseEntry:
    uid: str
    offset_ms: int
    started_at_ms: int
    ended_at_ms: int | None


@dataclass(frozen=True, slots=True)
class TallyEntry:
    uid: str
    kind: str  # the kind's key
    offset_ms: int
    at_ms: int
    detail: str | None


@dataclass(frozen=True, slots=True)
class MarkerEntry:
    """A moment marked. Markers travel with their session (a session is merged whole), so
    they need no uid of their own."""

    offset_ms: int
    at_ms: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class AgreedEntry:
    """An action agreed in a session, and how it came back (None: not marked). Travels with
    its session, in the order typed."""

    text: str
    outcome: Outcome | None = None


#: What a session that names no scheme was recorded with (every session before schemes).
BALANCE_V1 = SchemeRef(BALANCE, 1)


@dataclass(frozen=True, slots=True)
class SessionEntry:
    uid: str
    started_at_ms: int
    planned_minutes: int | None
    active_ms: int
    ended_at_ms: int | None
    pauses: tuple[PauseEntry, ...] = ()
    tallies: tuple[TallyEntry, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()  # (field, text), by field
    #: Left out of figures by the coach (kept, and marked in the trajectory).
    left_out: bool = False
    #: Counted in figures even when shorter than the coach's minimum.
    counted_anyway: bool = False
    #: The moments marked, in the order they were marked.
    markers: tuple[MarkerEntry, ...] = ()
    #: The coachee's agreed actions, in the order typed.
    agreed: tuple[AgreedEntry, ...] = ()
    #: The scheme version it was recorded with; its tallies' kinds are that scheme's. Left
    #: out of the repr, which the practice server's sync hashes (sync.fingerprint): the
    #: hashes kept from before schemes stay valid (a session never changes its scheme).
    scheme: SchemeRef = field(default=BALANCE_V1, repr=False)


@dataclass(frozen=True, slots=True)
class CoacheeEntry:
    uid: str
    name: str
    created_at_ms: int
    sessions: tuple[SessionEntry, ...] = ()
    note: str = ""  # the coach's private note on the coachee
    archived_at_ms: int | None = None  # set when the coach archived them


@dataclass(frozen=True, slots=True)
class Archive:
    exported_at_ms: int
    kinds: tuple[KindEntry, ...]
    coachees: tuple[CoacheeEntry, ...]
    #: The scheme versions the sessions use, but Balance's first (see the module's note).
    schemes: tuple[Scheme, ...] = ()

    def scheme(self, ref: SchemeRef) -> Scheme | None:
        """The archive's copy of the scheme version ``ref``, if it carries one."""
        return next((s for s in self.schemes if (s.key, s.version) == (ref.key, ref.version)), None)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: counts of rows added, and what it left alone and why."""

    coachees: int = 0
    sessions: int = 0
    tallies: int = 0
    pauses: int = 0
    notes: int = 0
    kinds: int = 0
    conflicts: tuple[str, ...] = ()
    skipped_erased: int = 0  # sessions of erased coachees, not brought back
    schemes: int = 0  # scheme versions this store lacked

    @property
    def changed(self) -> bool:
        return any((self.coachees, self.sessions, self.kinds, self.schemes))


# -- uids ---------------------------------------------------------------------------------


def _derived(session_uid: str, what: str, a: int, b: int, n: int) -> str:
    """``str(uuid.uuid5(_UID_NAMESPACE, name))``, spelled out: three times faster, and an
    archive of a whole practice derives hundreds of thousands of them."""
    digest = bytearray(
        hashlib.sha1(_NAMESPACE_BYTES + f"{session_uid}/{what}/{a}/{b}/{n}".encode()).digest()
    )
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # the RFC 4122 variant
    x = digest[:16].hex()
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def _numbered(times: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
    """Each (a, b) with how many earlier items had the same pair: keeps equal times apart."""
    seen: dict[tuple[int, int], int] = {}
    for pair in times:
        n = seen.get(pair, 0)
        seen[pair] = n + 1
        yield pair[0], pair[1], n


def tally_uids(session_uid: str, times: Iterable[tuple[int, int]]) -> list[str]:
    """The uids of a session's tallies, given their (offset_ms, at_ms) in recorded order."""
    return [_derived(session_uid, "tally", a, b, n) for a, b, n in _numbered(times)]


def pause_uids(session_uid: str, times: Iterable[tuple[int, int]]) -> list[str]:
    """The uids of a session's pauses, given their (offset_ms, started_at_ms) in order."""
    return [_derived(session_uid, "pause", a, b, n) for a, b, n in _numbered(times)]


# -- writing ------------------------------------------------------------------------------


def to_document(archive: Archive) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION if archive.schemes else 1,
        "exported_at_ms": archive.exported_at_ms,
        "tally_kinds": [
            {
                "key": k.key,
                "label": k.label,
                "side": k.side,
                "position": k.position,
                "colour": k.colour,
                "detail": k.detail,
            }
            for k in archive.kinds
        ],
        "coachees": [
            {
                "uid": c.uid,
                "name": c.name,
                "created_at_ms": c.created_at_ms,
                "note": c.note,
                "archived_at_ms": c.archived_at_ms,
                "sessions": [_session_document(s) for s in c.sessions],
            }
            for c in archive.coachees
        ],
    }
    if archive.schemes:  # only then: an archive of Balance sessions reads as before
        from coachdesk.domain.scheme_files import to_document as scheme_document

        document["schemes"] = [
            {"key": s.key, "version": s.version, "document": scheme_document(s)}
            for s in archive.schemes
        ]
    return document


def _session_document(s: SessionEntry) -> dict[str, Any]:
    document: dict[str, Any] = {
        "uid": s.uid,
        "started_at_ms": s.started_at_ms,
        "planned_minutes": s.planned_minutes,
        "active_ms": s.active_ms,
        "ended_at_ms": s.ended_at_ms,
        "pauses": [
            {
                "uid": p.uid,
                "offset_ms": p.offset_ms,
                "started_at_ms": p.started_at_ms,
                "ended_at_ms": p.ended_at_ms,
            }
            for p in s.pauses
        ],
        "tallies": [
            {
                "uid": t.uid,
                "kind": t.kind,
                "offset_ms": t.offset_ms,
                "at_ms": t.at_ms,
                "detail": t.detail,
            }
            for t in s.tallies
        ],
        "notes": dict(s.notes),
    }
    if s.left_out:  # only then: an archive of sessions all counted reads as before
        document["left_out"] = True
    if s.counted_anyway:  # the same
        document["counted_anyway"] = True
    if s.markers:  # likewise: a session without marked moments reads as before
        document["markers"] = [
            {"offset_ms": m.offset_ms, "at_ms": m.at_ms, "note": m.note} for m in s.markers
        ]
    if s.agreed:  # likewise
        document["agreed_actions"] = [
            {"text": a.text, "outcome": None if a.outcome is None else a.outcome.value}
            for a in s.agreed
        ]
    if s.scheme != BALANCE_V1:  # likewise
        document["scheme"] = {"key": s.scheme.key, "version": s.scheme.version}
    return document


def dumps(archive: Archive) -> bytes:
    """The archive as UTF-8 JSON (compact: an archive of a whole practice can be large)."""
    text = json.dumps(to_document(archive), ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


# -- reading ------------------------------------------------------------------------------


def read_file(path: Path) -> bytes:
    """The JSON bytes of an archive file, plain or zipped, within the size limit.

    Raises:
        InvalidInput: unreadable, too large (or unpacking to too much), or a zip without
            exactly one JSON document in it (a coachee's record zip: its record.json).
    """
    try:
        size = path.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            _refuse(_("the file is larger than {mib} MiB").format(mib=MAX_ARCHIVE_BYTES >> 20))
        with path.open("rb") as f:
            data = f.read(MAX_ARCHIVE_BYTES + 1)
    except OSError as e:
        raise InvalidInput(
            _("Cannot read {path}: {error}").format(path=path, error=e.strerror)
        ) from e
    # A backup: a plain SQLite file, or an encrypted one with its key file beside it.
    if data.startswith(_SQLITE_MAGIC) or path.with_name(f"{path.name}.cipher").is_file():
        raise InvalidInput(
            _(
                "{path} is a database file (a coachdesk backup, or a copy of a database), not "
                "an archive: to put a backup in place of the database, use coachdesk restore. "
                "Nothing was imported."
            ).format(path=path)
        )
    return unzipped(data) if data.startswith(b"PK") else data


def unzipped(data: bytes) -> bytes:
    """The one JSON document in a zip, unpacked no further than the size limit (the sizes a
    zip declares may lie, so the limit is applied to what actually comes out)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zipped:
            members = [m for m in zipped.infolist() if not m.is_dir()]
            # A coachee's exported record: its record.json, beside the CSVs and PDF reports.
            records = [m for m in members if m.filename == RECORD_MEMBER]
            if records:
                members = records
            if len(members) != 1 or not members[0].filename.endswith(".json"):
                _refuse(
                    _(
                        "a zipped archive must hold exactly one .json document (or be a "
                        "coachee's record, with its record.json)"
                    )
                )
            with zipped.open(members[0]) as member:
                out = member.read(MAX_ARCHIVE_BYTES + 1)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        EOFError,
        RuntimeError,  # a member flagged as encrypted: zipfile asks for a password
    ) as e:
        _refuse(_("the zip file is damaged or unsupported ({error})").format(error=e))
    if len(out) > MAX_ARCHIVE_BYTES:
        _refuse(_("it unpacks to more than {mib} MiB").format(mib=MAX_ARCHIVE_BYTES >> 20))
    return out


def parse(data: bytes) -> Archive:
    """Check a whole archive and return it; nothing about it is trusted before this.

    Raises:
        InvalidInput: with a message that says what is wrong and where.
    """
    if len(data) > MAX_ARCHIVE_BYTES:
        _refuse(_("the file is larger than {mib} MiB").format(mib=MAX_ARCHIVE_BYTES >> 20))
    try:
        document = json.loads(data)
    except RecursionError:
        _refuse(_("the JSON is nested too deeply"))
    except (UnicodeDecodeError, ValueError) as e:
        _refuse(_("it is not JSON, or the JSON is cut off ({error})").format(error=e))
    return _Checker().archive(document)


def _refuse(problem: str) -> NoReturn:
    raise InvalidInput(
        _("This is not a usable coachdesk archive: {problem}. Nothing was imported.").format(
            problem=problem
        )
    )


@dataclass
class _Checker:
    """Walks the parsed JSON, refusing at the first thing out of place and naming where."""

    uids: set[str] = field(default_factory=set)
    kinds: dict[str, str | None] = field(default_factory=dict)  # key -> kind of detail
    open_sessions: int = 0

    def archive(self, doc: object) -> Archive:
        top = self._object(doc, "", ("format", "version", "exported_at_ms", "tally_kinds"))
        if top.get("format") != FORMAT:
            _refuse(_("it is not a coachdesk archive"))
        version = self._int(top["version"], "version", 1, 1_000_000)
        if version > VERSION:
            _refuse(
                _(
                    "it was made by a newer coachdesk (archive version {theirs}, ours is {ours})"
                ).format(theirs=version, ours=VERSION)
            )
        exported = self._int(top["exported_at_ms"], "exported_at_ms", 0, MAX_MS)
        schemes = self._schemes(top.get("schemes", []))
        kinds = tuple(
            self._kind(k, f"tally_kinds[{i}]")
            for i, k in enumerate(self._list(top["tally_kinds"], "tally_kinds"))
        )
        names: set[str] = set()
        coachees = []
        for i, c in enumerate(self._list(top.get("coachees", []), "coachees")):
            coachee = self._coachee(c, f"coachees[{i}]")
            if coachee.name in names:
                self._bad(f"coachees[{i}].name", _("two coachees have this name"))
            names.add(coachee.name)
            coachees.append(coachee)
        return Archive(exported, kinds, tuple(coachees), schemes)

    def _schemes(self, doc: object) -> tuple[Scheme, ...]:
        """The scheme versions carried: each its key, version and scheme file document."""
        from coachdesk.domain.scheme_files import from_document

        schemes: list[Scheme] = []
        for i, s in enumerate(self._list(doc, "schemes")):
            where = f"schemes[{i}]"
            entry = self._object(s, where, ("key", "version", "document"))
            key = self._text(entry["key"], f"{where}.key", MAX_KEY_LENGTH)
            version = self._int(entry["version"], f"{where}.version", 1, 1_000_000)
            if (key, version) == (BALANCE_V1.key, BALANCE_V1.version):
                self._bad(where, _("the first version of Balance is never carried"))
            if any((x.key, x.version) == (key, version) for x in schemes):
                self._bad(where, _("this scheme version is listed twice"))

            def refuse(problem: str, where: str = where) -> NoReturn:
                self._bad(f"{where}.document", problem)

            scheme = from_document(entry["document"], refuse)
            if (scheme.key, scheme.version) != (key, version):
                self._bad(
                    f"{where}.document",
                    _("holds version {version} of “{key}”, not the one named").format(
                        version=scheme.version, key=scheme.key
                    ),
                )
            schemes.append(scheme)
        return tuple(schemes)

    def _kind(self, doc: object, where: str) -> KindEntry:
        k = self._object(doc, where, ("key", "label", "side", "position", "colour"))
        key = self._text(k["key"], f"{where}.key", MAX_KEY_LENGTH)
        if key in self.kinds:
            self._bad(f"{where}.key", _("this kind is listed twice"))
        side = self._text(k["side"], f"{where}.side", 16)
        if side not in {s.value for s in Side}:
            self._bad(f"{where}.side", _("unknown side"))
        colour = self._text(k["colour"], f"{where}.colour", 7)
        if not _COLOUR_PATTERN.match(colour):
            self._bad(f"{where}.colour", _("not a colour like #1a2b3c"))
        detail = self._optional_text(k.get("detail"), f"{where}.detail", MAX_KEY_LENGTH)
        if detail not in (None, DETAIL_HAT, DETAIL_CHOICE):
            self._bad(f"{where}.detail", _("unknown kind of detail"))
        self.kinds[key] = detail
        return KindEntry(
            key,
            self._text(k["label"], f"{where}.label", MAX_LABEL_LENGTH),
            side,
            self._int(k["position"], f"{where}.position", -1_000_000, 1_000_000),
            colour,
            detail,
        )

    def _coachee(self, doc: object, where: str) -> CoacheeEntry:
        c = self._object(doc, where, ("uid", "name", "created_at_ms"))
        uid = self._uid(c["uid"], f"{where}.uid")
        name = normal_text(self._text(c["name"], f"{where}.name", MAX_NAME_LENGTH))
        if name != name.strip():
            self._bad(f"{where}.name", _("a name may not start or end with spaces"))
        created = self._int(c["created_at_ms"], f"{where}.created_at_ms", 0, MAX_MS)
        note = c.get("note", "")
        if note:
            note = self._text(note, f"{where}.note", MAX_COACHEE_NOTE_LENGTH, lines=True)
        elif note != "":
            self._bad(f"{where}.note", _("expected text"))
        archived = c.get("archived_at_ms")
        if archived is not None:
            archived = self._int(archived, f"{where}.archived_at_ms", 0, MAX_MS)
        sessions = tuple(
            self._session(s, f"{where}.sessions[{i}]")
            for i, s in enumerate(self._list(c.get("sessions", []), f"{where}.sessions"))
        )
        return CoacheeEntry(uid, name, created, sessions, note, archived)

    def _session(self, doc: object, where: str) -> SessionEntry:
        s = self._object(doc, where, ("uid", "started_at_ms", "active_ms"))
        uid = self._uid(s["uid"], f"{where}.uid")
        started = self._int(s["started_at_ms"], f"{where}.started_at_ms", 0, MAX_MS)
        planned = s.get("planned_minutes")
        if planned is not None:
            planned = self._int(planned, f"{where}.planned_minutes", 1, MAX_PLANNED_MINUTES)
        active = self._int(s["active_ms"], f"{where}.active_ms", 0, MAX_MS)
        ended = s.get("ended_at_ms")
        if ended is None:
            self.open_sessions += 1
            if self.open_sessions > 1:
                self._bad(f"{where}.ended_at_ms", _("a second session is still open"))
        else:
            ended = self._int(ended, f"{where}.ended_at_ms", started, MAX_MS)
        pauses = tuple(
            self._pause(p, f"{where}.pauses[{i}]")
            for i, p in enumerate(self._list(s.get("pauses", []), f"{where}.pauses"))
        )
        tallies = tuple(
            self._tally(t, f"{where}.tallies[{i}]")
            for i, t in enumerate(self._list(s.get("tallies", []), f"{where}.tallies"))
        )
        expected = pause_uids(uid, ((p.offset_ms, p.started_at_ms) for p in pauses))
        for i, (p, want) in enumerate(zip(pauses, expected, strict=True)):
            if p.uid != want:
                self._bad(f"{where}.pauses[{i}].uid", _("does not belong to this pause"))
        expected = tally_uids(uid, ((t.offset_ms, t.at_ms) for t in tallies))
        for i, (t, want) in enumerate(zip(tallies, expected, strict=True)):
            if t.uid != want:
                self._bad(f"{where}.tallies[{i}].uid", _("does not belong to this tally"))
        notes_doc = s.get("notes", {})
        if not isinstance(notes_doc, dict):
            self._bad(f"{where}.notes", _("expected an object"))
        notes = []
        for key, text in sorted(notes_doc.items()):
            if key not in NOTE_FIELDS:
                self._bad(f"{where}.notes", _("unknown note field"))
            notes.append(
                (key, self._text(text, f"{where}.notes.{key}", MAX_NOTE_LENGTH, lines=True))
            )
        left_out = s.get("left_out", False)
        if not isinstance(left_out, bool):
            self._bad(f"{where}.left_out", _("expected true or false"))
        anyway = s.get("counted_anyway", False)
        if not isinstance(anyway, bool) or (anyway and left_out):
            self._bad(f"{where}.counted_anyway", _("expected true or false, not with left_out"))
        markers = tuple(
            self._marker(m, f"{where}.markers[{i}]")
            for i, m in enumerate(self._list(s.get("markers", []), f"{where}.markers"))
        )
        agreed_doc = self._list(s.get("agreed_actions", []), f"{where}.agreed_actions")
        if len(agreed_doc) > MAX_ACTIONS:
            self._bad(f"{where}.agreed_actions", _("too many"))
        agreed = tuple(
            self._agreed(a, f"{where}.agreed_actions[{i}]") for i, a in enumerate(agreed_doc)
        )
        scheme = self._scheme_ref(s.get("scheme"), f"{where}.scheme")
        return SessionEntry(
            uid,
            started,
            planned,
            active,
            ended,
            pauses,
            tallies,
            tuple(notes),
            left_out,
            anyway,
            markers,
            agreed,
            scheme,
        )

    def _scheme_ref(self, doc: object, where: str) -> SchemeRef:
        if doc is None:
            return BALANCE_V1
        r = self._object(doc, where, ("key", "version"))
        return SchemeRef(
            self._text(r["key"], f"{where}.key", MAX_KEY_LENGTH),
            self._int(r["version"], f"{where}.version", 1, 1_000_000),
        )

    def _agreed(self, doc: object, where: str) -> AgreedEntry:
        a = self._object(doc, where, ("text",))
        outcome = a.get("outcome")
        if outcome is not None and outcome not in {o.value for o in Outcome}:
            self._bad(f"{where}.outcome", _("expected done, partly, not or null"))
        return AgreedEntry(
            self._text(a["text"], f"{where}.text", MAX_ACTION_LENGTH),
            None if outcome is None else Outcome(outcome),
        )

    def _marker(self, doc: object, where: str) -> MarkerEntry:
        m = self._object(doc, where, ("offset_ms", "at_ms"))
        note = m.get("note", "")
        return MarkerEntry(
            self._int(m["offset_ms"], f"{where}.offset_ms", 0, MAX_MS),
            self._int(m["at_ms"], f"{where}.at_ms", 0, MAX_MS),
            note if note == "" else self._text(note, f"{where}.note", MARKER_NOTE_LENGTH),
        )

    def _pause(self, doc: object, where: str) -> PauseEntry:
        p = self._object(doc, where, ("uid", "offset_ms", "started_at_ms"))
        started = self._int(p["started_at_ms"], f"{where}.started_at_ms", 0, MAX_MS)
        ended = p.get("ended_at_ms")
        return PauseEntry(
            self._uid(p["uid"], f"{where}.uid"),
            self._int(p["offset_ms"], f"{where}.offset_ms", 0, MAX_MS),
            started,
            None if ended is None else self._int(ended, f"{where}.ended_at_ms", started, MAX_MS),
        )

    def _tally(self, doc: object, where: str) -> TallyEntry:
        t = self._object(doc, where, ("uid", "kind", "offset_ms", "at_ms"))
        kind = self._text(t["kind"], f"{where}.kind", MAX_KEY_LENGTH)
        if kind not in self.kinds:
            self._bad(f"{where}.kind", _("no such tally kind in the archive"))
        detail = self._optional_text(t.get("detail"), f"{where}.detail", MAX_DETAIL_LENGTH)
        if self.kinds[kind] == DETAIL_HAT:
            if detail not in _HATS:
                self._bad(f"{where}.detail", _("not a hat"))
        elif self.kinds[kind] == DETAIL_CHOICE:  # one of the kind's own choices, or none
            if detail is not None and not KEY_PATTERN.match(detail):
                self._bad(f"{where}.detail", _("not one of the kind's detail choices"))
        elif detail is not None:
            self._bad(f"{where}.detail", _("this kind of tally has no detail"))
        return TallyEntry(
            self._uid(t["uid"], f"{where}.uid"),
            kind,
            self._int(t["offset_ms"], f"{where}.offset_ms", 0, MAX_MS),
            self._int(t["at_ms"], f"{where}.at_ms", 0, MAX_MS),
            detail,
        )

    # -- the leaves

    def _bad(self, where: str, problem: str) -> NoReturn:
        _refuse(f"{where}: {problem}")

    def _object(self, value: object, where: str, required: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self._bad(where or "/", _("expected an object"))
        for key in required:
            if key not in value:
                self._bad(f"{where}.{key}".lstrip("."), _("missing"))
        return value

    def _list(self, value: object, where: str) -> list[Any]:
        if not isinstance(value, list):
            self._bad(where, _("expected a list"))
        return value

    def _int(self, value: object, where: str, low: int, high: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            self._bad(where, _("expected a whole number"))
        if not low <= value <= high:
            self._bad(where, _("out of range"))
        return value

    def _text(self, value: object, where: str, longest: int, *, lines: bool = False) -> str:
        """Text of at most ``longest`` characters; only ``lines`` (a note) may hold line
        breaks and tabs, and no text any other control character (an ESC sequence in a name
        would reach the terminal that prints it)."""
        if not isinstance(value, str):
            self._bad(where, _("expected text"))
        if not value or len(value) > longest:
            self._bad(where, _("empty or too long"))
        if "\x00" in value:
            self._bad(where, _("holds a NUL character"))
        if not_text(value):
            self._bad(where, _("not valid text: it holds bytes that are not UTF-8"))
        if control_characters(value, allowed="\n\r\t" if lines else ""):
            self._bad(where, _("holds a control character"))
        return value

    def _optional_text(self, value: object, where: str, longest: int) -> str | None:
        return None if value is None else self._text(value, where, longest)

    def _uid(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not _UID_PATTERN.match(value):
            self._bad(where, _("not a uid"))
        if value in self.uids:
            self._bad(where, _("this uid is used twice"))
        self.uids.add(value)
        return value
