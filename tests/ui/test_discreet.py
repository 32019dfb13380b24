"""Discreet mode: the time and the hat, not the counts, on a screen the coachee can see."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coachdesk.domain import settings
from coachdesk.domain.paths import Paths
from coachdesk.wiring.app import Shell
from tests.dbcheck import tally_rows
from tests.quitting import close_window
from tests.ui.conftest import Desk, activate
from tests.ui.driving import start


def test_discreet_hides_the_counts_and_still_records_every_tally(desk: Desk, qtbot: QtBot) -> None:
    window = desk.window
    qtbot.mouseClick(window.picker.discreet_check, Qt.MouseButton.LeftButton)
    assert window.actions_.discreet.isChecked()
    panel = start(desk, qtbot, "Anna")
    assert all(not b.count_label.isVisible() for b in panel.buttons)
    assert all(b.label.isVisible() for b in panel.buttons)

    qtbot.keyClick(window, Qt.Key.Key_1)
    advice = panel.buttons[0]
    assert advice.acknowledged  # a brief dimming of the card, not a number
    qtbot.waitUntil(lambda: not advice.acknowledged)
    qtbot.keyClick(window, Qt.Key.Key_3)
    qtbot.waitUntil(panel.hat_menu.isVisible)
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: not panel.hat_menu.isVisible())
    activate(qtbot, window)
    hat = panel.buttons[2]
    assert hat.detail_label.isVisible() and hat.detail_label.text() == "last: mentor"
    assert tally_rows(desk.database) == [("advice", 0, None), ("hat", 0, "mentor")]

    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # counts back
    assert not window.actions_.discreet.isChecked()
    assert [b.count_label.text() for b in panel.buttons if b.count_label.isVisible()] == [
        "1",
        "0",
        "1",
    ]


@pytest.fixture
def shell_of(qtbot: QtBot, paths: Paths) -> Iterator[list[Shell]]:
    made: list[Shell] = []
    yield made
    for shell in made:
        close_window(shell.window)
        shell.close()


def open_shell(qtbot: QtBot, paths: Paths, made: list[Shell]) -> Shell:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    shell = Shell(app, paths, settings.load(paths.settings_file), None, None)
    qtbot.addWidget(shell.window)
    qtbot.waitUntil(lambda: shell.controller is not None)
    made.append(shell)
    return shell


def test_the_choice_is_remembered(qtbot: QtBot, paths: Paths, shell_of: list[Shell]) -> None:
    first = open_shell(qtbot, paths, shell_of)
    assert not first.window.picker.discreet_check.isChecked()  # counts show until chosen
    first.window.picker.discreet_check.click()
    assert settings.load(paths.settings_file).discreet
    close_window(first.window)
    first.close()
    shell_of.remove(first)

    again = open_shell(qtbot, paths, shell_of)
    assert again.window.picker.discreet_check.isChecked()
    assert again.window.actions_.discreet.isChecked()
