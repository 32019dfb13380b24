"""Painting the history window's views on a big practice, beside an empty one, same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.history_paint \\
        [--runs 5] [--coachees 200 --sessions 15000 --tallies-per-session 206] [--data-dir DIR]
        [--with-scheme four_legs]

Fills a throw-away data dir with ``coachdesk demo`` (or uses ``--data-dir``, a data dir the
demo already filled, since making 15,000 sessions takes a while) and an empty one, then, in a
new history window each run, times from the action to the view's table and chart painted:
- the coachee list, from showing the window;
- the trajectory of the coachee with the most sessions, from "Open trajectory";
- the practice by month over all data, from choosing its tab.
The floor is the same on the empty database, in the same process. Beside each figure: the
time the store's queries for that view take alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.common import ROOT, median
from coachdesk.domain.history import FALLING_WINDOW, Grain, HistoryFilter
from coachdesk.domain.paths import DATABASE_NAME
from coachdesk.domain.settings import HistoryChoice
from coachdesk.store import SqlStore, open_store
from coachdesk.ui import qt_language
from coachdesk.ui.history.window import HistoryWindow


class Painted(QObject):
    """Notes when each watched widget has painted."""

    def __init__(self, widgets: list[QWidget]) -> None:
        super().__init__()
        self.waiting = set(widgets)
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self.waiting:
            self.waiting.discard(watched)
            watched.removeEventFilter(self)
        return False


def timed(app: QApplication, widgets: list[QWidget], act: Callable[[], None]) -> float:
    """Ms from ``act`` to every one of ``widgets`` painted."""
    painted = Painted(widgets)
    started = time.perf_counter()
    act()
    while painted.waiting:
        app.processEvents()
    return (time.perf_counter() - started) * 1000


def one_run(app: QApplication, store: SqlStore) -> tuple[float, float, float, int]:
    window = HistoryWindow(
        store, HistoryChoice(), lambda _c: None, lambda _s: None, store.tally_kinds(), 0.5
    )
    window.resize(1100, 720)
    coachees = window.coachees
    listed = timed(app, [coachees.table.viewport()], window.show)
    overviews = store.coachee_overviews()
    sessions = 0
    if overviews:
        busiest = max(overviews, key=lambda o: o.sessions)
        sessions = busiest.sessions
        coachees.select_coachee(busiest.coachee.id)
    trajectory = window.trajectory

    def open_trajectory() -> None:
        if overviews:
            window.show_trajectory(busiest.coachee)
        else:
            window.tabs.setCurrentWidget(trajectory)

    opened = timed(
        app,
        [
            trajectory.table.viewport(),
            trajectory.chart.viewport(),
            trajectory.rate_chart.viewport(),
        ],
        open_trajectory,
    )
    practice = window.practice
    months = timed(
        app,
        [practice.table.viewport(), practice.chart.viewport(), practice.rate_chart.viewport()],
        lambda: window.tabs.setCurrentWidget(practice),
    )
    window.close()
    window.deleteLater()
    app.processEvents()
    return listed, opened, months, sessions


def ms(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def queries(store: SqlStore) -> tuple[float, float, float, float]:
    """Ms the store alone takes to answer what each view asks: the share of the paint
    times above that is SQL, not Qt. Last, the practice limited to the Balance scheme (every
    demo session has it: the most a scheme filter reads, its counts per kind included)."""
    listed = ms(store.coachee_overviews)
    overviews = store.coachee_overviews()
    everything = HistoryFilter()
    opened = 0.0
    if overviews:
        busiest = max(overviews, key=lambda o: o.sessions).coachee.id
        opened = ms(lambda: store.trajectory(busiest, everything))
    months = ms(lambda: store.practice(Grain.MONTH, everything))
    months += ms(lambda: store.latest_shares(everything, FALLING_WINDOW))
    one_scheme = HistoryFilter(scheme="balance")
    balance = ms(lambda: store.practice(Grain.MONTH, one_scheme))
    balance += ms(lambda: store.latest_shares(one_scheme, FALLING_WINDOW))
    return listed, opened, months, balance


def demo(data_dir: Path, coachees: int, sessions: int, tallies: int) -> None:
    started = time.perf_counter()
    subprocess.run(
        [
            *(sys.executable, "-m", "coachdesk", "--data-dir", str(data_dir), "demo"),
            *("--coachees", str(coachees), "--sessions", str(sessions)),
            *("--tallies-per-session", str(tallies)),
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"demo data dir filled in {time.perf_counter() - started:.0f} s")


def record_half_with(database: Path, key: str) -> int:
    """Make every other session of ``database`` one recorded with the preset ``key`` (its
    first version): the session notes the version, and its tallies move to the scheme's
    kinds (the n-th Balance kind to the scheme's n-th, round), as a practice that changed
    schemes half-way would hold. Returns how many sessions were changed."""
    from coachdesk.domain.kind_rows import kind_row_key
    from coachdesk.domain.scheme_presets import preset
    from coachdesk.store.connection import transaction
    from coachdesk.store.schemes import version_for_session

    scheme = preset(key)
    store = open_store(database)
    try:
        conn = store.connection
        with transaction(conn, write=True):
            version = version_for_session(conn, scheme.key, scheme.version)
            rows = dict(conn.execute("SELECT key, id FROM tally_kind").fetchall())
            ours = [rows[kind_row_key(scheme.key, k.key)] for k in scheme.active]
            moves = " ".join(
                f"WHEN {rows[old]} THEN {ours[n % len(ours)]}"
                for n, old in enumerate(("advice", "coachee_action", "hat"))
            )
            changed = conn.execute(
                "UPDATE coaching_session SET scheme_version_id = ? WHERE id % 2 = 0", (version,)
            ).rowcount
            conn.execute(
                f"UPDATE tally SET kind_id = CASE kind_id {moves} END, detail = NULL "
                "WHERE session_id % 2 = 0"
            )
    finally:
        store.close()
    return int(changed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--coachees", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=15_000)
    # The demo's average, of which it makes about 97%: some 3,000,000 tallies in all.
    parser.add_argument("--tallies-per-session", type=int, default=206)
    parser.add_argument("--data-dir", type=Path, help="a data dir the demo already filled")
    parser.add_argument(
        "--with-scheme",
        help="record every other session with this preset (on a copy of the data)",
    )
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    qt_language.apply(app, "en")
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as scratch:
        big_dir = args.data_dir
        if big_dir is None:
            big_dir = Path(scratch) / "demo"
            demo(big_dir, args.coachees, args.sessions, args.tallies_per_session)
        if args.with_scheme:
            copy = Path(scratch) / "mixed"
            copy.mkdir()
            shutil.copy2(big_dir / DATABASE_NAME, copy / DATABASE_NAME)
            started = time.perf_counter()
            changed = record_half_with(copy / DATABASE_NAME, args.with_scheme)
            print(
                f"{changed} sessions made {args.with_scheme} ones in "
                f"{time.perf_counter() - started:.0f} s"
            )
            big_dir = copy
        empty = open_store(Path(scratch) / "empty" / DATABASE_NAME)
        big = open_store(big_dir / DATABASE_NAME)
        try:
            one_run(app, empty)  # loads QtCharts and warms both files: not counted
            one_run(app, big)
            floor = [one_run(app, empty) for _ in range(args.runs)]
            full = [one_run(app, big) for _ in range(args.runs)]
            asked = [queries(big) for _ in range(args.runs)]
            tallies = big.connection.execute("SELECT COUNT(*) FROM tally").fetchone()[0]
            held = big.connection.execute("SELECT COUNT(*) FROM coaching_session").fetchone()[0]
        finally:
            empty.close()
            big.close()
    print(
        f"History views painted, median of {args.runs} runs (offscreen): "
        f"{held} sessions, {tallies} tallies, beside an empty database"
    )
    names = ("coachee list", f"trajectory ({full[0][3]} sessions)", "practice by month")
    for n, name in enumerate(names):
        base = median([r[n] for r in floor])
        value = median([r[n] for r in full])
        sql = median([r[n] for r in asked])
        print(
            f"  {name:28s} {value:8.1f} ms   empty {base:7.1f} ms   {value / base:5.2f}x"
            f"   (store queries alone {sql:6.1f} ms)"
        )
    balance = median([r[3] for r in asked])
    print(f"  {'practice, Balance scheme only':28s} store queries alone {balance:6.1f} ms")
    if args.with_scheme:
        print(f"  (every other session recorded with the {args.with_scheme} scheme)")


if __name__ == "__main__":
    main()
