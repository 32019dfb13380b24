"""Every test runs offscreen, in English unless it says otherwise, with paths under tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from coachdesk.domain import i18n
from coachdesk.domain.paths import ENV_DATA_DIR, Paths, resolve
from coachdesk.store import SqlStore, open_store


@pytest.fixture(autouse=True)
def _english_and_private_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "default-data"))
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.fixture
def short_busy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite waits 50 ms, not 5 s, for another connection's lock: for a test whose database
    is held for longer than any wait, where the outcome is the same, only sooner."""
    from coachdesk.store import connection

    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.05)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return resolve(tmp_path / "data")


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "data" / "coachdesk.sqlite3"


@pytest.fixture
def store(database: Path) -> Iterator[SqlStore]:
    opened = open_store(database)
    yield opened
    opened.close()
