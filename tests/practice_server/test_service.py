"""The app's way to the server (PracticeServer): a round, the last round kept in the data
folder for the next start, and the supervisor's overview refused to a coach."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.domain.errors import PracticeLoginRefused, PracticeServerError
from coachdesk.store import open_store
from coachdesk.store.server.service import LAST_SYNC_FILE, PracticeServer
from tests.fakes import FakeClock
from tests.practice import add_session
from tests.practice_server.conftest import PASSWORDS, Practice


def test_the_last_round_is_kept_for_the_next_start(practice: Practice, tmp_path: Path) -> None:
    folder = tmp_path / "anna"
    clock = FakeClock(now_ms=1_795_000_000_000)
    store = open_store(folder / "coachdesk.sqlite3")
    add_session(store, clock, "Bram", "a note")
    store.close()
    server = PracticeServer(folder / "coachdesk.sqlite3", folder, clock)
    assert server.last_sync() is None
    done = server.sync(practice.login("anna"), None, notes=True)
    assert (done.sent_sessions, done.received_sessions, done.at_ms) == (1, 0, clock.now_ms())
    again = PracticeServer(folder / "coachdesk.sqlite3", folder, clock).last_sync()
    assert again == done
    assert (folder / LAST_SYNC_FILE).stat().st_mode & 0o777 == 0o600
    (folder / LAST_SYNC_FILE).write_text("[not ours]", encoding="utf-8")
    assert server.last_sync() is None


def test_a_wrong_password_is_told_apart_and_a_coach_gets_no_overview(
    practice: Practice, tmp_path: Path
) -> None:
    server = PracticeServer(tmp_path / "coachdesk.sqlite3", tmp_path, FakeClock())
    with pytest.raises(PracticeLoginRefused, match="password authentication failed"):
        server.sync(practice.login("anna"), "wrong", notes=True)
    with pytest.raises(PracticeServerError, match="anna is not a supervisor"):
        server.overview(practice.login("anna"), PASSWORDS["anna"], "UTC")
    assert server.overview(practice.login("sara"), None, "Europe/Amsterdam") == []


def test_connecting_keeps_the_url_without_its_password_and_hands_the_password_on(
    practice: Practice, tmp_path: Path
) -> None:
    server = PracticeServer(tmp_path / "coachdesk.sqlite3", tmp_path, FakeClock())
    kept, password = server.connect(practice.login("anna"), None)
    assert password == PASSWORDS["anna"] and PASSWORDS["anna"] not in kept
    assert server.connect(kept, PASSWORDS["anna"]) == (kept, PASSWORDS["anna"])
    # What was kept and handed on is all a round needs.
    assert server.sync(kept, password, notes=True).sent_sessions == 0
