from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.store import SqlStore, open_store


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coachdesk.sqlite3"


@pytest.fixture
def store(database: Path) -> Iterator[SqlStore]:
    opened = open_store(database)
    yield opened
    opened.close()
