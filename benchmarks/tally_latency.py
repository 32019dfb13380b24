"""Tally commit latency through coachdesk's own path, against raw sqlite3 in the same run.

    .venv/bin/python -m benchmarks.tally_latency [--tallies 2000]

coachdesk: ``LiveSession.tally`` on the real store (one INSERT, one COMMIT, WAL with
synchronous=FULL). Floor: a bare ``sqlite3`` INSERT + COMMIT into a table of the same shape,
with the same pragmas, on the same disk. Target: p99 at most 3x the floor's p99.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.common import median, percentile
from coachdesk.clock import SystemClock
from coachdesk.recorder import LiveSession
from coachdesk.store import open_store


def raw_floor(folder: Path, n: int) -> list[float]:
    conn = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        "CREATE TABLE tally (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, "
        "kind_id INTEGER NOT NULL, offset_ms INTEGER NOT NULL, at_ms INTEGER NOT NULL, "
        "detail TEXT)"
    )
    conn.execute("CREATE INDEX ix_tally_session ON tally (session_id, id)")
    times = []
    for i in range(n):
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            (1, 1 + i % 2, i * 10, i, None),
        )
        conn.execute("COMMIT")
        times.append(time.perf_counter() - started)
    conn.close()
    return times


def coachdesk_path(folder: Path, n: int) -> list[float]:
    store = open_store(folder / "data" / "coachdesk.sqlite3")
    session = LiveSession.start(store, SystemClock(), "Benchmark coachee")
    kinds = [k.id for k in session.kinds if k.detail is None]
    times = []
    for i in range(n):
        started = time.perf_counter()
        session.tally(kinds[i % len(kinds)])
        times.append(time.perf_counter() - started)
    store.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tallies", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as folder:
        raw = raw_floor(Path(folder), args.tallies)
        ours = coachdesk_path(Path(folder), args.tallies)
    print(f"tally commit latency, {args.tallies} tallies each")
    for name, times in (("raw sqlite3 insert+commit", raw), ("coachdesk tally", ours)):
        print(
            f"  {name:26s} p50 {median(times) * 1000:6.3f} ms   "
            f"p99 {percentile(times, 99) * 1000:6.3f} ms"
        )
    ratio = percentile(ours, 99) / percentile(raw, 99)
    verdict = "ok" if ratio <= 3 else "OVER TARGET"
    print(f"  p99 ratio {ratio:.2f}x raw (target <= 3x) {verdict}")


if __name__ == "__main__":
    main()
