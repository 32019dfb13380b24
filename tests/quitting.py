"""Closing the main window as a coach quits: a session still running is kept open for later,
which is what the quit question's "Keep it open and quit" does."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from coachdesk.ui.main_window import MainWindow


def close_window(window: MainWindow) -> None:
    window.close()
    box = window.quit_box
    if box is not None and box.isVisible() and box.objectName() == "quitDuringSession":
        keep = box.findChild(QPushButton, "quitKeepSession")
        assert keep is not None
        keep.click()
