"""History at scale: 200 coachees, 15,000 sessions, about 3,000,000 tallies.

    .venv/bin/python -m benchmarks.history [--runs 5] [--fresh]

The practice is made by ``coachdesk demo`` (about 30 s) and kept under /tmp between runs
(``--fresh`` makes it again). Each figure is printed beside its floor, measured in the same
run:

- app start to first paint and to ready, and peak memory (ru_maxrss of the child), with that
  database against an empty one (targets: paint at most 1.2x, memory at most 1.3x);
- that opening the app runs no history query (checked, not timed);
- one coachee's trajectory of 75 sessions against a raw sqlite3 read of those sessions
  (target under 100 ms);
- the practice by month over all data against the raw scan of every tally by month
  (target under 200 ms);
- the coachee list and the falling-trajectories list, against a raw count of sessions
  per coachee;
- tally commit latency with the counting triggers, on a new database and on a copy of the big
  one, against a raw sqlite3 INSERT + COMMIT (same pragmas, same disk).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import (
    ROOT,
    ChildRun,
    live_tally_writer,
    median,
    percentile,
    raw_tally_writer,
    run_child,
)
from coachdesk.domain.history import Grain, HistoryFilter
from coachdesk.store import SCHEMA_VERSION, open_store

COACHEES, SESSIONS, TALLIES_PER_SESSION, SEED = 200, 15_000, 206, 1
CACHE = Path(tempfile.gettempdir()) / (
    f"coachdesk-history-bench-{COACHEES}-{SESSIONS}-{TALLIES_PER_SESSION}-{SEED}"
    f"-schema{SCHEMA_VERSION}"
)
EVERYTHING = HistoryFilter(include_archived=True)

#: Runs the app with every history query reporting itself on stderr.
QUERY_WATCH = """
import sys
from coachdesk.store.history import HistoryQueries

def watched(name, method):
    def call(*args, **kwargs):
        print(f"history-query {name}", file=sys.stderr, flush=True)
        return method(*args, **kwargs)
    return call

for name in ("coachee_overviews", "trajectory", "practice", "latest_shares"):
    setattr(HistoryQueries, name, watched(name, getattr(HistoryQueries, name)))
from coachdesk.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def big_practice(fresh: bool) -> Path:
    """The data dir with the big practice, made once and kept."""
    data = CACHE / "data"
    if fresh:
        shutil.rmtree(CACHE, ignore_errors=True)
    if (data / "coachdesk.sqlite3").exists():
        return data
    shutil.rmtree(CACHE, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable, "-m", "coachdesk", "--data-dir", str(data), "demo",
            "--coachees", str(COACHEES), "--sessions", str(SESSIONS),
            "--tallies-per-session", str(TALLIES_PER_SESSION), "--seed", str(SEED),
        ],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    print(f"(made the practice in {time.perf_counter() - started:.0f} s; kept in {CACHE})")
    return data


def timed(call: Callable[[], Any], runs: int) -> tuple[float, float]:
    """(first, median of the following ``runs``) in ms."""
    started = time.perf_counter()
    call()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return first, median(times)


def row(name: str, ours: float, floor_name: str, floor: float) -> None:
    print(f"  {name:34s} {ours:8.1f} ms   {floor_name:32s} {floor:8.1f} ms")


def startup(big: Path, runs: int) -> None:
    probe = {"COACHDESK_STARTUP_PROBE": "1"}
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as empty:
        run_child(["-m", "coachdesk", "--data-dir", empty], probe)  # creates it: not measured
        run_child(["-m", "coachdesk", "--data-dir", str(big)], probe)  # warms the file cache
        empty_runs, big_runs = [], []
        for _ in range(runs):
            empty_runs.append(run_child(["-m", "coachdesk", "--data-dir", empty], probe))
            big_runs.append(run_child(["-m", "coachdesk", "--data-dir", str(big)], probe))
    print(f"app start, median of {runs} runs each, launched alternately")
    figures: list[tuple[str, str, float | None, Callable[[ChildRun], float]]] = [
        ("first paint", "ms", 1.2, lambda r: r.marks["paint"] * 1000),
        ("ready (list shown, keys live)", "ms", None, lambda r: r.marks["ready"] * 1000),
        ("peak memory", "MiB", 1.3, lambda r: r.peak_mib),
    ]
    for name, unit, target, pick in figures:
        ours = median([pick(r) for r in big_runs])
        floor = median([pick(r) for r in empty_runs])
        ratio = ours / floor
        verdict = (
            ""
            if target is None
            else f"(target <= {target}x) " + ("ok" if ratio <= target else "OVER TARGET")
        )
        print(
            f"  {name:30s} big {ours:7.1f} {unit:3s}  empty {floor:7.1f} {unit:3s}  "
            f"{ratio:4.2f}x {verdict}"
        )
    queries = history_queries_at_start(big)
    print(
        "  history queries run while opening: " + (", ".join(queries) if queries else "none (ok)")
    )


def history_queries_at_start(big: Path) -> list[str]:
    """The history queries the app ran from launch to ready (none expected)."""
    env = {**os.environ, "COACHDESK_STARTUP_PROBE": "1"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run(
        [sys.executable, "-c", QUERY_WATCH, "--data-dir", str(big)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    if result.returncode != 0 or "\nready " not in f"\n{result.stderr}":
        raise RuntimeError(f"the watched start failed:\n{result.stderr}")
    return [line.split()[1] for line in result.stderr.splitlines() if line.startswith("history-")]


def queries(big: Path, runs: int) -> None:
    database = big / "coachdesk.sqlite3"
    store = open_store(database, read_only=True)
    raw = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        coachee = next(o.coachee for o in store.coachee_overviews() if o.sessions == 75)
        print(f"history queries on {database} (first call, then median of {runs})")

        first, ours = timed(lambda: store.trajectory(coachee.id, HistoryFilter()), runs)
        _, floor = timed(
            lambda: raw.execute(
                "SELECT id, started_at_ms, active_ms, ended_at_ms FROM coaching_session "
                "WHERE coachee_id = ? ORDER BY started_at_ms",
                (coachee.id,),
            ).fetchall(),
            runs,
        )
        verdict = "ok" if max(first, ours) < 100 else "OVER TARGET"
        row("trajectory, 75 sessions", ours, "raw read of its 75 sessions", floor)
        print(f"  {'':34s} first call {first:.1f} ms (target < 100 ms) {verdict}")

        first, ours = timed(lambda: store.practice(Grain.MONTH, EVERYTHING), runs)
        _, scan = timed(
            lambda: raw.execute(
                "SELECT strftime('%Y-%m', s.started_at_ms / 1000, 'unixepoch', 'localtime') AS m, "
                "  k.side, COUNT(*) FROM tally t "
                "JOIN coaching_session s ON s.id = t.session_id "
                "JOIN tally_kind k ON k.id = t.kind_id "
                "WHERE s.ended_at_ms IS NOT NULL GROUP BY m, k.side"
            ).fetchall(),
            1,
        )
        verdict = "ok" if max(first, ours) < 200 else "OVER TARGET"
        row("practice by month, all data", ours, "raw scan of all tallies by month", scan)
        print(
            f"  {'':34s} first call {first:.1f} ms (target < 200 ms) {verdict}; "
            f"{scan / ours:.0f}x faster than the scan"
        )
        _, weeks = timed(lambda: store.practice(Grain.WEEK, EVERYTHING), runs)
        row("practice by week, all data", weeks, "(the same scan)", scan)

        _, ours = timed(lambda: store.coachee_overviews(include_archived=True), runs)
        _, floor = timed(
            lambda: raw.execute(
                "SELECT c.id, c.name, COUNT(s.id), MAX(s.started_at_ms) FROM coachee c "
                "LEFT JOIN coaching_session s ON s.coachee_id = c.id GROUP BY c.id"
            ).fetchall(),
            runs,
        )
        row("coachee list (with latest balance)", ours, "raw sessions per coachee", floor)
        _, ours = timed(lambda: store.latest_shares(EVERYTHING, 5), runs)
        row("latest 5 shares of every coachee", ours, "raw sessions per coachee", floor)
    finally:
        raw.close()
        store.close()


def tally_latency(big: Path, tallies: int) -> None:
    """Three writers take turns, one tally each, so a busy disk slows all three alike."""
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-", dir=big.parent) as folder:
        copy = Path(folder) / "big" / "coachdesk.sqlite3"
        copy.parent.mkdir()
        shutil.copy2(big / "coachdesk.sqlite3", copy)
        with copy.open("rb+") as f:
            os.fsync(f.fileno())  # else the first checkpoint waits for the copy to reach disk
        raw = raw_tally_writer(Path(folder) / "raw.sqlite3")
        empty_store = open_store(Path(folder) / "empty" / "coachdesk.sqlite3")
        big_store = open_store(copy)
        writers = [raw, live_tally_writer(empty_store), live_tally_writer(big_store)]
        times: list[list[float]] = [[], [], []]
        for i in range(tallies):
            for write, spent in zip(writers, times, strict=True):
                started = time.perf_counter()
                write(i)
                spent.append(time.perf_counter() - started)
        empty_store.close()
        big_store.close()
    print(f"tally commit latency, {tallies} tallies each, the three writers taking turns")
    for name, spent in zip(
        (
            "raw sqlite3 insert+commit",
            "coachdesk tally, empty database",
            "coachdesk tally, big database",
        ),
        times,
        strict=True,
    ):
        print(
            f"  {name:32s} p50 {median(spent) * 1000:6.3f} ms   "
            f"p99 {percentile(spent, 99) * 1000:6.3f} ms   "
            f"p99 {percentile(spent, 99) / percentile(times[0], 99):4.2f}x raw"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tallies", type=int, default=2000)
    parser.add_argument("--fresh", action="store_true", help="make the practice again")
    args = parser.parse_args()
    big = big_practice(args.fresh)
    store = open_store(big / "coachdesk.sqlite3", read_only=True)
    (tallies,) = store.connection.execute("SELECT COUNT(*) FROM tally").fetchone()
    store.close()
    print(f"practice: {COACHEES} coachees, {SESSIONS:,} sessions, {tallies:,} tallies")
    queries(big, args.runs)
    startup(big, args.runs)
    tally_latency(big, args.tallies)


if __name__ == "__main__":
    main()
