"""Every control a keyboard or a screen reader reaches has a name, in the picker, the live
session, the review and History: read through Qt's accessibility interfaces, as AT-SPI
passes them to a screen reader."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from coachdesk.wiring.app import Shell
from tests.fakes import FakeClock
from tests.ui.accessibility import unnamed
from tests.ui.conftest import activate
from tests.ui.driving import open_history
from tests.ui.history_data import hold

pytestmark = pytest.mark.usefixtures("english_numbers")


def silent_charts(top: QWidget) -> list[str]:
    """Charts that take the focus, or that a screen reader could not name or describe."""
    from PySide6.QtCharts import QChartView

    return [
        view.accessibleName() or "(unnamed chart)"
        for view in top.findChildren(QChartView)
        if view.focusPolicy() != Qt.FocusPolicy.NoFocus
        or not view.accessibleName()
        or not view.accessibleDescription()
    ]


def test_the_picker_and_the_live_session(qtbot: QtBot, shell: Shell) -> None:
    main = shell.window
    activate(qtbot, main)
    assert unnamed(main.picker) == []
    qtbot.keyClicks(main.picker.name_edit, "Anna")
    qtbot.mouseClick(main.picker.start_button, Qt.MouseButton.LeftButton)
    assert main.session_panel is not None
    main.session_panel.end_button.click()  # the end question shows too
    assert unnamed(main.session_panel) == []


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The clock of the shell made after it: which third a tally falls in is no race."""
    from coachdesk.domain import clock

    made = FakeClock()
    monkeypatch.setattr(clock, "SystemClock", lambda: made)
    return made


def test_the_review(qtbot: QtBot, clock: FakeClock, shell: Shell) -> None:
    main = shell.window
    activate(qtbot, main)
    qtbot.keyClicks(main.picker.name_edit, "Anna")
    qtbot.mouseClick(main.picker.start_button, Qt.MouseButton.LeftButton)
    clock.advance(60_000)
    qtbot.keyClick(main, Qt.Key.Key_2)
    clock.advance(1_000)
    assert main.session_panel is not None
    main.session_panel.end_button.click()
    main.session_panel.confirm_end_button.click()
    assert main.review_page is not None
    assert not (found := unnamed(main.review_page)), found
    assert silent_charts(main.review_page) == []
    thirds = main.review_page.thirds_view.accessibleDescription()
    assert thirds.endswith("close: coachee actions 1, advice given 0")


def test_history(qtbot: QtBot, shell: Shell) -> None:
    assert shell.store is not None
    hold(shell.store, "Anna", 0, "12")
    window = open_history(qtbot, shell)
    for view in (window.coachees, window.trajectory, window.practice):
        window.tabs.setCurrentWidget(view)
        assert unnamed(window) == [], (view.objectName(), unnamed(window))
    for view in (window.trajectory, window.practice):
        charts = view.findChildren(QWidget)
        assert all(c.accessibleName() for c in charts if type(c).__name__ == "QChartView")
