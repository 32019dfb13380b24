"""Reading the database the way an outsider would: plain sqlite3, no coachdesk code."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any


def rows(database: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        return list(conn.execute(sql, params))


def tally_rows(database: Path) -> list[tuple[str, int, str | None]]:
    """(kind key, offset ms, detail) of every stored tally, in order of recording."""
    return [
        (key, offset, detail)
        for key, offset, detail in rows(
            database,
            "SELECT k.key, t.offset_ms, t.detail FROM tally t "
            "JOIN tally_kind k ON k.id = t.kind_id ORDER BY t.id",
        )
    ]
