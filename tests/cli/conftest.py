from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.store import open_store
from tests.fakes import FakeClock
from tests.practice import add_session, make_practice


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder holding the practice of :mod:`tests.practice`, plus one session whose
    coachee and tally note read as spreadsheet formulas. (A test file may define its own.)"""
    folder = tmp_path / "data"
    make_practice(folder / "coachdesk.sqlite3")
    store = open_store(folder / "coachdesk.sqlite3")
    add_session(store, FakeClock(now_ms=1_900_000_000_000), '=HYPERLINK("x")', "-2+3")
    store.close()
    return folder
