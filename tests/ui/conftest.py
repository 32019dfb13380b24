from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coachdesk.domain.paths import Paths
from coachdesk.store import SqlStore, open_store
from coachdesk.ui.controller import SessionController
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.review_controller import ReviewController
from tests.fakes import FakeClock

if TYPE_CHECKING:
    from coachdesk.wiring.app import Shell
from tests.quitting import close_window


@dataclass
class Desk:
    """The real main window on a real store, with a clock the test moves."""

    window: MainWindow
    store: SqlStore
    clock: FakeClock
    database: Path
    controller: SessionController
    review: ReviewController

    def close(self) -> None:
        """Close as the app does: the window first (it stores the reached time), then the file."""
        close_window(self.window)
        self.controller.close()
        self.store.close()


def show_active(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(960, 640)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    """Make ``window`` the active window, as a click on it would: shortcuts need that."""
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def make_desk(qtbot: QtBot, database: Path, clock: FakeClock) -> Desk:
    store = open_store(database)
    controller = SessionController(store, clock)
    review = ReviewController(store, clock)
    window = MainWindow()
    qtbot.addWidget(window)
    show_active(qtbot, window)
    window.attach(controller, review)
    return Desk(window, store, clock, database, controller, review)


@pytest.fixture
def desk(qtbot: QtBot, tmp_path: Path) -> Iterator[Desk]:
    made = make_desk(qtbot, tmp_path / "data" / "coachdesk.sqlite3", FakeClock())
    yield made
    made.close()


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the app says to a screen reader, heard where it leaves through Qt's
    accessibility bus (QAccessible.updateAccessibility)."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent

    said: list[str] = []
    passed_on = QAccessible.updateAccessibility

    def listen(event: QAccessibleEvent) -> None:
        if isinstance(event, QAccessibleAnnouncementEvent):
            said.append(event.message())
        passed_on(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(listen))
    return said


@pytest.fixture
def english_numbers() -> Iterator[None]:
    """Numbers and dates in US English, whatever locale an earlier test left as the default."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def shell(qtbot: QtBot, paths: Paths) -> Iterator[Shell]:
    """The app as it starts, on an empty data folder, with a target share of 40%."""
    from coachdesk.domain import settings
    from coachdesk.wiring.app import Shell
    from tests.quitting import close_window

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    made = Shell(app, paths, settings.Settings(target_share=0.4), None, None)
    qtbot.addWidget(made.window)
    qtbot.waitUntil(lambda: made.data is not None)  # all open: the rights follow the picker
    yield made
    close_window(made.window)
    made.close()
    made.window.deleteLater()  # one rebuilt by the shell (a new language) is no qtbot widget
