"""The bundle's figures: size unpacked and packed, and its cold start to first paint against
the same code run from the venv, same run (launched alternately, as benchmarks/startup.py).

    scripts/bundle                                   # build first (it prints the build time)
    .venv/bin/python -m benchmarks.bundle [--runs 9] [--build]

``--build`` builds here first and times it (the whole of scripts/build_bundle.py: icons,
PyInstaller, pruning, the .tar.gz and the .deb). Targets: unpacked <= 180 MB, first paint
<= 1.1x the venv's.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

from benchmarks.common import ROOT, median

DIST = ROOT / "dist"
BUNDLED = DIST / "coachdesk" / "coachdesk"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--build", action="store_true", help="build first, and time it")
    args = parser.parse_args()
    if args.build:
        started = time.monotonic()
        subprocess.run([sys.executable, "-m", "scripts.build_bundle"], cwd=ROOT, check=True)
        print(f"build time: {time.monotonic() - started:.0f} s (scripts/build_bundle.py)")
    if not BUNDLED.exists():
        sys.exit("no bundle in dist/: run scripts/bundle first")
    sizes()
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as data:
        start_up(data, args.runs)


def sizes() -> None:
    unpacked = sum(p.lstat().st_size for p in BUNDLED.parent.rglob("*") if not p.is_dir())
    verdict = "ok" if unpacked <= 180e6 else "OVER TARGET"
    print(
        f"unpacked: {unpacked / 1e6:6.1f} MB ({unpacked / 2**20:.1f} MiB)  "
        f"(target <= 180 MB) {verdict}"
    )
    for packed in sorted(DIST.glob("coachdesk*.tar.gz")) + sorted(DIST.glob("coachdesk*.deb")):
        print(f"packed:   {packed.stat().st_size / 1e6:6.1f} MB  {packed.name}")


def first_paint(command: list[str], data: str) -> float:
    """Seconds from launch to the window's first paint (the startup probe's mark)."""
    env = dict(os.environ, COACHDESK_STARTUP_PROBE="1", QT_QPA_PLATFORM="offscreen")
    started = time.monotonic()
    done = subprocess.run(
        [*command, "--data-dir", data, "--lang", "en"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    marks = [line.split() for line in done.stderr.splitlines() if line.startswith("paint ")]
    if done.returncode != 0 or not marks:
        raise RuntimeError(f"{command} failed ({done.returncode}):\n{done.stderr}")
    return float(marks[0][1]) - started


def start_up(data: str, runs: int) -> None:
    venv = [sys.executable, "-m", "coachdesk"]
    bundle = [str(BUNDLED)]
    first_paint(venv, data)  # creates the database: not measured
    first_paint(bundle, data)  # and brings the bundle's files into the page cache once
    venv_runs, bundle_runs = [], []
    for _ in range(runs):
        venv_runs.append(first_paint(venv, data))
        bundle_runs.append(first_paint(bundle, data))
    from_venv, bundled = median(venv_runs), median(bundle_runs)
    ratio = bundled / from_venv
    verdict = "ok" if ratio <= 1.1 else "OVER TARGET"
    print(f"cold start to first paint, median of {runs} runs (offscreen)")
    print(f"  from the venv:   {from_venv * 1000:6.0f} ms")
    print(f"  from the bundle: {bundled * 1000:6.0f} ms  {ratio:4.2f}x (target <= 1.1x) {verdict}")


if __name__ == "__main__":
    main()
