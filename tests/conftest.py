"""Every test runs offscreen, in English unless it says otherwise, with paths under tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from coachdesk.domain import i18n
from coachdesk.domain.paths import ENV_DATA_DIR, Paths, resolve
from coachdesk.store import SqlStore, open_store
from tests import leftovers, pgserver


@pytest.fixture(autouse=True)
def _english_and_private_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path / "default-data"))
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.install("en")
    yield
    i18n.install("en")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the test, for the fixtures that look at how it went."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def _nothing_left_alive(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test that leaves a window shown or a timer running once it and its fixtures are
    done (pytest-qt has closed the widgets given to ``qtbot.addWidget`` by then)."""
    if leftovers.qt_imported():
        leftovers.note_timers()
    yield
    if not leftovers.app_running():
        return
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()  # what was closed or stopped with a queued call is done
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # and deleteLater()
    found = leftovers.left_alive()
    leftovers.clear()
    call = getattr(request.node, "report_call", None)
    if found and call is not None and call.passed:  # after a failure, the failure says it
        pytest.fail("The test left behind:\n  " + "\n  ".join(found), pytrace=False)


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


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgserver.Cluster]:
    """One throwaway PostgreSQL cluster for the whole run (see tests/pgserver.py); the tests
    that need it are skipped, saying why, where PostgreSQL or openssl is missing."""
    if pgserver.MISSING is not None:
        pytest.skip(pgserver.MISSING)
    with pgserver.cluster() as made:
        yield made


@pytest.fixture
def pg(pg_cluster: pgserver.Cluster) -> Iterator[pgserver.Cluster]:
    """The cluster, emptied of every database and role a test made once the test is done."""
    yield pg_cluster
    pgserver.reset(pg_cluster.socket_url())
