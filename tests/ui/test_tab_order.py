"""No table traps Tab: in History and in the review's fix-the-record table, Tab leaves the
table (the arrows move inside it), as in the running app with its stylesheet."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication
from pytestqt.qtbot import QtBot

from coachdesk.wiring.app import Shell
from tests.ui.conftest import activate
from tests.ui.driving import open_history
from tests.ui.history_data import hold

pytestmark = pytest.mark.usefixtures("english_numbers")


def tab_leaves(qtbot: QtBot, table: QAbstractItemView) -> None:
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not table, "Tab stayed in the table"


def test_tab_leaves_the_coachee_list(qtbot: QtBot, shell: Shell) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "12")
    hold(shell.store, "Bram", 1, "21")
    window = open_history(qtbot, shell)
    assert not window.coachees.table.tabKeyNavigation()
    tab_leaves(qtbot, window.coachees.table)


def test_tab_leaves_the_fix_the_record_table(qtbot: QtBot, shell: Shell) -> None:
    main = shell.window
    activate(qtbot, main)
    qtbot.keyClicks(main.picker.name_edit, "Anna")
    qtbot.mouseClick(main.picker.start_button, Qt.MouseButton.LeftButton)
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_2):
        qtbot.keyClick(main, key)
    assert main.session_panel is not None
    main.session_panel.end_button.click()
    main.session_panel.confirm_end_button.click()
    qtbot.waitUntil(lambda: main.stack.currentWidget() is main.review_page)
    review = main.review_page
    assert review is not None
    table = review.fixer.table
    assert not table.tabKeyNavigation()
    tab_leaves(qtbot, table)
