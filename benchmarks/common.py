"""Shared by the benchmarks: percentiles and a child process's timings and peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

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
