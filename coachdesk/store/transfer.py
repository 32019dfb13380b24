"""Reading the practice (or one coachee) out as an archive, and merging an archive in.

An import is one transaction: all of it or none of it. It merges by uid: a coachee or session
already here is left as it is (reported as a conflict if the archive's copy differs), so
importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection
from dataclasses import replace

from coachdesk.domain.agreed_actions import Outcome
from coachdesk.domain.archive import (
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
from coachdesk.domain.model import normal_text
from coachdesk.store.connection import transaction
from coachdesk.store.rows import insert_coachee, insert_contents, insert_session


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
            f"s.ended_at_ms, s.left_out FROM coaching_session s WHERE s.id IN ({in_scope}) "
            "ORDER BY s.started_at_ms, s.id",
            args,
        ).fetchall()
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
    for sid, coachee_id, uid, started, planned, active, ended, left_out in sessions:
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
    )


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
    )


def import_archive(
    conn: sqlite3.Connection, archive: Archive, erased: Collection[str] = frozenset()
) -> ImportReport:
    """Merge ``archive`` in, in one transaction; skip whatever uid is in ``erased``.

    Raises:
        InvalidInput: the archive cannot be merged (an open session while one is open here);
            nothing was written.
    """
    conflicts: list[str] = []
    added: defaultdict[str, int] = defaultdict(int)
    skipped = 0
    with transaction(conn, write=True):
        kind_ids = _merge_kinds(conn, archive.kinds, conflicts, added)
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
                _merge_session(conn, coachee_id, coachee.name, session, kind_ids, conflicts, added)
    return ImportReport(
        coachees=added["coachees"],
        sessions=added["sessions"],
        tallies=added["tallies"],
        pauses=added["pauses"],
        notes=added["notes"],
        kinds=added["kinds"],
        conflicts=tuple(conflicts),
        skipped_erased=skipped,
    )


def _merge_kinds(
    conn: sqlite3.Connection,
    kinds: tuple[KindEntry, ...],
    conflicts: list[str],
    added: dict[str, int],
) -> dict[str, int]:
    ours = {
        row[1]: row
        for row in conn.execute(
            "SELECT id, key, label, side, position, colour, detail FROM tally_kind"
        )
    }
    ids = {key: row[0] for key, row in ours.items()}
    for kind in kinds:
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
            "INSERT INTO tally_kind (key, label, side, position, colour, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (kind.key, kind.label, kind.side, kind.position, kind.colour, kind.detail),
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
    uid, started, planned, active, ended = conn.execute(
        "SELECT uid, started_at_ms, planned_minutes, active_ms, ended_at_ms "
        "FROM coaching_session WHERE id = ?",
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
        uid, started, planned, active, ended, tallies, pauses, notes, markers, agreed
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
        InvalidInput: no such coachee here (erased since), or the session is open.
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
        kind_ids = _merge_kinds(conn, (), conflicts, added)
        _merge_session(conn, int(found[0]), str(found[1]), session, kind_ids, conflicts, added)
