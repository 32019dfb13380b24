"""The floor for start-up: a bare PySide6 window with N plain widgets, nothing else.

Prints ``paint <monotonic s>`` at its first paint, then quits. Used by startup.py.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget


class FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"paint {time.monotonic():.6f}", file=sys.stderr, flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def main() -> None:
    widgets = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    central = QWidget()
    layout = QVBoxLayout(central)
    for n in range(widgets - 2):
        layout.addWidget(QLabel(f"label {n}"))
    window.setCentralWidget(central)
    window.resize(960, 640)
    probe = FirstPaint()
    window.installEventFilter(probe)
    window.show()
    app.exec()


if __name__ == "__main__":
    main()
