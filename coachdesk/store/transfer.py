"""Reading the practice (or one coachee) out as an archive, and merging an archive in.

An import is one transaction: all of it or none of it. It merges by uid: a coachee or session
already here is left as it is (reported as a conflict if the archive's copy differs), so
importing the same file twice changes nothing the second time.

Each session is recorded with its scheme version (:mod:`coachdesk.domain.archive`). A version
the store lacks is saved from the archive as that version (versions in between may be missing
here: they are not needed); a version the store holds with another document is reported, ours
kept, and the archive's sessions of it are recorded under ours only if every tally kind they
use is one of ours. New tally kind rows get the key their kind has in its scheme
(:mod:`coachdesk.domain.kind_rows`).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace
from typing import TYPE_CHECKING

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
    pause_uids,
    tally_uids,
)
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _
from coachdesk.domain.kind_rows import kind_key_of, kind_key_of_row
from coachdesk.domain.model import SchemeRef, normal_text
from coachdesk.store.connection import transaction
from coachdesk.store.rows import insert_coachee, insert_contents, insert_session

if TYPE_CHECKING:  # the scheme modules are read when a scheme is, not at start-up
    from coachdesk.domain.schemes import Scheme

#: How a session's scheme version is read with it: ``s`` is the coaching_session.
_SCHEME_OF_SESSION = (
    "JOIN scheme_version v ON v.id = s.scheme_version_id JOIN scheme sc ON sc.id = v.scheme_id"
)


def read_archive(
    conn: sqlite3.Connection, exported_at_ms: int, coachee_id: int | None = None
) -> Archive:
    """Everything (or everything of one coachee), in one consistent read."""
    only = "" if coachee_id is None else "WHERE c.id = ?"
    args: tuple[int, ...] = () if coachee_id is None else (coachee_id,)
    in_scope = "SELECT s.id FROM coaching_session s JOIN coachee c ON c.id = s.coachee_id " + only
    with transaction(conn, write=False):
        kinds = tuple(
            KindEntry(*row)
            for row in conn.execute(
                "SELECT key, label, side, position, colour, detail FROM tally_kind "
                "ORDER BY position"
            )
        )
        coachees = conn.execute(
            "SELECT c.id, c.uid, c.name, c.created_at_ms, c.note, c.archived_at_ms "
            f"FROM coachee c {only} ORDER BY c.id",
            args,
        ).fetchall()
        sessions = conn.execute(
            "SELECT s.id, s.coachee_id, s.uid, s.started_at_ms, s.planned_minutes, s.active_ms, "
            f"s.ended_at_ms, s.left_out, sc.key, v.version FROM coaching_session s "
            f"{_SCHEME_OF_SESSION} WHERE s.id IN ({in_scope}) ORDER BY s.started_at_ms, s.id",
            args,
        ).fetchall()
        refs = {SchemeRef(key, version) for *_row, key, version in sessions} - {BALANCE_V1}
        schemes = tuple(_known(_stored_scheme(conn, ref))[1] for ref in sorted(refs))
        tallies: dict[int, list[tuple[str, int, int, str | None]]] = defaultdict(list)
        for sid, key, offset, at, detail in conn.execute(
            "SELECT t.session_id, k.key, t.offset_ms, t.at_ms, t.detail FROM tally t "
            f"JOIN tally_kind k ON k.id = t.kind_id WHERE t.session_id IN ({in_scope}) "
            "ORDER BY t.session_id, t.id",
            args,
        ):
            tallies[sid].append((key, offset, at, detail))
        pauses: dict[int, list[tuple[int, int, int | None]]] = defaultdict(list)
        for sid, offset, started, ended in conn.execute(
            "SELECT session_id, offset_ms, started_at_ms, ended_at_ms FROM pause "
            f"WHERE session_id IN ({in_scope}) ORDER BY session_id, id",
            args,
        ):
            pauses[sid].append((offset, started, ended))
        markers: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for sid, offset, at, note in conn.execute(
            "SELECT session_id, offset_ms, at_ms, note FROM marker "
            f"WHERE session_id IN ({in_scope}) ORDER BY session_id, id",
            args,
        ):
            markers[sid].append((offset, at, note))
        agreed: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
        for sid, text, outcome in conn.execute(
            "SELECT session_id, text, outcome FROM agreed_action "
            f"WHERE session_id IN ({in_scope}) ORDER BY session_id, position",
            args,
        ):
            agreed[sid].append((text, outcome))
        notes: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for sid, note_field, text in conn.execute(
            "SELECT session_id, field, text FROM session_note "
            f"WHERE session_id IN ({in_scope}) ORDER BY session_id, field",
            args,
        ):
            notes[sid].append((note_field, text))
    per_coachee: dict[int, list[SessionEntry]] = defaultdict(list)
    for sid, coachee_id, uid, started, planned, active, ended, left_out, key, version in sessions:
        entry = _session_entry(
            uid,
            started,
            planned,
            active,
            ended,
            tallies[sid],
            pauses[sid],
            notes[sid],
            markers[sid],
            agreed[sid],
            SchemeRef(key, version),
        )
        per_coachee[coachee_id].append(  # history.Counting: 1 left out, 2 counted anyway
            replace(entry, left_out=left_out == 1, counted_anyway=left_out == 2)
        )
    return Archive(
        exported_at_ms,
        kinds,
        tuple(
            CoacheeEntry(uid, name, created, tuple(per_coachee[cid]), note, archived)
            for cid, uid, name, created, note, archived in coachees
        ),
        schemes,
    )


def _known(found: tuple[int, Scheme] | None) -> tuple[int, Scheme]:
    assert found is not None  # a session's scheme_version_id is a foreign key
    return found


def _stored_scheme(conn: sqlite3.Connection, ref: SchemeRef) -> tuple[int, Scheme] | None:
    """The store's row id and copy of the scheme version ``ref``, if it has one."""
    from coachdesk.domain.scheme_files import parse

    found = conn.execute(
        "SELECT v.id, v.document FROM scheme_version v JOIN scheme sc ON sc.id = v.scheme_id "
        "WHERE sc.key = ? AND v.version = ?",
        (ref.key, ref.version),
    ).fetchone()
    return None if found is None else (int(found[0]), parse(found[1].encode("utf-8")))


def _session_entry(
    uid: str,
    started: int,
    planned: int | None,
    active: int,
    ended: int | None,
    tallies: list[tuple[str, int, int, str | None]],
    pauses: list[tuple[int, int, int | None]],
    notes: list[tuple[str, str]],
    markers: list[tuple[int, int, str]],
    agreed: list[tuple[str, str | None]],
    scheme: SchemeRef,
) -> SessionEntry:
    t_uids = tally_uids(uid, ((offset, at) for _key, offset, at, _detail in tallies))
    p_uids = pause_uids(uid, ((offset, started) for offset, started, _ended in pauses))
    return SessionEntry(
        uid,
        started,
        planned,
        active,
        ended,
        tuple(PauseEntry(u, *p) for u, p in zip(p_uids, pauses, strict=True)),
        tuple(TallyEntry(u, *t) for u, t in zip(t_uids, tallies, strict=True)),
        tuple(notes),
        markers=tuple(MarkerEntry(*m) for m in markers),
        agreed=tuple(
            AgreedEntry(text, None if outcome is None else Outcome(outcome))
            for text, outcome in agreed
        ),
        scheme=scheme,
    )


def import_archive(
    conn: sqlite3.Connection,
    archive: Archive,
    erased: Collection[str] = frozenset(),
    *,
    leave_out_unfit: bool = False,
) -> ImportReport:
    """Merge ``archive`` in, in one transaction; skip whatever uid is in ``erased``.
    ``leave_out_unfit``: a session whose scheme version is not here, or does not have every
    tally kind the session uses, is left out and reported, rather than refused (sync: the
    rest comes down, and the next round tries it again).

    Raises:
        InvalidInput: the archive cannot be merged (an open session while one is open here,
            a session whose scheme version does not fit); nothing was written.
    """
    conflicts: list[str] = []
    added: defaultdict[str, int] = defaultdict(int)
    skipped = 0
    with transaction(conn, write=True):
        schemes = _Schemes(conn, archive.schemes, conflicts, added)
        kind_keys: dict[str, str] = {}  # new kind rows' keys in their schemes
        version_ids: dict[str, int] = {}  # per session uid
        unfit: set[str] = set()
        for i, coachee in enumerate(archive.coachees):
            for j, session in enumerate(coachee.sessions):
                if coachee.uid in erased or session.uid in erased:
                    continue
                if conn.execute(
                    "SELECT 1 FROM coaching_session WHERE uid = ?", (session.uid,)
                ).fetchone():
                    continue  # left as it is: only compared
                # A file's place in the archive; in sync, the session in the coach's words.
                where = (
                    _("Session {uid} of {name}").format(uid=session.uid, name=coachee.name)
                    if leave_out_unfit
                    else f"coachees[{i}].sessions[{j}]"
                )
                try:
                    version_ids[session.uid] = schemes.check(
                        session, where, kind_keys, path=not leave_out_unfit
                    )
                except InvalidInput as e:
                    if not leave_out_unfit:
                        raise InvalidInput(
                            _("{problem}. Nothing was imported.").format(problem=e)
                        ) from None
                    unfit.add(session.uid)
                    conflicts.append(_("{problem}; that session was left out.").format(problem=e))
        kind_ids = _merge_kinds(conn, archive.kinds, conflicts, added, kind_keys)
        # Names stored before names were normalised (NFC), as an archive's names now are.
        unnormalised = {
            normal_text(name): cid
            for cid, name in conn.execute("SELECT id, name FROM coachee")
            if normal_text(name) != name
        }
        for coachee in archive.coachees:
            if coachee.uid in erased:
                skipped += len(coachee.sessions)
                continue
            coachee_id = _merge_coachee(conn, coachee, conflicts, added, unnormalised)
            for session in coachee.sessions:
                if session.uid in erased:
                    skipped += 1
                    continue
                if session.uid in unfit:
                    continue
                _merge_session(
                    conn,
                    coachee_id,
                    coachee.name,
                    session,
                    kind_ids,
                    conflicts,
                    added,
                    version_ids.get(session.uid, 1),
                )
    return ImportReport(
        coachees=added["coachees"],
        sessions=added["sessions"],
        tallies=added["tallies"],
        pauses=added["pauses"],
        notes=added["notes"],
        kinds=added["kinds"],
        conflicts=tuple(conflicts),
        skipped_erased=skipped,
        schemes=added["schemes"],
    )


class _Schemes:
    """The scheme versions an import records its sessions with: the store's, and those of
    the archive the store lacked, saved on the way in (as the version they are: a version
    may have been skipped here, unlike a scheme saved in the editor). A version the store
    holds is never changed, whether it has sessions yet or not: the archive's copy, if it
    differs, is reported and ours kept."""

    def __init__(
        self,
        conn: sqlite3.Connection,
        carried: tuple[Scheme, ...],
        conflicts: list[str],
        added: dict[str, int],
    ) -> None:
        from coachdesk.domain.scheme_files import dumps

        self._conn = conn
        #: Balance's kinds here by their row keys (one that came in before schemes may have
        #: a key of its own that is no identifier: see scheme_presets.first_version).
        self._balance_keys: dict[str, str] = dict(
            conn.execute("SELECT key, kind_key FROM tally_kind WHERE kind_key <> ''")
        )
        self._found: dict[SchemeRef, tuple[int, Scheme] | None] = {}
        #: Versions whose copy here differs from the archive's.
        self._differing: set[SchemeRef] = set()
        for scheme in carried:
            ref = SchemeRef(scheme.key, scheme.version)
            found = self._stored(ref)
            if found is None:
                conn.execute("INSERT OR IGNORE INTO scheme (key) VALUES (?)", (scheme.key,))
                cursor = conn.execute(
                    "INSERT INTO scheme_version (scheme_id, version, document) "
                    "SELECT id, ?, ? FROM scheme WHERE key = ?",
                    (scheme.version, dumps(scheme).decode("utf-8"), scheme.key),
                )
                assert cursor.lastrowid is not None
                self._found[ref] = (cursor.lastrowid, scheme)
                added["schemes"] += 1
            elif found[1] != scheme:
                self._differing.add(ref)
                conflicts.append(
                    _("Scheme {key} version {version}: differs here; ours was kept.").format(
                        key=scheme.key, version=scheme.version
                    )
                )

    def _stored(self, ref: SchemeRef) -> tuple[int, Scheme] | None:
        if ref not in self._found:
            self._found[ref] = _stored_scheme(self._conn, ref)
        return self._found[ref]

    def check(
        self, session: SessionEntry, where: str, kind_keys: dict[str, str], *, path: bool = True
    ) -> int:
        """The id of the scheme version ``session`` is to be recorded with, after checking
        every tally of it is of a kind of that version; notes in ``kind_keys`` the key in
        its scheme of each tally kind it uses. ``where`` names the session (``path``: as a
        place in the archive, to which the field is added).

        Raises:
            InvalidInput: saying what and where (a sentence without its full stop): neither
                the archive nor the store holds its scheme version, or a tally's kind is not
                one of that version (of ours, when the archive's copy differs).
        """
        ref = session.scheme
        if ref == BALANCE_V1:
            # Every store has its own first Balance, made from the kinds it held: any kind
            # an archive brings is recorded as it always was, by its own key.
            for t in session.tallies:
                kind_keys.setdefault(t.kind, t.kind)
            return 1
        found = self._stored(ref)
        if found is None:
            raise InvalidInput(
                _(
                    "{where}: the session was recorded with version {version} of the scheme "
                    "“{key}”, which did not come with it and is not on this computer"
                ).format(
                    where=f"{where}.scheme" if path else where, version=ref.version, key=ref.key
                )
            )
        version_id, scheme = found
        for k, t in enumerate(session.tallies):
            kind = kind_key_of(ref.key, t.kind)
            if ref.key == BALANCE_V1.key:
                kind = self._balance_keys.get(t.kind, kind)
            if kind is None or scheme.kind(kind) is None:
                problem = (
                    _(
                        "{where}: version {version} of the scheme “{key}” differs here, and "
                        "ours has no tally kind “{kind}”, which the session uses"
                    )
                    if ref in self._differing
                    else _(
                        "{where}: version {version} of the scheme “{key}” has no tally kind "
                        "“{kind}”"
                    )
                )
                raise InvalidInput(
                    problem.format(
                        where=f"{where}.tallies[{k}].kind" if path else where,
                        version=ref.version,
                        key=ref.key,
                        kind=t.kind if kind is None else kind,
                    )
                )
            kind_keys.setdefault(t.kind, kind)
        return version_id


def _merge_kinds(
    conn: sqlite3.Connection,
    kinds: tuple[KindEntry, ...],
    conflicts: list[str],
    added: dict[str, int],
    kind_keys: dict[str, str],
) -> dict[str, int]:
    """The id here of every tally kind, adding the archive's that are missing, each with its
    key in its scheme (``kind_keys``: of the kinds the imported sessions use; another is
    taken as its row key says, :mod:`coachdesk.domain.kind_rows`)."""
    # Kinds an import added before imports set their key in their scheme.
    keyless = {key for (key,) in conn.execute("SELECT key FROM tally_kind WHERE kind_key = ''")}
    ours = {
        row[1]: row
        for row in conn.execute(
            "SELECT id, key, label, side, position, colour, detail FROM tally_kind"
        )
    }
    ids = {key: row[0] for key, row in ours.items()}
    for kind in kinds:
        if kind.key in keyless:
            conn.execute(
                "UPDATE tally_kind SET kind_key = ? WHERE key = ?",
                (kind_keys.get(kind.key) or kind_key_of_row(kind.key), kind.key),
            )
        if kind.key in ours:
            if ours[kind.key][6] != kind.detail:  # its tallies' details would not fit ours
                raise InvalidInput(
                    _(
                        "The archive's tally kind {key} holds another kind of detail than "
                        "ours. Nothing was imported."
                    ).format(key=kind.key)
                )
            if ours[kind.key][1:] != (
                kind.key,
                kind.label,
                kind.side,
                kind.position,
                kind.colour,
                kind.detail,
            ):
                conflicts.append(
                    _("Tally kind {key}: differs here; ours was kept.").format(key=kind.key)
                )
            continue
        cursor = conn.execute(
            "INSERT INTO tally_kind (key, label, side, position, colour, detail, kind_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                kind.key,
                kind.label,
                kind.side,
                kind.position,
                kind.colour,
                kind.detail,
                kind_keys.get(kind.key) or kind_key_of_row(kind.key),
            ),
        )
        assert cursor.lastrowid is not None
        ids[kind.key] = cursor.lastrowid
        added["kinds"] += 1
    return ids


def _merge_coachee(
    conn: sqlite3.Connection,
    coachee: CoacheeEntry,
    conflicts: list[str],
    added: dict[str, int],
    unnormalised: dict[str, int],
) -> int:
    """The coachee's id here, by uid, else by name (compared as NFC); added if neither."""
    found = conn.execute(
        "SELECT id, name, note, archived_at_ms FROM coachee WHERE uid = ?", (coachee.uid,)
    ).fetchone()
    if found is not None:
        if normal_text(found[1]) != coachee.name:
            conflicts.append(
                _(
                    "Coachee {uid}: named {theirs} in the archive, {ours} here; ours was kept."
                ).format(uid=coachee.uid, theirs=coachee.name, ours=found[1])
            )
        elif tuple(found[2:]) != (coachee.note, coachee.archived_at_ms):
            conflicts.append(
                _("Coachee {name}: their note or archive mark differs here; ours was kept.").format(
                    name=coachee.name
                )
            )
        return int(found[0])
    same_name = conn.execute("SELECT id FROM coachee WHERE name = ?", (coachee.name,)).fetchone()
    if same_name is None and coachee.name in unnormalised:
        same_name = (unnormalised[coachee.name],)
    if same_name is not None:
        conflicts.append(
            _(
                "Coachee {name}: another coachee here has that name; the archive's sessions "
                "were added to ours."
            ).format(name=coachee.name)
        )
        return int(same_name[0])
    added["coachees"] += 1
    return insert_coachee(
        conn,
        coachee.uid,
        coachee.name,
        coachee.created_at_ms,
        coachee.note,
        coachee.archived_at_ms,
    )


def _merge_session(
    conn: sqlite3.Connection,
    coachee_id: int,
    name: str,
    session: SessionEntry,
    kind_ids: dict[str, int],
    conflicts: list[str],
    added: dict[str, int],
    scheme_version_id: int,
) -> None:
    found = conn.execute("SELECT id FROM coaching_session WHERE uid = ?", (session.uid,)).fetchone()
    if found is not None:
        # Left out, or counted anyway, is the coach's marking here, not a difference in the
        # record.
        stored = replace(
            _stored_session(conn, found[0]),
            left_out=session.left_out,
            counted_anyway=session.counted_anyway,
        )
        if stored != session:
            conflicts.append(
                _("Session {uid} of {name}: differs here; ours was kept.").format(
                    uid=session.uid, name=name
                )
            )
        return
    if (
        session.ended_at_ms is None
        and conn.execute("SELECT 1 FROM coaching_session WHERE ended_at_ms IS NULL").fetchone()
    ):
        raise InvalidInput(
            _(
                "The archive holds a session that is still open, and a session is open here "
                "too. End the one here first. Nothing was imported."
            )
        )
    sid = insert_session(
        conn,
        session.uid,
        coachee_id,
        session.started_at_ms,
        session.planned_minutes,
        session.active_ms,
        session.ended_at_ms,
        left_out=session.left_out,
        counted_anyway=session.counted_anyway,
        scheme_version_id=scheme_version_id,
    )
    insert_contents(
        conn,
        sid,
        pauses=[(p.offset_ms, p.started_at_ms, p.ended_at_ms) for p in session.pauses],
        tallies=[(kind_ids[t.kind], t.offset_ms, t.at_ms, t.detail) for t in session.tallies],
        notes=[(f, text, session.started_at_ms) for f, text in session.notes],
        markers=[(m.offset_ms, m.at_ms, m.note) for m in session.markers],
        agreed=[(a.text, None if a.outcome is None else a.outcome.value) for a in session.agreed],
    )
    added["sessions"] += 1
    added["pauses"] += len(session.pauses)
    added["tallies"] += len(session.tallies)
    added["notes"] += len(session.notes)


def _stored_session(conn: sqlite3.Connection, session_id: int) -> SessionEntry:
    uid, started, planned, active, ended, key, version = conn.execute(
        "SELECT s.uid, s.started_at_ms, s.planned_minutes, s.active_ms, s.ended_at_ms, sc.key, "
        f"v.version FROM coaching_session s {_SCHEME_OF_SESSION} WHERE s.id = ?",
        (session_id,),
    ).fetchone()
    tallies = conn.execute(
        "SELECT k.key, t.offset_ms, t.at_ms, t.detail FROM tally t "
        "JOIN tally_kind k ON k.id = t.kind_id WHERE t.session_id = ? ORDER BY t.id",
        (session_id,),
    ).fetchall()
    pauses = conn.execute(
        "SELECT offset_ms, started_at_ms, ended_at_ms FROM pause WHERE session_id = ? ORDER BY id",
        (session_id,),
    ).fetchall()
    notes = conn.execute(
        "SELECT field, text FROM session_note WHERE session_id = ? ORDER BY field",
        (session_id,),
    ).fetchall()
    markers = conn.execute(
        "SELECT offset_ms, at_ms, note FROM marker WHERE session_id = ? ORDER BY id",
        (session_id,),
    ).fetchall()
    agreed = conn.execute(
        "SELECT text, outcome FROM agreed_action WHERE session_id = ? ORDER BY position",
        (session_id,),
    ).fetchall()
    return _session_entry(
        uid,
        started,
        planned,
        active,
        ended,
        tallies,
        pauses,
        notes,
        markers,
        agreed,
        SchemeRef(key, version),
    )


def session_ids(conn: sqlite3.Connection, coachee_id: int) -> dict[str, int]:
    """The coachee's sessions: uid -> id."""
    with transaction(conn, write=False):
        rows = conn.execute(
            "SELECT uid, id FROM coaching_session WHERE coachee_id = ?", (coachee_id,)
        ).fetchall()
    return {uid: sid for uid, sid in rows}


def replace_session(conn: sqlite3.Connection, coachee_uid: str, session: SessionEntry) -> None:
    """This machine's copy of the session with ``session``'s uid replaced by ``session``, in
    one transaction (its tallies, pauses, notes, moments and agreed actions with it), under
    the coachee with ``coachee_uid``; the coach settling a difference chose the other copy.

    Raises:
        InvalidInput: no such coachee here (erased since), the session is open, or its
            scheme version is not here (or has not all its tally kinds).
    """
    if session.ended_at_ms is None:
        raise InvalidInput(_("An open session cannot replace another."))
    with transaction(conn, write=True):
        found = conn.execute(
            "SELECT id, name FROM coachee WHERE uid = ?", (coachee_uid,)
        ).fetchone()
        if found is None:
            raise InvalidInput(_("That coachee is no longer on this computer."))
        conn.execute("DELETE FROM coaching_session WHERE uid = ?", (session.uid,))
        added: defaultdict[str, int] = defaultdict(int)
        conflicts: list[str] = []
        kind_keys: dict[str, str] = {}
        try:
            version_id = _Schemes(conn, (), conflicts, added).check(
                session,
                _("Session {uid} of {name}").format(uid=session.uid, name=found[1]),
                kind_keys,
                path=False,
            )
        except InvalidInput as e:
            raise InvalidInput(_("{problem}. Nothing was changed.").format(problem=e)) from None
        kind_ids = _merge_kinds(conn, (), conflicts, added, kind_keys)
        _merge_session(
            conn, int(found[0]), str(found[1]), session, kind_ids, conflicts, added, version_id
        )
