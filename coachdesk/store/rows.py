"""The INSERTs that put a whole coachee or session in at once (an archive imported, demo data):
one place that knows the columns, so both write the same rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def insert_coachee(
    conn: sqlite3.Connection,
    uid: str,
    name: str,
    created_at_ms: int,
    note: str,
    archived_at_ms: int | None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO coachee (uid, name, created_at_ms, note, archived_at_ms) "
        "VALUES (?, ?, ?, ?, ?)",
        (uid, name, created_at_ms, note, archived_at_ms),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def insert_session(
    conn: sqlite3.Connection,
    uid: str,
    coachee_id: int,
    started_at_ms: int,
    planned_minutes: int | None,
    active_ms: int,
    ended_at_ms: int | None,
    *,
    left_out: bool = False,
    counted_anyway: bool = False,
    scheme_version_id: int = 1,
) -> int:
    """The session's row; ``scheme_version_id``: the ``scheme_version`` it was recorded with
    (1: the Balance scheme's first version)."""
    counting = 1 if left_out else 2 if counted_anyway else 0  # as history.Counting
    cursor = conn.execute(
        "INSERT INTO coaching_session (uid, coachee_id, started_at_ms, planned_minutes, "
        "active_ms, ended_at_ms, left_out, scheme_version_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            uid,
            coachee_id,
            started_at_ms,
            planned_minutes,
            active_ms,
            ended_at_ms,
            counting,
            scheme_version_id,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def insert_contents(
    conn: sqlite3.Connection,
    session_id: int,
    *,
    pauses: Iterable[tuple[int, int, int | None]],
    tallies: Iterable[tuple[int, int, int, str | None]],
    notes: Iterable[tuple[str, str, int]],
    markers: Iterable[tuple[int, int, str]] = (),
    agreed: Iterable[tuple[str, str | None]] = (),
) -> None:
    """A session's pauses (offset, started, ended), tallies (kind id, offset, at, detail),
    notes (field, text, updated at), marked moments (offset, at, note) and agreed actions
    (text, outcome), the last in the order typed."""
    conn.executemany(
        "INSERT INTO pause (session_id, offset_ms, started_at_ms, ended_at_ms) VALUES (?, ?, ?, ?)",
        [(session_id, *p) for p in pauses],
    )
    conn.executemany(
        "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) VALUES (?, ?, ?, ?, ?)",
        [(session_id, *t) for t in tallies],
    )
    conn.executemany(
        "INSERT INTO session_note (session_id, field, text, updated_at_ms) VALUES (?, ?, ?, ?)",
        [(session_id, *n) for n in notes],
    )
    conn.executemany(
        "INSERT INTO marker (session_id, offset_ms, at_ms, note) VALUES (?, ?, ?, ?)",
        [(session_id, *m) for m in markers],
    )
    conn.executemany(
        "INSERT INTO agreed_action (session_id, position, text, outcome) VALUES (?, ?, ?, ?)",
        [(session_id, position, *a) for position, a in enumerate(agreed)],
    )
