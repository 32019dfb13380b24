"""Sync by stable uids between a coach's local store and the practice server.

One round: read everything here (:meth:`SqlStore.read_archive`); then, in one server
transaction as the coach's own login (row-level security keeps it to their rows), carry
erasures both ways, send up the ended sessions and the coachees the server lacks, and read
what the server holds; then bring erasures and missing records down in local transactions
(:meth:`SqlStore.erase_logged`, :meth:`SqlStore.import_archive`).

Every step is idempotent (a record is added only where its uid is missing, an erasure is
applied where it is not yet), so a round cut off anywhere, by a kill or a lost connection,
leaves each side whole and the next round finishes the work.

A session that exists on both sides with different content: each machine keeps, per session,
a hash of the copy both sides held after its last round (:data:`SYNCED_FILE`). When only one
side changed since (the other still matches that hash), the changed copy replaces the other:
an edit made after a session went up travels. When both changed, or this machine has no hash
for it (it never synced it, or a round was cut off before the file was written), neither is
overwritten: it is listed for the coach to settle (:func:`settle`). A coachee whose name,
note or archive mark differs is listed in the same way, with both copies, for the coach to
choose one. A tally kind that differs is reported and kept as it is on both sides.

The list to settle is kept between rounds in :data:`LISTED_FILE` (uids and the parts that
differ, no content), so it survives a restart (:func:`listed`); each round writes it anew,
and settling a difference takes it off.

What goes up is the coach's choice: everything, or everything but notes (``notes=False``:
the session notes, the note on a coachee, the notes on marked moments and the agreed actions
stay on this machine, and those already on the server are deleted from it). A record that
went up without its notes gets them when the coach chooses everything again; a session that
went up before the server carried agreed actions (schema s0003) gets them in the same way.

Each session goes up and comes down with the scheme version it was recorded with (schema
s0004), and the coach's scheme versions that sessions use go with them, as in an archive:
Balance's first version stays implicit. A version that differs between here and the server
is reported and kept as it is on both sides (a session of it comes down under this machine's
version only if every tally kind it uses is there, as an import decides).

Open sessions stay local until they end. The tally path never reaches this module.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coachdesk.domain import erasure
from coachdesk.domain.agreed_actions import Outcome
from coachdesk.domain.archive import (
    BALANCE_V1,
    AgreedEntry,
    Archive,
    CoacheeEntry,
    ImportReport,
    KindEntry,
    MarkerEntry,
    PauseEntry,
    SessionEntry,
    TallyEntry,
)
from coachdesk.domain.erasure import Erased
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import N_, _
from coachdesk.domain.model import SchemeRef
from coachdesk.domain.practice import (
    COACHEE,
    COACHEE_ARCHIVED,
    COACHEE_NAME,
    COACHEE_NOTE,
    SESSION,
    CoacheeCopy,
    Difference,
)
from coachdesk.domain.private_files import private_file
from coachdesk.domain.schemes import Scheme
from coachdesk.store.repository import SqlStore
from coachdesk.store.server.admin import Conn
from coachdesk.store.server.roles import SCHEMA

S = SCHEMA
#: In the data folder: per session uid, a hash of the copy this machine and the server both
#: held after the last round (no record's content: hashes only).
SYNCED_FILE = "practice-synced.json"
#: In the data folder: the differences the last round listed for the coach to settle, each
#: as its record's uid, what it is (a session or a coachee) and the parts that differ (no
#: record's content: the rest is read from this machine's records when it is shown).
LISTED_FILE = "practice-differences.json"


@dataclass(frozen=True, slots=True)
class Sent:
    """What one round added on the server."""

    coachees: int = 0
    sessions: int = 0
    tallies: int = 0
    pauses: int = 0
    notes: int = 0
    kinds: int = 0
    erasures: int = 0
    markers: int = 0
    agreed: int = 0
    #: Sessions changed only here since the last round: the server's copy replaced.
    updated: int = 0


@dataclass(frozen=True, slots=True)
class SyncReport:
    sent: Sent
    received: ImportReport
    #: Coachees and sessions erased here because another machine of the coach erased them.
    erased_here: int
    #: Records that differ between here and the server: both kept as they are.
    differences: tuple[str, ...]
    #: Sessions that differ between here and the server: both kept until the coach settles
    #: each (:func:`settle`).
    to_settle: tuple[Difference, ...] = ()
    #: Sessions changed only on the server since the last round: this machine's copy replaced.
    updated_here: int = 0


@dataclass(frozen=True, slots=True)
class _Server:
    """What the server holds of the coach."""

    kinds: dict[str, KindEntry]
    coachees: dict[str, CoacheeEntry]  # without their sessions
    sessions: dict[str, tuple[str, SessionEntry]]  # uid -> (coachee uid, session)
    erased: dict[str, int]  # uid -> erased at
    #: The coach's scheme versions on the server (a document that is no scheme file left
    #: out: a session of it comes down only if this machine holds its version).
    schemes: dict[SchemeRef, Scheme] = field(default_factory=dict)


#: The parts of a session that can differ between two copies, in words for the coach (each
#: translated where shown), with how to read the part from a session.
_PARTS: tuple[tuple[str, str], ...] = (
    (N_("times"), "started_at_ms planned_minutes active_ms ended_at_ms"),
    (N_("pauses"), "pauses"),
    (N_("tallies"), "tallies"),
    (N_("notes"), "notes"),
    (N_("whether it counts"), "left_out counted_anyway"),
    (N_("marked moments"), "markers"),
    (N_("agreed actions"), "agreed"),
    (N_("tally scheme"), "scheme"),
)


def what_differs(here: SessionEntry, there: SessionEntry) -> tuple[str, ...]:
    """The parts in which two copies of one session differ (untranslated words)."""
    return tuple(
        words
        for words, fields in _PARTS
        if any(getattr(here, f) != getattr(there, f) for f in fields.split())
    )


def without_notes(archive: Archive) -> Archive:
    """``archive`` as it goes up when the coach keeps notes on their machines: no session
    notes, no note on a coachee, no note on a marked moment (the moments themselves go), no
    agreed actions."""
    return replace(
        archive,
        coachees=tuple(
            replace(c, note="", sessions=tuple(_session_without_notes(s) for s in c.sessions))
            for c in archive.coachees
        ),
    )


def _session_without_notes(s: SessionEntry) -> SessionEntry:
    """A session without the text the coach typed about the coachee: its notes, the notes on
    its marked moments and its agreed actions."""
    return replace(s, notes=(), markers=tuple(replace(m, note="") for m in s.markers), agreed=())


def _text_to_fill(there: SessionEntry, here: SessionEntry) -> bool:
    """Whether the server holds ``here`` with only some of its text not yet there: without
    its notes (sent when the coach kept notes here), without its agreed actions (sent before
    the server carried them), or without both."""
    bare = _session_without_notes(here)
    return there != here and there in (
        bare,
        replace(bare, agreed=here.agreed),
        replace(here, agreed=()),
    )


def sync(
    store: SqlStore, data_dir: Path, conn: Conn, now_ms: int, *, notes: bool = True
) -> SyncReport:
    """One round of sync for the coach logged in on ``conn`` (autocommit off); ``notes``:
    whether notes go up (see the module's note).

    Raises:
        psycopg.Error: the server refused or the connection was lost (nothing of this
            round's server transaction stays; the local side is untouched by it).
        InvalidInput: the local erasure log is damaged.
        StoreWriteFailed / DatabaseRefused: the local store could not be read or written.
    """
    logged = erasure.read_log(data_dir)
    erased_here = {u: e.erased_at_ms for e in logged for u in (e.coachee_uid, *e.session_uids)}
    local = store.read_archive(now_ms)
    r = _Round(_read_synced(data_dir))
    with conn.transaction():
        # Two machines of one coach syncing at once take turns.
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('coachdesk sync ' || current_user))")
        if not notes:
            _delete_notes(conn)
        server = _read(conn)
        sent_erasures = _send_erasures(conn, erased_here, server.erased)
        gone = set(erased_here) | set(server.erased)
        up = local if notes else without_notes(local)
        sent = _send(conn, up, server, gone, r)
    sent = replace(sent, erasures=sent_erasures)
    # Down: erasures first, so nothing erased elsewhere is merged back in.
    new = [(u, at) for u, at in server.erased.items() if u not in erased_here]
    for uid, at in new:
        erasure.append(data_dir, Erased(uid, (), at))
    # Every round, not only one that logged something: a round killed between the log and
    # the erasure finishes it here.
    erased_count = store.erase_logged(data_dir) if new or erased_here else 0
    received = store.import_archive(
        _missing_here(server, local, now_ms, gone), frozenset(gone), leave_out_unfit=True
    )
    here = {s.uid: s for c in local.coachees for s in c.sessions}
    for coachee_uid, taken in r.to_take:
        store.replace_session(
            coachee_uid, taken if notes else _with_notes_of(here[taken.uid], taken)
        )
    mine = {c.uid: c for c in local.coachees}
    for there in r.coachees_to_take:
        kept = mine[there.uid]
        # The note here stays when notes stay home, and when the server's is empty: another
        # machine of the coach's that keeps notes home took it off the server, and taking
        # that would lose it (a note cleared on purpose elsewhere comes back, nothing lost).
        note = there.note if notes and there.note else kept.note
        was = (kept.name, kept.note, kept.archived_at_ms)
        try:
            replaced = store.replace_coachee(there.uid, there.name, note, there.archived_at_ms, was)
        except InvalidInput:  # its new name is another coachee's here: the coach settles it
            copies = (_copy_of(kept), _copy_of(there))
            what = coachee_differs(kept, there)
            r.to_settle.append(
                Difference(kept.uid, kept.name, kept.created_at_ms, 0, what, COACHEE, copies)
            )
            continue
        if replaced:  # else edited here while the round ran: the next round compares again
            r.synced[coachee_key(there.uid)] = coachee_fingerprint(there)
    # What came down is as the server holds it (compared as it goes up next round).
    for _cu, s in server.sessions.values():
        if s.uid not in gone and s.uid not in here:
            r.synced[s.uid] = fingerprint(s)
    for c in server.coachees.values():
        if c.uid not in gone and c.uid not in mine:
            r.synced[coachee_key(c.uid)] = coachee_fingerprint(c)
    _write_synced(data_dir, r.synced)
    _write_listed(data_dir, r.to_settle)
    return SyncReport(
        sent,
        received,
        erased_count,
        (*r.differences, *received.conflicts),
        tuple(r.to_settle),
        len(r.to_take),
    )


def _with_notes_of(here: SessionEntry, taken: SessionEntry) -> SessionEntry:
    """The server's copy ``taken``, with this machine's notes, moment notes and agreed
    actions (which never went up: the coach keeps notes on their machines)."""
    return replace(
        taken,
        notes=here.notes,
        agreed=here.agreed,
        markers=tuple(
            replace(m, note=next((h.note for h in here.markers if h.at_ms == m.at_ms), ""))
            for m in taken.markers
        ),
    )


def _read(conn: Conn) -> _Server:
    kinds = {
        r[0]: KindEntry(*r)
        for r in conn.execute(
            f"SELECT key, label, side, position, colour, detail FROM {S}.tally_kind"
        )
    }
    coachees = {
        str(r[0]): CoacheeEntry(str(r[0]), r[1], r[2], (), r[3], r[4])
        for r in conn.execute(
            f"SELECT uid::text, name, created_at_ms, note, archived_at_ms FROM {S}.coachee"
        )
    }
    tallies: dict[str, list[TallyEntry]] = defaultdict(list)
    for r in conn.execute(
        f"SELECT session_uid::text, uid::text, kind_key, offset_ms, at_ms, detail FROM {S}.tally"
        " ORDER BY session_uid, position"
    ):
        tallies[str(r[0])].append(TallyEntry(str(r[1]), r[2], r[3], r[4], r[5]))
    pauses: dict[str, list[PauseEntry]] = defaultdict(list)
    for r in conn.execute(
        f"SELECT session_uid::text, uid::text, offset_ms, started_at_ms, ended_at_ms FROM {S}.pause"
        " ORDER BY session_uid, position"
    ):
        pauses[str(r[0])].append(PauseEntry(str(r[1]), r[2], r[3], r[4]))
    notes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in conn.execute(
        f"SELECT session_uid::text, field, text FROM {S}.session_note ORDER BY session_uid, field"
    ):
        notes[str(r[0])].append((r[1], r[2]))
    markers: dict[str, list[MarkerEntry]] = defaultdict(list)
    for r in conn.execute(
        f"SELECT session_uid::text, offset_ms, at_ms, note FROM {S}.marker"
        " ORDER BY session_uid, position"
    ):
        markers[str(r[0])].append(MarkerEntry(r[1], r[2], r[3]))
    agreed: dict[str, list[AgreedEntry]] = defaultdict(list)
    for r in conn.execute(
        f"SELECT session_uid::text, text, outcome FROM {S}.agreed_action"
        " ORDER BY session_uid, position"
    ):
        agreed[str(r[0])].append(AgreedEntry(r[1], None if r[2] is None else Outcome(r[2])))
    sessions = {}
    for r in conn.execute(
        "SELECT uid::text, coachee_uid::text, started_at_ms, planned_minutes, active_ms,"
        f" ended_at_ms, left_out, counted_anyway, scheme_key, scheme_version"
        f" FROM {S}.coaching_session"
    ):
        uid = str(r[0])
        sessions[uid] = (
            str(r[1]),
            SessionEntry(
                uid, r[2], r[3], r[4], r[5], tuple(pauses[uid]), tuple(tallies[uid]),
                tuple(notes[uid]), r[6], r[7], tuple(markers[uid]), tuple(agreed[uid]),
                SchemeRef(r[8], r[9]),
            ),
        )  # fmt: skip
    erased = {
        str(r[0]): int(r[1])
        for r in conn.execute(f"SELECT uid::text, erased_at_ms FROM {S}.erasure")
    }
    return _Server(kinds, coachees, sessions, erased, _read_schemes(conn))


def _read_schemes(conn: Conn) -> dict[SchemeRef, Scheme]:
    from coachdesk.domain.scheme_files import parse

    schemes = {}
    for key, version, document in conn.execute(
        f"SELECT key, version, document FROM {S}.scheme_version"
    ):
        try:
            scheme = parse(str(document).encode("utf-8"))
        except InvalidInput:
            continue
        if (scheme.key, scheme.version) == (key, version):
            schemes[SchemeRef(key, version)] = scheme
    return schemes


def _delete_notes(conn: Conn) -> None:
    """The coach's notes off the server (row-level security keeps this to their own rows)."""
    conn.execute(f"DELETE FROM {S}.session_note")
    conn.execute(f"UPDATE {S}.coachee SET note = '' WHERE note <> ''")
    conn.execute(f"UPDATE {S}.marker SET note = '' WHERE note <> ''")
    conn.execute(f"DELETE FROM {S}.agreed_action")


def _send_erasures(conn: Conn, here: dict[str, int], there: dict[str, int]) -> int:
    """Log on the server what was erased here, and delete it there (its sessions, tallies,
    pauses and notes go with a coachee, by the foreign keys)."""
    new = [(uid, at) for uid, at in here.items() if uid not in there]
    if not new:
        return 0
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {S}.erasure (uid, erased_at_ms) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            new,
        )
        uids = [uid for uid, _at in new]
        cur.execute(f"DELETE FROM {S}.coachee WHERE uid = ANY(%s::uuid[])", (uids,))
        cur.execute(f"DELETE FROM {S}.coaching_session WHERE uid = ANY(%s::uuid[])", (uids,))
    return len(new)


@dataclass
class _Round:
    """What one round finds besides what it sends."""

    #: Per session uid, the hash of the copy both sides held after the last round here.
    last_synced: dict[str, str]
    differences: list[str] = field(default_factory=list)
    to_settle: list[Difference] = field(default_factory=list)
    #: Sessions changed only on the server since the last round: (coachee uid, its copy),
    #: to replace this machine's.
    to_take: list[tuple[str, SessionEntry]] = field(default_factory=list)
    #: Per session uid, the hash of the copy both sides hold once this round is done.
    synced: dict[str, str] = field(default_factory=dict)
    #: Coachees changed only on the server since the last round: the server's copy, to give
    #: this machine's its name, note and archive mark.
    coachees_to_take: list[CoacheeEntry] = field(default_factory=list)


def coachee_fingerprint(c: CoacheeEntry) -> str:
    """A hash of a coachee's own fields (not its sessions) as compared with the server's
    copy; kept under :func:`coachee_key` beside the sessions' hashes."""
    return hashlib.sha256(repr(replace(c, sessions=())).encode("utf-8")).hexdigest()


def coachee_key(uid: str) -> str:
    """The key of a coachee's hash in :data:`SYNCED_FILE` (a session's is its uid)."""
    return f"coachee:{uid}"


def fingerprint(s: SessionEntry) -> str:
    """A hash of the session as compared with the server's copy (what is kept per session
    to tell an edit on one side from edits on both)."""
    return hashlib.sha256(repr(s).encode("utf-8")).hexdigest()


def _read_synced(data_dir: Path) -> dict[str, str]:
    try:
        raw = json.loads((data_dir / SYNCED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # never synced here, or damaged: every two-sided difference is listed
    if not isinstance(raw, dict):
        return {}
    return {str(k): str(v) for k, v in raw.items()}


def _write_synced(data_dir: Path, synced: dict[str, str]) -> None:
    with private_file(data_dir / SYNCED_FILE) as tmp:
        tmp.write_text(json.dumps(synced, sort_keys=True), encoding="utf-8")


def _send(conn: Conn, local: Archive, server: _Server, gone: Collection[str], r: _Round) -> Sent:
    differences, to_settle = r.differences, r.to_settle
    schemes = [v for v in local.schemes if SchemeRef(v.key, v.version) not in server.schemes]
    for v in local.schemes:
        theirs = server.schemes.get(SchemeRef(v.key, v.version))
        if theirs is not None and theirs != v:
            differences.append(
                _("Scheme {key} version {version}: differs on the server; both were kept.").format(
                    key=v.key, version=v.version
                )
            )
    kinds = [k for k in local.kinds if k.key not in server.kinds]
    for k in local.kinds:
        if k.key in server.kinds and server.kinds[k.key] != k:
            differences.append(
                _("Tally kind {key}: differs on the server; both were kept.").format(key=k.key)
            )
    coachees: list[CoacheeEntry] = []
    sessions: list[tuple[str, SessionEntry]] = []
    #: On the server without their notes (sent when the coach kept notes here): they follow.
    noted_coachees: list[CoacheeEntry] = []
    noted_sessions: list[SessionEntry] = []
    #: Changed only here since the last round: this copy replaces the server's.
    changed_here: list[str] = []
    updated_coachees: list[CoacheeEntry] = []
    names = {c.name: c.uid for c in server.coachees.values()}
    for c in local.coachees:
        if c.uid in gone:
            continue
        there = server.coachees.get(c.uid)
        if there is None and c.name in names:
            # Made apart on two machines: the server keeps its own; the sessions of this one
            # join it here when the server's come down (as an import does).
            differences.append(
                _(
                    "Coachee {uid}: another coachee on the server has that name; both were kept."
                ).format(uid=c.uid)
            )
            continue
        key, own = coachee_key(c.uid), replace(c, sessions=())
        last_coachee = r.last_synced.get(key)
        taken_name = names.get(c.name, c.uid) != c.uid
        if there is None:
            coachees.append(c)
            r.synced[key] = coachee_fingerprint(own)
        elif there == own:
            r.synced[key] = coachee_fingerprint(own)
        elif there == replace(own, note="") and c.note:
            noted_coachees.append(c)
            r.synced[key] = coachee_fingerprint(own)
        elif last_coachee == coachee_fingerprint(there) and not taken_name:
            updated_coachees.append(c)  # changed only here since the last round
            r.synced[key] = coachee_fingerprint(own)
        elif last_coachee == coachee_fingerprint(own):
            r.coachees_to_take.append(there)  # changed only on the server
        else:
            what = coachee_differs(c, there)
            if what:
                copies = (_copy_of(c), _copy_of(there))
                to_settle.append(
                    Difference(c.uid, c.name, c.created_at_ms, 0, what, COACHEE, copies)
                )
            else:
                differences.append(
                    _("Coachee {uid}: differs on the server; both were kept.").format(uid=c.uid)
                )
        numbers = {
            s.uid: n for n, s in enumerate(sorted(c.sessions, key=lambda s: s.started_at_ms), 1)
        }
        for s in c.sessions:
            if s.uid in gone or s.ended_at_ms is None:
                continue
            found = server.sessions.get(s.uid)
            last = r.last_synced.get(s.uid)
            if found is None:
                sessions.append((c.uid, s))
            elif found[1] == s:
                pass
            elif _text_to_fill(found[1], s):
                # Before anything else: a server's copy without the notes kept here (taken
                # off by a machine that keeps notes home) never replaces them here.
                noted_sessions.append(s)
            elif last is not None and last == fingerprint(found[1]) and found[0] == c.uid:
                changed_here.append(s.uid)  # the server's copy is as last synced
                sessions.append((c.uid, s))
            elif last is not None and last == fingerprint(s) and found[0] == c.uid:
                r.to_take.append(found)  # this copy is as last synced
                r.synced[s.uid] = fingerprint(found[1])
                continue
            else:
                what = what_differs(s, found[1])
                to_settle.append(Difference(s.uid, c.name, s.started_at_ms, numbers[s.uid], what))
                continue
            r.synced[s.uid] = fingerprint(s)
    if changed_here:
        # Its tallies, pauses, notes, moments and agreed actions go with it.
        conn.execute(
            f"DELETE FROM {S}.coaching_session WHERE uid = ANY(%s::uuid[])", (changed_here,)
        )
    with conn.cursor() as cur:
        _insert(
            cur,
            "scheme_version",
            ("key", "version", "document"),
            [(v.key, v.version, _scheme_document(v)) for v in schemes],
        )
        _insert(
            cur,
            "tally_kind",
            ("key", "label", "side", "position", "colour", "detail"),
            [(k.key, k.label, k.side, k.position, k.colour, k.detail) for k in kinds],
        )
        _insert(
            cur,
            "coachee",
            ("uid", "name", "created_at_ms", "note", "archived_at_ms"),
            [(c.uid, c.name, c.created_at_ms, c.note, c.archived_at_ms) for c in coachees],
        )
        _insert(
            cur,
            "coaching_session",
            (
                "uid",
                "coachee_uid",
                "started_at_ms",
                "planned_minutes",
                "active_ms",
                "ended_at_ms",
                "left_out",
                "counted_anyway",
                "scheme_key",
                "scheme_version",
            ),
            [
                (
                    s.uid,
                    cu,
                    s.started_at_ms,
                    s.planned_minutes,
                    s.active_ms,
                    s.ended_at_ms,
                    s.left_out,
                    s.counted_anyway,
                    s.scheme.key,
                    s.scheme.version,
                )
                for cu, s in sessions
            ],
        )
        _insert(
            cur,
            "tally",
            ("uid", "session_uid", "kind_key", "position", "offset_ms", "at_ms", "detail"),
            [
                (t.uid, s.uid, t.kind, i, t.offset_ms, t.at_ms, t.detail)
                for _cu, s in sessions
                for i, t in enumerate(s.tallies)
            ],
        )
        _insert(
            cur,
            "pause",
            ("uid", "session_uid", "position", "offset_ms", "started_at_ms", "ended_at_ms"),
            [
                (p.uid, s.uid, i, p.offset_ms, p.started_at_ms, p.ended_at_ms)
                for _cu, s in sessions
                for i, p in enumerate(s.pauses)
            ],
        )
        _insert(
            cur,
            "session_note",
            ("session_uid", "field", "text", "updated_at_ms"),
            [(s.uid, f, text, s.started_at_ms) for _cu, s in sessions for f, text in s.notes],
        )
        _insert(
            cur,
            "marker",
            ("session_uid", "position", "offset_ms", "at_ms", "note"),
            [
                (s.uid, i, m.offset_ms, m.at_ms, m.note)
                for _cu, s in sessions
                for i, m in enumerate(s.markers)
            ],
        )
        _insert(cur, "agreed_action", _AGREED_COLUMNS, _agreed_rows(s for _cu, s in sessions))
        filled, filled_agreed = _send_notes(cur, noted_coachees, noted_sessions)
        if updated_coachees:
            cur.executemany(
                f"UPDATE {S}.coachee SET name = %s, note = %s, archived_at_ms = %s WHERE uid = %s",
                [(c.name, c.note, c.archived_at_ms, c.uid) for c in updated_coachees],
            )
    return Sent(
        coachees=len(coachees),
        sessions=len(sessions) - len(changed_here),
        updated=len(changed_here),
        tallies=sum(len(s.tallies) for _cu, s in sessions),
        pauses=sum(len(s.pauses) for _cu, s in sessions),
        notes=sum(len(s.notes) for _cu, s in sessions) + filled,
        kinds=len(kinds),
        markers=sum(len(s.markers) for _cu, s in sessions),
        agreed=sum(len(s.agreed) for _cu, s in sessions) + filled_agreed,
    )


def coachee_differs(here: CoacheeEntry, there: CoacheeEntry) -> tuple[str, ...]:
    """The parts in which two copies of a coachee differ, that the coach may settle
    (untranslated words). Archived on both sides, at other times, is not among them: that
    is only reported."""
    return tuple(
        words
        for words, differs in (
            (COACHEE_NAME, here.name != there.name),
            (COACHEE_NOTE, here.note != there.note),
            (COACHEE_ARCHIVED, (here.archived_at_ms is None) != (there.archived_at_ms is None)),
        )
        if differs
    )


def _copy_of(c: CoacheeEntry) -> CoacheeCopy:
    return CoacheeCopy(c.name, c.note, c.archived_at_ms is not None)


def _write_listed(data_dir: Path, to_settle: Iterable[Difference]) -> None:
    kept = [{"uid": d.uid, "kind": d.kind, "what": list(d.what)} for d in to_settle]
    with private_file(data_dir / LISTED_FILE) as tmp:
        tmp.write_text(json.dumps(kept), encoding="utf-8")


def _read_listed(data_dir: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    try:
        raw = json.loads((data_dir / LISTED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # none listed yet, or damaged: the next round lists them again
    if not isinstance(raw, list):
        return []
    return [
        (str(d["uid"]), str(d["kind"]), tuple(str(w) for w in d["what"]))
        for d in raw
        if isinstance(d, dict)
        and d.get("kind") in (SESSION, COACHEE)
        and isinstance(d.get("what"), list)
        and "uid" in d
    ]


def listed(store: SqlStore, data_dir: Path, now_ms: int) -> tuple[Difference, ...]:
    """The differences the last round listed and the coach has not settled yet, read back
    (after a restart) with this machine's copy of each record; one whose record is no
    longer here (erased since) is dropped. A coachee's two copies show after the next round.

    Raises:
        StoreWriteFailed / DatabaseRefused: the local store could not be read.
    """
    entries = _read_listed(data_dir)
    if not entries:
        return ()
    local = store.read_archive(now_ms)
    coachees = {c.uid: c for c in local.coachees}
    sessions = {
        s.uid: (c, n)
        for c in local.coachees
        for n, s in enumerate(sorted(c.sessions, key=lambda s: s.started_at_ms), 1)
    }
    found: list[Difference] = []
    for uid, kind, what in entries:
        if kind == COACHEE and uid in coachees:
            c = coachees[uid]
            found.append(Difference(uid, c.name, c.created_at_ms, 0, what, COACHEE))
        elif kind == SESSION and uid in sessions:
            c, number = sessions[uid]
            started = next(s.started_at_ms for s in c.sessions if s.uid == uid)
            found.append(Difference(uid, c.name, started, number, what))
    if len(found) != len(entries):
        _write_listed(data_dir, found)
    return tuple(found)


def _drop_listed(data_dir: Path, uid: str) -> None:
    entries = _read_listed(data_dir)
    if any(u == uid for u, _kind, _what in entries):
        kept = [Difference(u, "", 0, 0, what, kind) for u, kind, what in entries if u != uid]
        _write_listed(data_dir, kept)


def settle(
    store: SqlStore,
    conn: Conn,
    uid: str,
    *,
    keep_here: bool,
    now_ms: int,
    notes: bool = True,
    data_dir: Path | None = None,
) -> bool:
    """Settle the difference in session (or coachee) ``uid`` as the coach chose:
    ``keep_here``, this machine's copy replaces the server's; else the server's replaces this
    machine's (keeping this machine's notes, moment notes and agreed actions when ``notes``
    is False, as those never went up). Returns False when the record is no longer on both
    sides (erased, or settled from another machine): nothing was changed. Either way it is
    taken off the list kept in ``data_dir``.

    Raises:
        psycopg.Error: the server refused or the connection was lost (nothing changed on it).
        InvalidInput: the server's name for a coachee is another coachee's here.
        StoreWriteFailed / DatabaseRefused: the local store could not be read or written.
    """
    done = _settle(store, conn, uid, keep_here=keep_here, now_ms=now_ms, notes=notes)
    if data_dir is not None:
        _drop_listed(data_dir, uid)
    return done


def _settle(
    store: SqlStore, conn: Conn, uid: str, *, keep_here: bool, now_ms: int, notes: bool
) -> bool:
    local = store.read_archive(now_ms)
    coachee_here = next((c for c in local.coachees if c.uid == uid), None)
    if coachee_here is not None:
        return _settle_coachee(store, conn, coachee_here, keep_here=keep_here, notes=notes)
    found = next(((c, s) for c in local.coachees for s in c.sessions if s.uid == uid), None)
    if found is None or found[1].ended_at_ms is None:
        return False
    coachee, here = found
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('coachdesk sync ' || current_user))")
        server = _read(conn)
        there = server.sessions.get(uid)
        if there is None or there[0] != coachee.uid:
            return False
        if keep_here:
            conn.execute(f"DELETE FROM {S}.coaching_session WHERE uid = %s", (uid,))
            up = replace(coachee, sessions=(here if notes else _session_without_notes(here),))
            _send(conn, Archive(now_ms, (), (up,)), replace(server, sessions={}), (), _Round({}))
            return True
    store.replace_session(coachee.uid, there[1] if notes else _with_notes_of(here, there[1]))
    return True


def _settle_coachee(
    store: SqlStore, conn: Conn, here: CoacheeEntry, *, keep_here: bool, notes: bool
) -> bool:
    """A coachee's name, note and archive mark, from this machine to the server or back (the
    note stays as it is on each side when ``notes`` is False: it never went up)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('coachdesk sync ' || current_user))")
        there = conn.execute(
            f"SELECT name, note, archived_at_ms FROM {S}.coachee WHERE uid = %s", (here.uid,)
        ).fetchone()
        if there is None:
            return False
        if keep_here:
            conn.execute(
                f"UPDATE {S}.coachee SET name = %s, note = %s, archived_at_ms = %s WHERE uid = %s",
                (here.name, here.note if notes else there[1], here.archived_at_ms, here.uid),
            )
            return True
    store.replace_coachee(here.uid, str(there[0]), str(there[1]) if notes else here.note, there[2])
    return True


def _send_notes(
    cur: Any, coachees: list[CoacheeEntry], sessions: list[SessionEntry]
) -> tuple[int, int]:
    """The notes and agreed actions of records the server holds without them; how many
    session notes and agreed actions went."""
    if coachees:
        cur.executemany(
            f"UPDATE {S}.coachee SET note = %s WHERE uid = %s AND note = ''",
            [(c.note, c.uid) for c in coachees],
        )
    marked = [(m.note, s.uid, i) for s in sessions for i, m in enumerate(s.markers) if m.note]
    if marked:
        cur.executemany(
            f"UPDATE {S}.marker SET note = %s"
            " WHERE session_uid = %s AND position = %s AND note = ''",
            marked,
        )
    _insert(
        cur,
        "session_note",
        ("session_uid", "field", "text", "updated_at_ms"),
        [(s.uid, f, text, s.started_at_ms) for s in sessions for f, text in s.notes],
    )
    agreed = _insert(cur, "agreed_action", _AGREED_COLUMNS, _agreed_rows(sessions))
    return sum(len(s.notes) for s in sessions), agreed


_AGREED_COLUMNS = ("session_uid", "position", "text", "outcome")


def _scheme_document(scheme: Scheme) -> str:
    """The scheme file's JSON, as the local store keeps it."""
    from coachdesk.domain.scheme_files import dumps

    return dumps(scheme).decode("utf-8")


def _agreed_rows(sessions: Iterable[SessionEntry]) -> list[tuple[Any, ...]]:
    return [
        (s.uid, i, a.text, None if a.outcome is None else a.outcome.value)
        for s in sessions
        for i, a in enumerate(s.agreed)
    ]


def _insert(cur: Any, table: str, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> int:
    """Rows where their key is missing (a round cut off before its COMMIT left none); how
    many were added."""
    rows = list(rows)
    if not rows:
        return 0
    marks = ", ".join(["%s"] * len(columns))
    cur.executemany(
        f"INSERT INTO {S}.{table} ({', '.join(columns)}) VALUES ({marks}) ON CONFLICT DO NOTHING",
        rows,
    )
    return int(cur.rowcount)


def _missing_here(server: _Server, local: Archive, now_ms: int, gone: Collection[str]) -> Archive:
    """What the server holds and this machine lacks, as an archive for
    :meth:`SqlStore.import_archive`. Records on both sides were compared on the way up (and
    any difference reported there), so they are not sent through the merge again; a coachee
    here that gains sessions is given as it is here, so the merge finds nothing to report.
    The scheme versions the server's sessions use go with them, but those of sessions here
    (compared on the way up) and Balance's first (every store has its own)."""
    kinds_here = {k.key for k in local.kinds}
    schemes_here = {SchemeRef(s.key, s.version) for s in local.schemes} | {BALANCE_V1}
    used = {s.scheme for cu, s in server.sessions.values() if s.uid not in gone}
    coachees_here = {c.uid: c for c in local.coachees}
    sessions_here = {s.uid for c in local.coachees for s in c.sessions}
    new: dict[str, list[SessionEntry]] = defaultdict(list)
    for coachee_uid, s in server.sessions.values():
        if s.uid not in gone and s.uid not in sessions_here:
            new[coachee_uid].append(s)
    coachees = []
    for c in sorted(server.coachees.values(), key=lambda c: c.created_at_ms):
        if c.uid in gone or (c.uid in coachees_here and not new[c.uid]):
            continue
        sessions = tuple(sorted(new[c.uid], key=lambda s: s.started_at_ms))
        coachees.append(replace(coachees_here.get(c.uid, c), sessions=sessions))
    return Archive(
        now_ms,
        tuple(sorted((k for k in server.kinds.values() if k.key not in kinds_here),
                     key=lambda k: k.position)),
        tuple(coachees),
        tuple(server.schemes[ref] for ref in sorted(used - schemes_here)
              if ref in server.schemes),
    )  # fmt: skip


def sync_with(
    url: str,
    password: str | None,
    store: SqlStore,
    data_dir: Path,
    now_ms: int,
    *,
    notes: bool = True,
) -> SyncReport:
    """One round over a new connection to ``url``, after checking the login is a coach of
    a practice at this coachdesk's revision.

    Raises:
        PracticeServerError: the server refused, or the connection was lost (the round can
            simply be run again).
    """
    import psycopg

    from coachdesk.domain.errors import PracticeServerError
    from coachdesk.store.server import admin
    from coachdesk.store.server.coach import check_login

    check_login(url, password)
    try:
        with admin.connect(url, password) as conn:
            return sync(store, data_dir, conn, now_ms, notes=notes)
    except psycopg.Error as e:
        raise PracticeServerError(
            _(
                "The sync with the practice server stopped: {reason}. Nothing was lost; run "
                "it again to finish."
            ).format(reason=str(e).strip())
        ) from e
