"""The history window as the app wires it: Ctrl+H on the main window, one window, the
filters saved in the settings file, a session's review shown in the main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coachdesk.domain import settings
from coachdesk.domain.history import Grain
from coachdesk.domain.paths import Paths
from coachdesk.ui.history.window import HistoryWindow
from coachdesk.wiring.app import Shell
from tests.quitting import close_window
from tests.ui.conftest import activate
from tests.ui.driving import click, click_row, open_history, open_trajectory
from tests.ui.history_data import hold

pytestmark = pytest.mark.usefixtures("english_numbers")


def test_ctrl_h_opens_one_history_window_and_its_filters_are_saved(
    qtbot: QtBot, shell: Shell, paths: Paths
) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "122")
    window = open_history(qtbot, shell)
    assert window.windowTitle() == "History · coachdesk"
    assert window.trajectory.target_share == 0.4
    assert window.coachees.proxy.rowCount() == 1
    assert open_history(qtbot, shell) is window  # raised, not opened twice

    window.filter_bar.grain.setCurrentIndex(window.filter_bar.grain.findText("per week"))
    assert settings.load(paths.settings_file).history.grain is Grain.WEEK
    assert settings.load(paths.settings_file).target_share == 0.4


def test_a_session_picked_in_the_history_opens_in_the_main_window(
    qtbot: QtBot, shell: Shell
) -> None:
    assert shell.store is not None
    first = hold(shell.store, "Anna", 0, "1222")
    hold(shell.store, "Anna", 7, "11")
    window = open_history(qtbot, shell)
    open_trajectory(qtbot, window, "Anna")
    click_row(qtbot, window.trajectory.table, 0, double=True)
    page = shell.window.review_page
    assert page is not None and shell.window.stack.currentWidget() is page
    assert page.sentence.text() == "Coachee's share: 3 of 4 noted contributions (75%)."
    assert "Anna" in page.summary.text() and str(first.id) in page.summary.text()


def test_during_a_session_the_main_window_says_why_it_shows_no_review(
    qtbot: QtBot, shell: Shell
) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "12")
    main = shell.window
    activate(qtbot, main)
    qtbot.keyClicks(main.picker.name_edit, "Bram")
    qtbot.mouseClick(main.picker.start_button, Qt.MouseButton.LeftButton)
    assert main.stack.currentWidget() is main.session_panel
    window = open_history(qtbot, shell)  # offered during a session too
    qtbot.keyClicks(window.coachees.search, "Anna")  # names show only when searched for
    open_trajectory(qtbot, window, "Anna")
    click_row(qtbot, window.trajectory.table, 0)
    click(qtbot, window.trajectory.review_button)
    assert main.stack.currentWidget() is main.session_panel
    assert main.banner.text() == "End the current session before reviewing another one."


def test_a_language_switch_rebuilds_an_open_history_window(qtbot: QtBot, shell: Shell) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "12")
    old = open_history(qtbot, shell)
    shell.window.findChild(QAction, "language_nl").trigger()  # type: ignore[union-attr]
    window = shell.history
    assert window is not None and window is not old and window.isVisible()
    assert window.windowTitle() == "Geschiedenis · coachdesk"
    assert window.tabs.tabText(2) == "Praktijk"
    assert window.coachees.proxy.rowCount() == 1


def test_an_open_history_window_follows_a_session_that_just_ended(
    qtbot: QtBot, shell: Shell
) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "12")
    window = open_history(qtbot, shell)
    assert [window.coachees.proxy.index(0, c).data() for c in (0, 1)] == ["Anna", "1"]
    main = shell.window
    activate(qtbot, main)
    qtbot.keyClicks(main.picker.name_edit, "Anna")
    qtbot.mouseClick(main.picker.start_button, Qt.MouseButton.LeftButton)
    for key in (Qt.Key.Key_2, Qt.Key.Key_2, Qt.Key.Key_1):
        qtbot.keyClick(main, key)
    assert main.session_panel is not None
    qtbot.mouseClick(main.session_panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(main.session_panel.confirm_end_button, Qt.MouseButton.LeftButton)
    assert main.stack.currentWidget() is main.review_page
    # Counted at once; its share (67%) is not the latest yet: seconds long, the session is too
    # short to count (under 5 minutes, the default minimum).
    assert [window.coachees.proxy.index(0, c).data() for c in (0, 1, 3)] == ["Anna", "2", "50%"]
    window.filter_bar.min_minutes.setValue(0)  # every session counts
    assert [window.coachees.proxy.index(0, c).data() for c in (0, 1, 3)] == ["Anna", "2", "67%"]


def test_the_history_window_opens_where_it_was_left(qtbot: QtBot, paths: Paths) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    opened_at: list[tuple[int, int]] = []
    left_at: list[tuple[int, int]] = []
    for _ in range(2):
        shell = Shell(app, paths, settings.Settings(), None, None)
        qtbot.addWidget(shell.window)

        def ready(opened: Shell = shell) -> bool:
            return opened.controller is not None

        qtbot.waitUntil(ready)
        window = open_history(qtbot, shell)
        opened_at.append((window.width(), window.height()))
        # As the coach drags it: within the offscreen screen (800 wide) and above the
        # window's minimum size, so that restoring it needs no adjusting.
        window.resize(780, 560)
        left_at.append((window.width(), window.height()))
        close_window(shell.window)
        shell.close()
    assert opened_at[1] == left_at[0] != opened_at[0]


def test_a_restore_reopens_the_history_window_on_the_restored_data(
    qtbot: QtBot, shell: Shell
) -> None:
    assert shell.store is not None and shell.backups is not None and shell.runner is not None
    hold(shell.store, "Anna", 0, "12")
    shell.runner.wait()  # the start-up check and backup
    backup = shell.backups.make()
    hold(shell.store, "Bram", 1, "11")
    old = open_history(qtbot, shell)
    assert old.coachees.proxy.rowCount() == 2

    shell.restore(backup.path)

    window = shell.history
    assert window is not None and window is not old and window.isVisible()
    qtbot.waitUntil(lambda: window.coachees.proxy.rowCount() == 1)
    assert window.coachees.proxy.index(0, 0).data() == "Anna"


def names(window: HistoryWindow) -> list[str]:
    proxy = window.coachees.proxy
    return [str(proxy.index(row, 0).data()) for row in range(proxy.rowCount())]


def test_history_opened_during_a_session_names_only_whom_the_coach_searches_for(
    qtbot: QtBot, shell: Shell
) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "12")
    hold(shell.store, "Bram", 1, "21")
    window = open_history(qtbot, shell)
    window.tabs.setCurrentWidget(window.practice)  # looked at before the session
    assert sorted(names(window)) == ["Anna", "Bram"]
    window.close()
    main = shell.window
    activate(qtbot, main)
    qtbot.keyClicks(main.picker.name_edit, "Cas")
    qtbot.mouseClick(main.picker.start_button, Qt.MouseButton.LeftButton)

    window = open_history(qtbot, shell)  # Ctrl+H with the coachee across the desk
    assert window.tabs.currentWidget() is window.coachees
    assert names(window) == []
    empty = window.coachees.empty
    assert empty.isVisible()
    assert empty.text() == "A session is running: names show only as you search for one."
    assert not window.tabs.isTabEnabled(window.tabs.indexOf(window.practice))
    assert not window.filter_bar.coachee_button.isEnabled()  # its menu lists every name
    qtbot.keyClicks(window.coachees.search, "ann")
    assert names(window) == ["Anna"]

    assert main.session_panel is not None
    qtbot.mouseClick(main.session_panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(main.session_panel.confirm_end_button, Qt.MouseButton.LeftButton)
    window.coachees.search.clear()
    assert sorted(names(window)) == ["Anna", "Bram", "Cas"]
    assert window.tabs.isTabEnabled(window.tabs.indexOf(window.practice))
    assert window.filter_bar.coachee_button.isEnabled()
