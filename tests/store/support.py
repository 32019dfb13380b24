"""Helpers the tests share (driving the real widgets, reading what they show)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coachdesk.domain.archive import Archive, ImportReport
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import SCHEMA_VERSION, open_store, opening
from coachdesk.store.transfer import import_archive, read_archive
from tests.dbcheck import rows
from tests.fakes import FakeClock


def content(database: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, read the way an outsider would."""
    tables = [
        t
        for (t,) in rows(
            database, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        )
    ]
    return {t: rows(database, f'SELECT * FROM "{t}" ORDER BY 1') for t in tables}


def fill(database: Path, sessions: int = 3, tallies: int = 20, seed: int = 1) -> None:
    rng = random.Random(seed)
    store = open_store(database)
    clock = FakeClock()
    try:
        for n in range(sessions):
            session = LiveSession.start(store, clock, f"Coachee {n % 2}", 45)
            kinds = [k.id for k in session.kinds if k.detail is None]
            for _ in range(tallies):
                clock.advance(rng.randint(500, 20_000))
                session.tally(rng.choice(kinds))
            store.save_note(session.id, "goal", f"note {n} ✓", clock.now_ms())
            session.end()
    finally:
        store.close()


def flip_middle(path: Path) -> None:
    """Overwrite the header of a page in the middle of the file: its b-tree is broken."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    middle = (len(data) // page // 2) * page
    data[middle : middle + 64] = bytes(b ^ 0xA5 for b in data[middle : middle + 64])
    path.write_bytes(bytes(data))


#: Today's head and the revision a next release would add after it.
HEAD = f"{SCHEMA_VERSION:04d}"


NEXT = f"{SCHEMA_VERSION + 1:04d}"


NEXT_MIGRATION = f'''
"""Test only: copy coaching_session to add a column, as a batch migration does."""
import sqlalchemy as sa
from alembic import op

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coaching_session", recreate="always") as batch:
        batch.add_column(sa.Column("room", sa.Text(), nullable=True))
'''


SHIPPED = Path(opening.__file__).parent / "migrations"


def exported(database: Path) -> Archive:
    store = open_store(database)
    try:
        return read_archive(store.connection, 0)
    finally:
        store.close()


def imported(database: Path, whole: Archive, erased: frozenset[str] = frozenset()) -> ImportReport:
    store = open_store(database)
    try:
        return import_archive(store.connection, whole, erased)
    finally:
        store.close()


@contextmanager
def other_connection(database: Path, *, exclusive: bool) -> Iterator[sqlite3.Connection]:
    """Another program holding the database: idle, or in an exclusive transaction."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("SELECT COUNT(*) FROM coachee").fetchone()
        if exclusive:
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
        yield conn
    finally:
        if conn.in_transaction:
            conn.rollback()
        conn.close()


def counts(database: Path) -> dict[str, int]:
    conn = sqlite3.connect(database)
    try:
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("coachee", "coaching_session", "tally", "pause", "session_note")
        }
    finally:
        conn.close()
