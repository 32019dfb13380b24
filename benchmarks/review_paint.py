"""From the End action to the session review painted, through the real main window.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.review_paint [--runs 5]

A 90-minute session with 600 tallies and 10 hat declarations is ended with the confirm
button; the clock stops when the review's timeline chart has painted. The floor, in the
same run: the same for a session with no tallies at all (an empty review). The first review
of a process also loads QtCharts; that one-time cost is reported apart.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from benchmarks.common import add_scheme_argument, median
from coachdesk.domain.model import Hat, SchemeRef
from coachdesk.store import open_store
from coachdesk.ui import qt_language
from coachdesk.ui.controller import SessionController
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.review_controller import ReviewController
from tests.fakes import FakeClock

SESSION_MS = 90 * 60_000


class Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def end_and_time(app: QApplication, tallies: int, hats: int, scheme: str | None = None) -> float:
    """Ms from the confirm click to the review's timeline painted."""
    folder = tempfile.TemporaryDirectory(prefix="coachdesk-bench-")
    store = open_store(Path(folder.name) / "coachdesk.sqlite3")
    clock = FakeClock()
    controller = SessionController(store, clock)
    window = MainWindow()
    window.resize(1100, 800)
    window.show()
    window.attach(controller, ReviewController(store, clock))
    controller.start("K-17", 90, None if scheme is None else SchemeRef(scheme, 1))
    session = controller.session
    assert session is not None
    # Points take the many tallies; a state (a hat, a phase) changes ``hats`` times, as a
    # hat is named a few times a session.
    points = [k for k in session.kinds if k.group is None]
    states = [k for k in session.kinds if k.group is not None]
    rng = random.Random(7)
    hat_at = set(rng.sample(range(tallies), hats)) if tallies and states else set()
    for n in range(tallies):
        clock.advance(SESSION_MS // max(tallies, 1))
        if n in hat_at or not points:
            if n not in hat_at:
                continue  # a scheme of states only (GROW): its changes are all there is
            kind = rng.choice(states)
            hat = rng.choice(list(Hat)).value if kind.asks_detail else None
            session.tally(kind.id, hat)
        else:
            session.tally(rng.choice(points).id)
    clock.advance(max(0, SESSION_MS - session.elapsed_ms()))
    panel = window.session_panel
    assert panel is not None
    QTest.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    app.processEvents()
    painted = Painted()
    started = time.perf_counter()
    QTest.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    page = window.review_page
    assert page is not None
    page.timeline_view.viewport().installEventFilter(painted)
    while not painted.seen:
        app.processEvents()
    elapsed = (time.perf_counter() - started) * 1000
    window.close()
    store.close()
    folder.cleanup()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    add_scheme_argument(parser)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    qt_language.apply(app, "en")
    first = end_and_time(app, 0, 0)  # loads QtCharts
    empty = [end_and_time(app, 0, 0) for _ in range(args.runs)]
    full = [end_and_time(app, 600, 10, args.scheme) for _ in range(args.runs)]
    scheme = args.scheme or "balance"
    print(f"End to review painted, median of {args.runs} runs (offscreen, scheme {scheme})")
    print(f"  first review in a process (loads QtCharts) {first:7.1f} ms")
    print(f"  empty review (floor)                       {median(empty):7.1f} ms")
    ratio = median(full) / median(empty)
    print(
        f"  90 min, 600 tallies, 10 hats or phases     {median(full):7.1f} ms  {ratio:.2f}x floor"
    )


if __name__ == "__main__":
    main()
