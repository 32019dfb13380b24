"""Many SIGKILLs at random moments during a stream of tallies; counts what was lost.

    .venv/bin/python -m benchmarks.crash_loop [--kills 200] [--rate 10]

Each round starts a session in a child process (resuming the one the last round left open),
lets it record about ``rate`` tallies a second, kills it with SIGKILL after a random delay and
checks that every tally it acknowledged is stored. Prints tallies acknowledged, tallies lost
(must be 0) and integrity failures (must be 0).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.crash import kill_at_random
from tests.dbcheck import rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10.0, help="tallies per second")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachdesk-crash-") as folder:
        run(Path(folder) / "data" / "coachdesk.sqlite3", args.kills, args.rate)


def run(database: Path, kills: int, rate: float) -> None:
    acked: set[int] = set()
    lost: set[int] = set()
    integrity_failures = 0
    for _ in range(kills):
        result = kill_at_random(database, max_delay_s=2.0, interval_s=1 / rate)
        acked |= result.acked
        if database.exists():
            stored = {r[0] for r in rows(database, "SELECT id FROM tally")}
            lost |= acked - stored
            if rows(database, "PRAGMA quick_check") != [("ok",)]:
                integrity_failures += 1
    print(f"crash loop: {kills} SIGKILLs at random moments, ~{rate:g} tallies/s")
    print(
        f"  tallies acknowledged {len(acked)}, lost {len(lost)}, "
        f"integrity failures {integrity_failures}"
    )


if __name__ == "__main__":
    main()
