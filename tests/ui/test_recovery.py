"""After a crash the open session is offered back: resume it, or end it at its last tally."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store
from tests.dbcheck import rows, tally_rows
from tests.fakes import FakeClock
from tests.ui.conftest import make_desk


def crashed_session(database: Path, clock: FakeClock) -> None:
    """A session with two tallies and 90 s of stored active time, never ended."""
    store = open_store(database)
    session = LiveSession.start(store, clock, "Anna", 45)
    clock.advance(30_000)
    session.tally(session.kinds[0].id)
    clock.advance(30_000)
    session.tally(session.kinds[1].id)
    clock.advance(30_000)
    session.checkpoint()
    store.close()  # nothing more reaches the disk: the process "dies" here
    clock.advance(600_000)  # the coach needs ten minutes to start coachdesk again


def test_resume_goes_on_from_the_last_stored_time(qtbot: QtBot, tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    clock = FakeClock()
    crashed_session(database, clock)
    desk = make_desk(qtbot, database, clock)
    window = desk.window
    assert window.stack.currentWidget() is window.recovery
    details = window.recovery.details.text()
    assert "Anna" in details and "2 tallies" in details and "1:30" in details

    qtbot.mouseClick(window.recovery.resume_button, Qt.MouseButton.LeftButton)
    panel = window.session_panel
    assert panel is not None and window.stack.currentWidget() is panel
    assert [b.count for b in panel.buttons] == [1, 1, 0]
    panel.refresh_clock()
    assert panel.timer_label.text() == "1:30"
    clock.advance(5_000)
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert [b.count for b in panel.buttons] == [1, 2, 0]
    assert tally_rows(database)[-1] == ("coachee_action", 95_000, None)
    assert rows(database, "SELECT COUNT(*) FROM coaching_session") == [(1,)]
    desk.close()


def test_end_at_last_tally(qtbot: QtBot, tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    clock = FakeClock()
    crashed_session(database, clock)
    desk = make_desk(qtbot, database, clock)
    qtbot.mouseClick(desk.window.recovery.end_button, Qt.MouseButton.LeftButton)
    assert desk.window.stack.currentWidget() is desk.window.picker
    assert rows(database, "SELECT active_ms, ended_at_ms IS NOT NULL FROM coaching_session") == [
        (60_000, 1)
    ]
    assert len(tally_rows(database)) == 2
    desk.close()
