"""For benchmarks/startup.py: report the first paint and readiness on stderr, then quit."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from coachdesk.ui.main_window import MainWindow


class StartupProbe(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._painted = False
        window.installEventFilter(self)
        window.ready.connect(self._on_window_ready)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            print(f"paint {time.monotonic():.6f}", file=sys.stderr, flush=True)
        return False

    def _on_window_ready(self) -> None:
        # Readiness is reached once the event loop has painted the live page.
        QTimer.singleShot(0, self._report_ready)

    def _report_ready(self) -> None:
        print(f"ready {time.monotonic():.6f}", file=sys.stderr, flush=True)
        QApplication.quit()
