"""An encrypted database raises SQLCipher's exceptions, which are not sqlite3's: the store
catches them through ``connection.errors()`` and its siblings, never ``sqlite3.Error`` alone."""

from __future__ import annotations

import re
from pathlib import Path

import coachdesk.store

STORE = Path(coachdesk.store.__file__).parent
CAUGHT_DIRECTLY = re.compile(
    r"except\s*\(?[^:\n]*\bsqlite3\.\w*Error|isinstance\([^)]*sqlite3\.\w*Error"
)


def test_no_store_module_catches_sqlite3_errors_alone() -> None:
    found = [
        f"{path.relative_to(STORE)}:{number}: {line.strip()}"
        for path in sorted(STORE.rglob("*.py"))
        if path.name != "connection.py"  # where errors() is defined
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CAUGHT_DIRECTLY.search(line)
    ]
    assert found == []
