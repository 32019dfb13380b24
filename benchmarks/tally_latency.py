"""Tally commit latency through coachdesk's own path, against raw sqlite3 in the same run.

    .venv/bin/python -m benchmarks.tally_latency [--tallies 2000] [--scheme listening]

coachdesk: ``LiveSession.tally`` on the real store (one INSERT, one COMMIT, WAL with
synchronous=FULL). Floor: a bare ``sqlite3`` INSERT + COMMIT into a table of the same shape,
with the same pragmas, on the same disk. Target: p99 at most 3x the floor's p99.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from benchmarks.common import (
    add_scheme_argument,
    live_tally_writer,
    median,
    percentile,
    raw_tally_writer,
    write_times,
)
from coachdesk.store import open_store


def raw_floor(folder: Path, n: int) -> list[float]:
    return write_times(raw_tally_writer(folder / "raw.sqlite3"), n)


def coachdesk_path(folder: Path, n: int, scheme: str | None) -> list[float]:
    store = open_store(folder / "data" / "coachdesk.sqlite3")
    try:
        return write_times(live_tally_writer(store, scheme), n)
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tallies", type=int, default=2000)
    add_scheme_argument(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as folder:
        raw = raw_floor(Path(folder), args.tallies)
        ours = coachdesk_path(Path(folder), args.tallies, args.scheme)
    scheme = args.scheme or "balance"
    print(f"tally commit latency, {args.tallies} tallies each (scheme {scheme})")
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
