"""For benchmarks/startup.py: report the first paint and readiness on stderr, then quit.

Ready means the live page (coachee list or session) has been attached *and* the window has
painted: the coach sees the list and the tally keys work.

At the first paint it also says what had been loaded by then (``before-paint``: coachdesk's
modules, and ``Qt`` when Qt's ``Qt`` namespace was), which ``tests/system/test_first_paint.py``
reads.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from coachdesk.ui.main_window import MainWindow


class StartupProbe(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._painted = False
        self._attached = False
        window.installEventFilter(self)
        window.ready.connect(self._on_window_ready)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if not self._painted:
                self._painted = True
                self._say("paint")
                print(f"before-paint {' '.join(loaded())}", file=sys.stderr, flush=True)
            if self._attached:
                self._finish()
        return False

    def _on_window_ready(self) -> None:
        self._attached = True
        self._window.update()  # the next paint shows the live page

    def _finish(self) -> None:
        self._say("ready")
        print(f"widgets {len(self._window.findChildren(QWidget)) + 1}", file=sys.stderr)
        self._window.removeEventFilter(self)
        QApplication.quit()

    @staticmethod
    def _say(mark: str) -> None:
        print(f"{mark} {time.monotonic():.6f}", file=sys.stderr, flush=True)


def loaded() -> list[str]:
    """coachdesk's modules loaded so far, and ``Qt`` if Qt's ``Qt`` namespace is (PySide6
    makes it on first use, a dear step of a start)."""
    from PySide6 import QtCore

    names = sorted(name for name in sys.modules if name.split(".")[0] == "coachdesk")
    return [*names, "Qt"] if "Qt" in vars(QtCore) else names
