"""Another program holding the database's write lock mid-session: the key press does not hang,
the tally waits (shown beside the count), and it is written once the lock is gone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.store import open_store
from coachdesk.ui.controller import SessionController
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.review_controller import ReviewController
from tests.dbcheck import tally_rows
from tests.fakes import FakeClock
from tests.ui.conftest import show_active
from tests.ui.driving import counts

HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
conn.close()
"""


def test_a_tally_waits_for_another_programs_write_lock_and_is_never_dropped(
    qtbot: QtBot, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    store = open_store(database)
    clock = FakeClock()
    window = MainWindow()
    qtbot.addWidget(window)
    show_active(qtbot, window)
    window.attach(SessionController(store, clock), ReviewController(store, clock))
    qtbot.keyClicks(window.picker.name_edit, "Anna")
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    panel = window.session_panel
    assert panel is not None
    clock.advance(1_000)
    qtbot.keyClick(window, Qt.Key.Key_1)

    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        clock.advance(1_000)
        qtbot.keyClick(window, Qt.Key.Key_2)

        assert counts(panel) == [1, 0, 0]  # the count is what the database holds...
        assert panel.buttons[1].waiting_label.text() == "+1 not saved yet"  # ...and what waits
        assert window.banner.isVisible() and "database is locked" in window.banner.text()
    finally:
        holder.communicate("\n", timeout=30)  # it lets go, and its pipes are closed

    qtbot.waitUntil(lambda: counts(panel) == [1, 1, 0], timeout=10_000)  # the retry wrote it
    assert panel.buttons[1].waiting_label.text() == ""
    assert not window.banner.isVisible()
    assert tally_rows(database) == [("advice", 1_000, None), ("coachee_action", 2_000, None)]
    assert window.controller is not None
    window.controller.close()
    store.close()
