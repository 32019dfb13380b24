"""Helpers the tests share (driving the real widgets, reading what they show)."""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QPushButton,
    QStyleFactory,
)
from pytestqt.qtbot import QtBot

from coachdesk.cli.main import main
from coachdesk.ui.history.window import HistoryWindow
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.session_panel import SessionPanel
from coachdesk.wiring.app import Shell
from tests.quitting import close_window
from tests.ui.conftest import Desk, activate


def counts(panel: SessionPanel) -> list[int]:
    return [int(b.count_label.text()) for b in panel.buttons]


def start(desk: Desk, qtbot: QtBot, name: str, planned: int = 0) -> SessionPanel:
    picker = desk.window.picker
    qtbot.keyClicks(picker.name_edit, name)
    picker.planned.setValue(planned)
    qtbot.mouseClick(picker.start_button, Qt.MouseButton.LeftButton)
    panel = desk.window.session_panel
    assert panel is not None
    assert desk.window.stack.currentWidget() is panel
    return panel


def open_history(qtbot: QtBot, shell: Shell) -> HistoryWindow:
    activate(qtbot, shell.window)
    qtbot.keyClick(shell.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    window = shell.history
    assert window is not None
    qtbot.waitExposed(window)
    return window


def shown(window: HistoryWindow, column: int = 0) -> list[str]:
    proxy = window.coachees.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def click_row(qtbot: QtBot, view: QAbstractItemView, row: int, double: bool = False) -> None:
    index = view.model().index(row, 0)
    point = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    if double:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def click(qtbot: QtBot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select_coachee(qtbot: QtBot, window: HistoryWindow, name: str) -> None:
    row = shown(window).index(name)
    click_row(qtbot, window.coachees.table, row)
    selected = window.coachees.selected()
    assert selected is not None and name.startswith(selected.coachee.name)


def open_trajectory(qtbot: QtBot, window: HistoryWindow, name: str) -> None:
    select_coachee(qtbot, window, name)
    click(qtbot, window.coachees.open_button)
    assert window.tabs.currentWidget() is window.trajectory
    assert window.trajectory.title.text() == name


def save_as(monkeypatch: pytest.MonkeyPatch, chosen: Path | None) -> list[str]:
    """The platform's save dialog answers ``chosen`` (None: the coach cancels)."""
    asked: list[str] = []

    def answer(_parent: object, title: str, _dir: str, _filter: str) -> tuple[str, str]:
        asked.append(title)
        return (str(chosen) if chosen else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def main_windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


#: A window that shows neither live data nor a stop message by then has hung.
READY_WITHIN_S = 30


def run_app(qtbot: QtBot, args: list[str], script: Callable[[MainWindow], None]) -> int:
    """Run ``coachdesk ARGS`` in this process; once its window shows live data (or a stop
    message), run ``script`` on it, then close every window so the app returns."""
    failures: list[BaseException] = []

    deadline = time.monotonic() + READY_WITHIN_S

    def poll() -> None:
        windows = main_windows()
        ready = [
            w
            for w in windows
            if w.rights is not None  # all open: the rights follow the coachee picker's paint
            or (
                w.stack.currentWidget() in (w.message, w.damage)
                and w.stack.currentWidget() is not None
            )
        ]
        if not ready:
            if time.monotonic() > deadline:  # a start that hangs fails, not the whole run
                failures.append(AssertionError(f"no window ready in {READY_WITHIN_S} s"))
                timer.stop()
                for window in main_windows():
                    close_window(window)
            return
        timer.stop()
        try:
            activate(qtbot, ready[0])
            script(ready[0])
        except BaseException as e:  # re-raised once the event loop has returned
            failures.append(e)
        for window in main_windows():
            close_window(window)

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(poll)
    timer.start()
    status = main(args)
    timer.stop()
    for window in QApplication.topLevelWidgets():  # the process would end here: nothing stays
        if isinstance(window, MainWindow):
            window.deleteLater()
    if failures:
        raise failures[0]
    return status


ROOT = Path(__file__).resolve().parents[2]


def dark() -> QPalette:
    """The dark palette the screenshots are taken with (scripts/screenshots.py)."""
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    palette: QPalette = module.dark_palette()
    return palette


def light() -> QPalette:
    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()
