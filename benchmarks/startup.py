"""Cold start of coachdesk against a bare PySide6 window with as many widgets, same run.

    .venv/bin/python -m benchmarks.startup [--runs 7]

Prints, as medians over the runs (launched alternately): time to the first paint, time to
ready (coachee list shown, tally keys live) and peak memory, each beside the bare window's.
Targets: paint <= 1.3x, ready <= 2x, memory <= 1.5x the bare window.
"""

from __future__ import annotations

import argparse
import tempfile

from benchmarks.common import median, run_child


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as data:
        measure(data, args.runs)


def measure(data: str, runs: int) -> None:
    app_args = ["-m", "coachdesk", "--data-dir", data]
    probe = {"COACHDESK_STARTUP_PROBE": "1"}
    first = run_child(app_args, probe)  # creates the database: not measured
    widgets = first.values["widgets"]

    app_runs, bare_runs = [], []
    for _ in range(runs):
        bare_runs.append(run_child(["-m", "benchmarks.bare_window", widgets]))
        app_runs.append(run_child(app_args, probe))

    bare_paint = median([r.marks["paint"] for r in bare_runs])
    bare_mem = median([r.peak_mib for r in bare_runs])
    paint = median([r.marks["paint"] for r in app_runs])
    ready = median([r.marks["ready"] for r in app_runs])
    mem = median([r.peak_mib for r in app_runs])
    print(f"cold start, median of {runs} runs, {widgets} widgets each")
    print(
        f"  bare PySide6 window: first paint {bare_paint * 1000:6.0f} ms, peak {bare_mem:5.1f} MiB"
    )
    rows = [
        ("coachdesk first paint", paint * 1000, "ms", paint / bare_paint, 1.3),
        ("coachdesk ready", ready * 1000, "ms", ready / bare_paint, 2.0),
        ("coachdesk peak memory", mem, "MiB", mem / bare_mem, 1.5),
    ]
    for name, value, unit, ratio, target in rows:
        verdict = "ok" if ratio <= target else "OVER TARGET"
        print(
            f"  {name:22s} {value:6.0f} {unit:3s}  {ratio:4.2f}x bare "
            f"(target <= {target}x) {verdict}"
        )


if __name__ == "__main__":
    main()
