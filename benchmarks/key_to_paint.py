"""Key press to the new count painted on its button, through the real main window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.key_to_paint [--presses 500] \\
        [--scheme listening]

Each press is a real key event on the window (shortcut, slot, commit to SQLite, label
update); the clock stops when the count label's paint event for the new value has run.
Target: p99 within one 60 Hz frame (16.7 ms).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from benchmarks.common import add_scheme_argument, median, percentile
from coachdesk.domain.clock import SystemClock
from coachdesk.domain.scheme_presets import preset
from coachdesk.store import open_store
from coachdesk.ui import qt_language
from coachdesk.ui.controller import SessionController
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.review_controller import ReviewController

FRAME_MS = 1000 / 60


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted_text = ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QLabel):
            self.painted_text = watched.text()
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--presses", type=int, default=500)
    add_scheme_argument(parser)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    qt_language.apply(app, "en")
    folder = tempfile.TemporaryDirectory(prefix="coachdesk-bench-")
    store = open_store(Path(folder.name) / "coachdesk.sqlite3")
    window = MainWindow()
    window.resize(960, 640)
    window.show()
    window.attach(SessionController(store, SystemClock()), ReviewController(store, SystemClock()))
    window.picker.name_edit.setText("Benchmark coachee")
    window.show_picker()  # the schemes, offered
    if args.scheme is not None:
        window.picker.choose_scheme(args.scheme)
    window.picker.start_button.click()
    handle = window.windowHandle()
    assert handle is not None and window.session_panel is not None
    handle.requestActivate()
    while QApplication.activeWindow() is not window:
        app.processEvents()
    if args.scheme is not None:  # the session really uses it
        assert window.session_panel.scheme_label.text() == preset(args.scheme).name.en
    label = window.session_panel.buttons[0].count_label
    watch = PaintWatch()
    label.installEventFilter(watch)
    times = []
    for n in range(1, args.presses + 1):
        started = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_1)
        while watch.painted_text != str(n):
            app.processEvents()
        times.append(time.perf_counter() - started)
    assert window.session_panel.buttons[0].count == args.presses
    window.close()
    store.close()
    folder.cleanup()
    p99 = percentile(times, 99) * 1000
    scheme = args.scheme or "balance"
    print(
        f"key press to count painted, {args.presses} presses "
        f"({app.platformName()}, scheme {scheme})"
    )
    print(
        f"  p50 {median(times) * 1000:6.2f} ms   p99 {p99:6.2f} ms   "
        f"max {max(times) * 1000:6.2f} ms"
    )
    verdict = "ok" if p99 <= FRAME_MS else "OVER TARGET"
    print(f"  p99 vs one 60 Hz frame ({FRAME_MS:.1f} ms): {verdict}")


if __name__ == "__main__":
    main()
