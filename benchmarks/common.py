"""Shared by the benchmarks: percentiles, a child process's timings and peak memory, and the
two tally writers the commit benchmarks set side by side."""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from coachdesk.store import SqlStore

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass(frozen=True)
class ChildRun:
    marks: dict[str, float]  # seconds from launch to each "<name> <monotonic>" line
    values: dict[str, str]  # other "<name> <value>" lines
    peak_mib: float


def run_child(args: list[str], env: dict[str, str] | None = None) -> ChildRun:
    """Launch ``python ARGS``; read its stderr marks; measure its peak resident memory."""
    environment = {**os.environ, **(env or {})}
    environment.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stderr is not None
    output = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    marks: dict[str, float] = {}
    values: dict[str, str] = {}
    for line in output.splitlines():
        name, _, value = line.partition(" ")
        if name in ("paint", "ready"):
            marks[name] = float(value) - started
        elif name == "widgets":
            values[name] = value
    if child.returncode != 0 or "paint" not in marks:
        raise RuntimeError(f"{args} failed ({child.returncode}):\n{output}")
    return ChildRun(marks, values, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def raw_tally_writer(database: Path) -> Callable[[int], None]:
    """The floor: a bare INSERT + COMMIT into a table of the tally's shape, same pragmas."""
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(
        "CREATE TABLE tally (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, "
        "kind_id INTEGER NOT NULL, offset_ms INTEGER NOT NULL, at_ms INTEGER NOT NULL, "
        "detail TEXT)"
    )
    conn.execute("CREATE INDEX ix_tally_session ON tally (session_id, id)")

    def write(i: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            (1, 1 + i % 2, i * 10, i, None),
        )
        conn.execute("COMMIT")

    return write


def live_tally_writer(store: SqlStore, scheme: str | None = None) -> Callable[[int], None]:
    """coachdesk's own path: ``LiveSession.tally`` on the real store (triggers included), in
    a session of the preset ``scheme`` (None: the Balance scheme), round its kinds that need
    no detail choice."""
    from coachdesk.domain.clock import SystemClock
    from coachdesk.domain.model import SchemeRef
    from coachdesk.domain.recorder import LiveSession

    chosen = None if scheme is None else SchemeRef(scheme, 1)
    session = LiveSession.start(store, SystemClock(), "Benchmark coachee", None, chosen)
    kinds = [k.id for k in session.kinds if not k.asks_detail]

    def write(i: int) -> None:
        session.tally(kinds[i % len(kinds)])

    return write


def write_times(write: Callable[[int], None], n: int) -> list[float]:
    """Seconds each of ``n`` calls of ``write`` took."""
    times = []
    for i in range(n):
        started = time.perf_counter()
        write(i)
        times.append(time.perf_counter() - started)
    return times


def add_scheme_argument(parser: argparse.ArgumentParser) -> None:
    """``--scheme KEY``: run with a preset other than Balance (its first version)."""
    from coachdesk.domain.scheme_presets import PRESETS

    parser.add_argument(
        "--scheme",
        choices=[p.key for p in PRESETS],
        default=None,
        help="record with this preset instead of Balance",
    )
