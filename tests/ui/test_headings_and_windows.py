"""Titles are headings and windows are windows, as a screen reader reads them: through Qt's
accessibility interfaces, which AT-SPI passes on (role Heading is AT-SPI's "heading", role
Window its "frame"; Client would be a "filler")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.ui.headings import install as install_headings
from coachdesk.ui.share_view import ShareView
from coachdesk.wiring.app import Shell
from tests.ui.conftest import activate
from tests.ui.driving import open_history
from tests.ui.history_data import hold

pytestmark = pytest.mark.usefixtures("english_numbers")


def read(obj: QWidget) -> tuple[QAccessible.Role, str]:
    interface = QAccessible.queryAccessibleInterface(obj)
    assert interface is not None
    return interface.role(), str(interface.text(QAccessible.Text.Name))


def headings(top: QWidget) -> list[str]:
    """The names of the visible headings under ``top``, in the order of the widget tree."""
    found = []
    for label in top.findChildren(QLabel):
        role, name = read(label)
        if role == QAccessible.Role.Heading and label.isVisibleTo(top):
            found.append(name)
    return found


def test_the_picker_and_the_review_have_headings(qtbot: QtBot, shell: Shell) -> None:
    main = shell.window
    activate(qtbot, main)
    assert read(main) == (QAccessible.Role.Window, "coachdesk")
    assert headings(main.picker) == ["New session"]
    plain = main.picker.findChild(QLabel, "hint")
    if plain is not None:  # a hint is text, not a heading
        assert read(plain)[0] == QAccessible.Role.StaticText
    qtbot.keyClicks(main.picker.name_edit, "Anna <b>")
    qtbot.mouseClick(main.picker.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(main, Qt.Key.Key_2)
    assert main.session_panel is not None
    main.session_panel.end_button.click()
    main.session_panel.confirm_end_button.click()
    review = main.review_page
    assert review is not None
    found = headings(review)
    assert found[0] == "Session review"
    assert len(found) > 2  # its sections too
    assert all(name.strip() for name in found)
    qtbot.mouseClick(review.share_button, Qt.MouseButton.LeftButton)
    (shown,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, ShareView)]
    qtbot.waitExposed(shown)
    assert read(shown) == (QAccessible.Role.Window, "Our session")
    shown.close()


def test_history_is_a_window_with_its_view_titles_as_headings(qtbot: QtBot, shell: Shell) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna <i>", 0, "12")
    window = open_history(qtbot, shell)
    assert read(window) == (QAccessible.Role.Window, "History · coachdesk")
    window.tabs.setCurrentWidget(window.practice)
    assert "Falling share" in headings(window.practice)
    (anna,) = shell.store.coachees()
    window.show_trajectory(anna)
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is window.trajectory)
    title = window.trajectory.title
    assert read(title) == (QAccessible.Role.Heading, "Anna <i>")  # plain text, as shown


def test_dialogs_are_dialogs_named_by_their_title(qtbot: QtBot, shell: Shell) -> None:
    main = shell.window
    activate(qtbot, main)
    main.actions_.about.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    assert read(dialog) == (QAccessible.Role.Dialog, "About coachdesk")
    dialog.close()


@pytest.fixture
def screen_reader_listening() -> Iterator[None]:
    """As when AT-SPI is on: Qt then makes a widget's interface as the widget is built."""
    QAccessible.setActive(True)
    yield
    QAccessible.setActive(False)


@pytest.mark.usefixtures("screen_reader_listening")
def test_a_title_whose_interface_was_made_early_is_a_heading_once_shown(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert app is not None
    install_headings(app)
    page = QWidget()
    qtbot.addWidget(page)
    title = QLabel("Session review", page)
    early = QAccessible.queryAccessibleInterface(title)  # before it is named, as Qt does
    assert early is not None and early.role() == QAccessible.Role.StaticText
    title.setObjectName("pageTitle")
    page.show()
    qtbot.waitExposed(page)
    assert read(title) == (QAccessible.Role.Heading, "Session review")
