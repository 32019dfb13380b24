"""Help > About: version, licence and the privacy promise, in English and in Dutch; the
window's icon."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from coachdesk import __version__
from coachdesk.domain import i18n
from coachdesk.ui.about import ICON_FILE, AboutDialog, app_icon
from coachdesk.ui.main_window import MainWindow


@pytest.fixture
def dutch() -> Iterator[None]:
    i18n.install("nl")
    yield
    i18n.install("en")


def open_about(qtbot: QtBot) -> AboutDialog:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    last = window.menuBar().actions()[-1]
    assert last.text() == i18n._("&Help")
    menu = last.menu()
    assert isinstance(menu, QMenu)
    assert window.actions_.about in menu.actions()
    window.actions_.about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_about_names_version_licence_and_that_nothing_leaves(qtbot: QtBot) -> None:
    dialog = open_about(qtbot)
    text = dialog.text.text()
    assert f"coachdesk {__version__}" in text
    assert "MIT licence" in text
    assert "Nothing leaves this computer" in text
    assert "no network connection" in text
    assert dialog.windowTitle() == "About coachdesk"


def test_about_in_dutch(qtbot: QtBot, dutch: None) -> None:
    dialog = open_about(qtbot)
    text = dialog.text.text()
    assert f"coachdesk {__version__}" in text
    assert "MIT-licentie" in text
    assert "Niets verlaat deze computer" in text
    assert dialog.windowTitle() == "Over coachdesk"


def test_the_icon_is_ours_and_draws(qtbot: QtBot) -> None:
    assert ICON_FILE.is_file()
    pixmap = app_icon().pixmap(64, 64)
    assert not pixmap.isNull()
    assert pixmap.toImage().pixelColor(32, 32).alpha() == 255  # drawn, not blank
