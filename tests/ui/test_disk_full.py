"""A full disk mid-session, through the real window: the coach sees the tally waiting, it is
written once there is room, and quitting with tallies waiting asks first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.ui.controller import SessionController
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.review_controller import ReviewController
from tests.dbcheck import tally_rows
from tests.diskfull import store_on_filling_disk
from tests.fakes import FakeClock
from tests.quitting import close_window
from tests.ui.conftest import show_active
from tests.ui.driving import counts


def test_a_full_disk_keeps_the_tally_waiting_and_writes_it_later(
    qtbot: QtBot, tmp_path: Path
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    store, disk = store_on_filling_disk(database)
    clock = FakeClock()
    window = MainWindow()
    qtbot.addWidget(window)
    show_active(qtbot, window)
    controller = SessionController(store, clock)
    window.attach(controller, ReviewController(store, clock))
    qtbot.keyClicks(window.picker.name_edit, "Anna")
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    panel = window.session_panel
    assert panel is not None

    clock.advance(1_000)
    qtbot.keyClick(window, Qt.Key.Key_1)
    disk.full = True
    clock.advance(1_000)
    qtbot.keyClick(window, Qt.Key.Key_2)
    clock.advance(1_000)
    qtbot.keyClick(window, Qt.Key.Key_2)

    assert counts(panel) == [1, 0, 0]  # the count is what the disk holds...
    waiting = panel.buttons[1].waiting_label
    assert waiting.isVisible() and waiting.text() == "+2 not saved yet"  # ...and what waits
    assert window.banner.isVisible()
    assert window.banner.text().startswith(
        "Not saved yet, retrying: 2 tallies are waiting to be written."
    )
    assert "database or disk is full" in window.banner.text()
    assert tally_rows(database) == [("advice", 1_000, None)]

    window.close()
    box = window.quit_box
    assert box is not None
    qtbot.waitExposed(box)
    assert "2 tallies could not be written yet" in box.text()
    keep = next(b for b in box.buttons() if b.text() == "Keep coachdesk open")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert window.isVisible() and not box.isVisible()  # still open, the tallies waiting

    disk.full = False  # room again: the retry timer writes them
    qtbot.waitUntil(lambda: counts(panel) == [1, 2, 0], timeout=10_000)
    assert not waiting.isVisible()
    assert not window.banner.isVisible()
    assert tally_rows(database) == [
        ("advice", 1_000, None),
        ("coachee_action", 2_000, None),
        ("coachee_action", 3_000, None),
    ]
    close_window(window)  # nothing waits: only the running session is asked about
    assert not window.isVisible()
    controller.close()
    store.close()
