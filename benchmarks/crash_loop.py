"""Many SIGKILLs at random moments during a stream of tallies; counts what was lost.

    .venv/bin/python -m benchmarks.crash_loop [--kills 200] [--rate 10] [--beside 100]

Each round starts a session in a child process (resuming the one the last round left open),
lets it record about ``rate`` tallies a second, kills it with SIGKILL after a random delay and
checks that every tally it acknowledged is stored. Prints tallies acknowledged, tallies lost
(must be 0) and integrity failures (must be 0).

Then ``--beside`` rounds with the real app (``tests.live_app``): each starts it (resuming the
session), lets it tally, runs one other program beside it (a coachdesk command that may run
while the window is open, or a sqlite3 reader holding a read transaction), lets it tally on,
and kills it at a random moment. Every count a button showed must be in the file.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from tests.beside import (
    LiveApp,
    commands,
    ended_session,
    hold_a_read,
    integrity,
    run_command,
    stored,
)
from tests.crash import kill_at_random
from tests.dbcheck import rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--rate", type=float, default=10.0, help="tallies per second")
    parser.add_argument(
        "--beside", type=int, default=100, help="rounds of the real app with another program"
    )
    args = parser.parse_args()
    if args.kills:
        with tempfile.TemporaryDirectory(prefix="coachdesk-crash-") as folder:
            run(Path(folder) / "data" / "coachdesk.sqlite3", args.kills, args.rate)
    if args.beside:
        with tempfile.TemporaryDirectory(prefix="coachdesk-beside-") as folder:
            run_beside(Path(folder), args.beside)


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


def run_beside(folder: Path, rounds: int) -> None:
    data, out = folder / "data", folder / "out"
    out.mkdir()
    database = data / "coachdesk.sqlite3"
    session_id = ended_session(database)
    shown_total = lost = integrity_failures = 0
    ran: dict[str, int] = {}
    started = time.monotonic()
    for n in range(rounds):
        app = LiveApp(data, interval_ms=random.randint(20, 100))
        try:
            app.wait_ready()
            app.wait_for(random.randint(0, 5))
            choices = commands(out, session_id, n)
            pick = random.randrange(len(choices) + 1)
            if pick == len(choices):
                hold_a_read(database, random.uniform(0.0, 1.5))
                name = "sqlite3 reader"
            else:
                done = run_command(data, choices[pick])
                if done.returncode != 0:
                    raise SystemExit(f"{choices[pick]} failed: {done.stderr}")
                name = " ".join(
                    word
                    for word in choices[pick]
                    if word != "--out" and not word.startswith("/") and not word.isdigit()
                )
            ran[name] = ran.get(name, 0) + 1
            app.wait_for(random.randint(0, 5))
            time.sleep(random.uniform(0.0, 0.3))
        finally:
            shown = app.kill()
        kept = stored(database)
        lost += sum(max(0, count - kept.get(kind, 0)) for kind, count in shown.items())
        shown_total = max(shown_total, sum(shown.values()))
        if integrity(database) != "ok":
            integrity_failures += 1
    elapsed = time.monotonic() - started
    print(f"beside the app: {rounds} rounds, each one other program, then SIGKILL")
    print("  " + ", ".join(f"{name} x{count}" for name, count in sorted(ran.items())))
    print(
        f"  tallies shown {shown_total}, lost {lost}, integrity failures {integrity_failures} "
        f"({elapsed:.0f} s)"
    )


if __name__ == "__main__":
    main()
