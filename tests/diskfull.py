"""A disk that fills up, at the sqlite3 boundary: the store's real connection, except that
while ``full`` is set every statement that writes fails as SQLite fails on a full disk."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, cast

from coachdesk.store import SqlStore, open_store

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class FillingDisk:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.full = False
        self.refused = 0

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if self.full and sql.lstrip().upper().startswith(_WRITES):
            self.refused += 1
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def store_on_filling_disk(database: Path) -> tuple[SqlStore, FillingDisk]:
    store = open_store(database)
    disk = FillingDisk(store.connection)
    return SqlStore(cast(sqlite3.Connection, disk), database), disk
