"""Backups of a large database: how long a verified backup takes, beside a plain copy.

    .venv/bin/python -m benchmarks.backup [--megabytes 100]

Builds a coachdesk database of about ``--megabytes`` MB (sessions full of tallies), then
measures in the same run:
- a verified backup (``make_backup``: quick_check of the source, one-step online backup,
  fsync, quick_check and row counts of the copy, rename) beside the floor, a plain file copy
  with fsync (no check at all);
- ``quick_check`` alone on that database (what start-up runs on a worker thread);
- tally commit latency (p50, p99) while a backup runs, beside the same without a backup.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import median, percentile
from coachdesk.domain.clock import SystemClock
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store
from coachdesk.store.backup import make_backup
from coachdesk.store.connection import connect, transaction

TALLIES_PER_SESSION = 600


def build(database: Path, megabytes: int) -> int:
    """A database of about ``megabytes`` MB; returns how many tallies it holds."""
    open_store(database).close()
    conn = connect(database)
    sessions = 0
    try:
        while database.stat().st_size + _wal(database) < megabytes * 1_000_000:
            with transaction(conn, write=True):
                conn.execute(
                    "INSERT INTO coachee (uid, name, created_at_ms) VALUES (?, ?, 0)",
                    (f"u{sessions}", f"Coachee {sessions}"),
                )
                coachee = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
                for _ in range(50):
                    conn.execute(
                        "INSERT INTO coaching_session "
                        "(uid, coachee_id, started_at_ms, active_ms, ended_at_ms) "
                        "VALUES (?, ?, ?, 3600000, ?)",
                        (f"s{sessions}", coachee, sessions * 10_000_000, sessions * 10_000_000 + 1),
                    )
                    session = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
                    conn.executemany(
                        "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) "
                        "VALUES (?, ?, ?, ?, NULL)",
                        [(session, 1 + i % 2, i * 6000, i) for i in range(TALLIES_PER_SESSION)],
                    )
                    sessions += 1
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return sessions * TALLIES_PER_SESSION


def _wal(database: Path) -> int:
    wal = Path(f"{database}-wal")
    return wal.stat().st_size if wal.exists() else 0


def plain_copy(database: Path, target: Path) -> float:
    started = time.perf_counter()
    shutil.copyfile(database, target)
    fd = os.open(target, os.O_RDONLY)
    os.fsync(fd)
    os.close(fd)
    return time.perf_counter() - started


def quick_check(database: Path) -> float:
    conn = connect(database, read_only=True)
    try:
        started = time.perf_counter()
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        return time.perf_counter() - started
    finally:
        conn.close()


def tally_latencies(database: Path, during: threading.Event | None, count: int) -> list[float]:
    """Commit times of ``count`` tallies (or, with ``during``, of every tally until it is set)."""
    store = open_store(database)
    times: list[float] = []
    try:
        session = LiveSession.start(store, SystemClock(), f"Bench {time.time()}", None)
        kind = session.kinds[0].id
        while (during is None and len(times) < count) or (
            during is not None and not during.is_set()
        ):
            started = time.perf_counter()
            session.tally(kind)
            times.append(time.perf_counter() - started)
            time.sleep(0.005)
        session.end()
    finally:
        store.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachdesk-backup-") as folder:
        database = Path(folder) / "data" / "coachdesk.sqlite3"
        tallies = build(database, args.megabytes)
        size = database.stat().st_size / 1e6
        floor = [plain_copy(database, Path(folder) / f"copy{n}") for n in range(3)]
        checks = [quick_check(database) for _ in range(3)]
        verified = []
        for _ in range(3):
            started = time.perf_counter()
            info = make_backup(database)
            verified.append(time.perf_counter() - started)
            Path(info.path).unlink()

        done = threading.Event()
        during: list[float] = []
        writer = threading.Thread(target=lambda: during.extend(tally_latencies(database, done, 0)))
        writer.start()
        time.sleep(0.2)
        make_backup(database)
        done.set()
        writer.join()
        without = tally_latencies(database, None, max(len(during), 50))

    print(f"backup: a {size:.0f} MB database with {tallies:,} tallies")
    ratio = median(verified) / median(floor)
    print(
        f"  verified backup   median {median(verified):.2f} s   "
        f"(floor, plain copy + fsync: {median(floor):.2f} s; {ratio:.1f}x)"
    )
    print(f"  quick_check       median {median(checks):.2f} s")
    print(
        f"  tally commit during a backup  p50 {percentile(during, 50) * 1000:.1f} ms  "
        f"p99 {percentile(during, 99) * 1000:.1f} ms  ({len(during)} tallies)"
    )
    print(
        f"  tally commit without a backup p50 {percentile(without, 50) * 1000:.1f} ms  "
        f"p99 {percentile(without, 99) * 1000:.1f} ms  ({len(without)} tallies)"
    )


if __name__ == "__main__":
    main()
