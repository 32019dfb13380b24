"""The connection every store part uses: its pragmas, and transactions that always end."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coachdesk.store.connection import transaction
from coachdesk.store.repository import SqlStore
from tests.dbcheck import rows

DANGLING_TALLY = "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms) VALUES (999, 1, 0, 0)"


def test_store_connection_is_durable_and_checks_references(store: SqlStore) -> None:
    conn = store.connection
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(sqlite3.IntegrityError), transaction(conn, write=True):
        conn.execute(DANGLING_TALLY)


def test_a_failed_commit_leaves_no_transaction_open(store: SqlStore, database: Path) -> None:
    """A COMMIT can fail (here a deferred reference check; elsewhere a full disk): the
    connection must not stay inside that transaction, or every later tally would join it."""
    conn = store.connection
    conn.execute("PRAGMA defer_foreign_keys = ON")  # the check waits for the COMMIT
    with pytest.raises(sqlite3.IntegrityError), transaction(conn, write=True):
        conn.execute(DANGLING_TALLY)
    assert not conn.in_transaction
    with transaction(conn, write=True):
        conn.execute("INSERT INTO coachee (uid, name, created_at_ms) VALUES ('u1', 'Anna', 0)")
    assert rows(database, "SELECT name FROM coachee") == [("Anna",)]
    assert rows(database, "SELECT COUNT(*) FROM tally") == [(0,)]
