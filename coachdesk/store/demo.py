"""Writing a made-up practice (see :mod:`coachdesk.domain.demo`) into an empty database, fast.

Everything goes in one transaction with ``executemany``: either the whole demo is there or
nothing is. A database that holds any coachee or session is refused before anything is
written: demo data never mixes with a coach's real records.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from coachdesk.domain.demo import DemoCoachee, DemoSession
from coachdesk.domain.errors import InvalidInput, StoreWriteFailed
from coachdesk.domain.i18n import _
from coachdesk.domain.review import NOTE
from coachdesk.store.connection import errors, inspect, transaction
from coachdesk.store.header import check_header
from coachdesk.store.opening import cannot_open
from coachdesk.store.repository import SqlStore
from coachdesk.store.rows import insert_coachee, insert_contents, insert_session

#: Set in ``coachdesk_meta`` of a database the demo filled.
DEMO_KEY = "demo_seed"


@dataclass(frozen=True, slots=True)
class Written:
    coachees: int
    sessions: int
    tallies: int


def refuse_if_in_use(database: Path) -> None:
    """Refuse, reading only, a database that is not ours or holds any coachee or session.

    Raises:
        DatabaseRefused: the file is empty, damaged or another program's.
        InvalidInput: it holds records.
    """
    if not database.exists():
        return
    check_header(database)
    # immutable: not even a -wal or -shm file appears. What only a -wal file holds is missed
    # here, and caught by the same check inside the writing transaction.
    conn = inspect(database)
    try:
        _refuse_records(conn, database)
    except errors() as e:  # a damaged or cut-off file, say
        raise cannot_open(database, e) from e
    finally:
        conn.close()


def _refuse_records(conn: sqlite3.Connection, database: Path) -> None:
    tables = {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    held = sum(
        conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("coachee", "coaching_session")
        if table in tables
    )
    if held:
        raise InvalidInput(
            _(
                "The database {path} already holds coachees or sessions. Demo data goes only "
                "into a new, empty data folder (--data-dir); nothing was written."
            ).format(path=database)
        )


def write_demo(
    store: SqlStore,
    coachees: list[DemoCoachee],
    sessions: Iterable[DemoSession],
    seed: int,
    now_ms: int,
) -> Written:
    """Write the demo practice in one transaction, into a database with no records.

    Each coachee is created at their first session (or now) and archived a day after their
    last one.
    """
    conn = store.connection
    note = _("Fictional demo coachee, made by coachdesk demo: not a real person.")
    try:
        with transaction(conn, write=True):
            _refuse_records(conn, store.path)
            kinds = dict(conn.execute("SELECT key, id FROM tally_kind").fetchall())
            coachee_ids = [_add_coachee(conn, c, note) for c in coachees]
            counts = [0, 0]
            for session in sessions:
                counts[0] += 1
                counts[1] += len(session.tallies)
                _add_session(conn, coachee_ids[session.coachee], session, kinds)
            conn.execute(
                "UPDATE coachee SET created_at_ms = COALESCE(("
                "  SELECT MIN(started_at_ms) FROM coaching_session WHERE coachee_id = coachee.id"
                "), ?)",
                (now_ms,),
            )
            conn.execute(
                "UPDATE coachee SET archived_at_ms = COALESCE(("
                "  SELECT MAX(ended_at_ms) + 86400000 FROM coaching_session "
                "  WHERE coachee_id = coachee.id"
                "), ?) WHERE archived_at_ms IS NOT NULL",
                (now_ms,),
            )
            conn.execute(
                "INSERT OR REPLACE INTO coachdesk_meta (key, value) VALUES (?, ?)",
                (DEMO_KEY, str(seed)),
            )
    except errors() as e:
        raise StoreWriteFailed(
            _("Could not save to {path}: {error}").format(path=store.path, error=e)
        ) from e
    return Written(len(coachees), *counts)


def _add_coachee(conn: sqlite3.Connection, coachee: DemoCoachee, note: str) -> int:
    # created_at_ms and archived_at_ms are set once the sessions are in
    archived = 0 if coachee.archived else None
    return insert_coachee(conn, str(uuid.uuid4()), coachee.name, 0, note, archived)


def _add_session(
    conn: sqlite3.Connection, coachee_id: int, session: DemoSession, kinds: dict[str, int]
) -> None:
    session_id = insert_session(
        conn,
        str(uuid.uuid4()),
        coachee_id,
        session.started_at_ms,
        session.planned_minutes,
        session.active_ms,
        session.ended_at_ms,
    )
    note_at = session.ended_at_ms or session.started_at_ms
    insert_contents(
        conn,
        session_id,
        pauses=[(p.offset_ms, p.started_at_ms, p.ended_at_ms) for p in session.pauses],
        tallies=[(kinds[t.kind], t.offset_ms, t.at_ms, t.detail) for t in session.tallies],
        notes=[] if session.note is None else [(NOTE, _(session.note), note_at)],
    )
