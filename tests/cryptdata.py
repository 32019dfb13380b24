"""Encrypted databases for tests: a practice to fill one with, and its whole content.

Tests derive keys with few PBKDF2 iterations (the key file records how many), so a test
costs milliseconds, not the half second a coach's start-up takes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from coachdesk.domain.model import Side
from coachdesk.store import DatabaseKey, open_store
from coachdesk.store.cipher import read_key_file, unlock
from coachdesk.store.connection import connect

#: Enough to keep the verifier honest, few enough for a quick test.
TEST_ITERATIONS = 1_000
PASSPHRASE = "brave otter under the bridge"


def fill(database: Path, people: list[tuple[str, str]], tallies_each: int = 3) -> None:
    """A plain database with one ended session per (name, note), each with some tallies."""
    store = open_store(database)
    try:
        kinds = store.tally_kinds()
        at = 1_795_000_000_000
        for name, note in people:
            at += 3_600_000
            coachee = store.coachee_named(name, at)
            session = store.start_session(coachee.id, at, 45)
            for n in range(tallies_each):
                kind = kinds[n % len(kinds)]
                detail = "mentor" if kind.side is Side.NEUTRAL else None
                store.add_tally(session, kind.id, n * 1_000, at + n * 1_000, detail)
            store.save_note(session, "note", note, at + 5_000)
            store.end_session(session, tallies_each * 1_000, at + 60_000)
    finally:
        store.close()


def key_for(database: Path, passphrase: str = PASSPHRASE) -> DatabaseKey:
    key_file = read_key_file(database)
    assert key_file is not None
    return unlock(key_file, passphrase)


def content(database: Path, key: DatabaseKey | None = None) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order: equal before and after a conversion."""
    conn: sqlite3.Connection = connect(database, key=key, read_only=True, wal=False)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"'), key=repr) for t in tables}
    finally:
        conn.close()


def grow(database: Path, tallies: int) -> None:
    """Add ``tallies`` more tallies to the first session in one transaction (a big file fast)."""
    conn = connect(database)
    try:
        conn.execute("BEGIN IMMEDIATE")
        session, kind = conn.execute(
            "SELECT s.id, k.id FROM coaching_session s, tally_kind k LIMIT 1"
        ).fetchone()
        conn.executemany(
            "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) "
            "VALUES (?, ?, ?, ?, NULL)",
            ((session, kind, n, 1_795_000_000_000 + n) for n in range(tallies)),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
