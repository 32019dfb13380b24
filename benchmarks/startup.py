"""Cold start of coachdesk against a bare PySide6 window with as many widgets, same run.

    .venv/bin/python -m benchmarks.startup [--runs 7]

Prints, as medians over the runs (launched alternately): time to the first paint, time to
ready (coachee list shown, tally keys live) and peak memory, each beside the bare window's,
with the lowest and highest ratio of a coachdesk run to the bare run launched just before it.
Targets: paint <= 1.3x, ready <= 2x, memory <= 1.5x the bare window.

coachdesk's modules are compiled to bytecode first, as ``pip install`` does: a checkout run
with ``PYTHONDONTWRITEBYTECODE`` (as on the development machine) would otherwise compile
every module again at every start, some 50 ms before the first paint that no installed
coachdesk spends.
"""

from __future__ import annotations

import argparse
import compileall
import tempfile

from benchmarks.common import ROOT, median, run_child


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as data:
        measure(data, args.runs)


def measure(data: str, runs: int) -> None:
    compileall.compile_dir(ROOT / "coachdesk", quiet=1)  # as installed (see above)
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
    pairs = list(zip(app_runs, bare_runs, strict=True))
    rows = [
        ("coachdesk first paint", paint * 1000, "ms", paint / bare_paint, 1.3, "paint"),
        ("coachdesk ready", ready * 1000, "ms", ready / bare_paint, 2.0, "ready"),
        ("coachdesk peak memory", mem, "MiB", mem / bare_mem, 1.5, ""),
    ]
    for name, value, unit, ratio, target, mark in rows:
        verdict = "ok" if ratio <= target else "OVER TARGET"
        if mark:
            each = [a.marks[mark] / b.marks["paint"] for a, b in pairs]
        else:
            each = [a.peak_mib / b.peak_mib for a, b in pairs]
        print(
            f"  {name:22s} {value:6.0f} {unit:3s}  {ratio:4.2f}x bare "
            f"(runs {min(each):4.2f}-{max(each):4.2f}x; target <= {target}x) {verdict}"
        )


if __name__ == "__main__":
    main()
