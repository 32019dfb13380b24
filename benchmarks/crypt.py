"""What encryption at rest costs: tally commits, start-up, and turning it on and off.

    .venv/bin/python -m benchmarks.crypt [--tallies 2000] [--runs 5] [--megabytes 50]

Each figure is printed beside its floor, measured in the same run:

- tally commit latency on an encrypted store against the same on a plain store (p50, p99);
- start-up (first paint and ready, from launch, passphrase typed the moment its dialog shows,
  key derivation included) against a plain data dir started by the same child script;
- key derivation alone (PBKDF2-HMAC-SHA256 at the default iterations);
- converting a database of about ``--megabytes`` MB on and off, against a plain
  ``VACUUM INTO`` copy of the same file (what copying it whole costs anyway).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    ChildRun,
    live_tally_writer,
    median,
    percentile,
    run_child,
    write_times,
)
from coachdesk.domain.clock import SystemClock
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import DatabaseKey, open_store
from coachdesk.store.cipher import DEFAULT_ITERATIONS, read_key_file, unlock
from coachdesk.store.conversion import decrypt, encrypt

PASSPHRASE = "benchmark otter under the bridge"


def tally_times(database: Path, n: int, key: DatabaseKey | None) -> list[float]:
    store = open_store(database, key=key)
    try:
        return write_times(live_tally_writer(store), n)
    finally:
        store.close()


def encrypted_copy(folder: Path, name: str) -> tuple[Path, DatabaseKey]:
    database = folder / name / "coachdesk.sqlite3"
    open_store(database).close()
    encrypt(database, PASSPHRASE)
    key_file = read_key_file(database)
    assert key_file is not None
    return database, unlock(key_file, PASSPHRASE)


def grow(database: Path, megabytes: int) -> int:
    """Fill a plain database with sessions and tallies until it is about ``megabytes`` MB."""
    store = open_store(database)
    session = LiveSession.start(store, SystemClock(), "Bulk coachee")
    session.end()
    store.close()
    conn = sqlite3.connect(database, isolation_level=None)
    kind = conn.execute("SELECT id FROM tally_kind LIMIT 1").fetchone()[0]
    rows = 0
    while database.stat().st_size < megabytes * 1_000_000:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) "
            "VALUES (1, ?, ?, ?, NULL)",
            ((kind, rows + n, 1_795_000_000_000 + rows + n) for n in range(200_000)),
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows += 200_000
    conn.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tallies", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as tmp:
        folder = Path(tmp)
        commits(folder, args.tallies)
        startup(folder, args.runs)
        conversion(folder, args.megabytes)


def commits(folder: Path, n: int) -> None:
    plain = tally_times(folder / "plain" / "coachdesk.sqlite3", n, None)
    database, key = encrypted_copy(folder, "encrypted")
    ours = tally_times(database, n, key)
    print(f"tally commit latency, {n} tallies each")
    for name, times in (("plain store (floor)", plain), ("encrypted store", ours)):
        print(
            f"  {name:22s} p50 {median(times) * 1000:6.3f} ms   "
            f"p99 {percentile(times, 99) * 1000:6.3f} ms"
        )
    print(
        f"  encrypted / plain: p50 {median(ours) / median(plain):4.2f}x, "
        f"p99 {percentile(ours, 99) / percentile(plain, 99):4.2f}x"
    )


def startup(folder: Path, runs: int) -> None:
    plain_dir = folder / "start-plain"
    open_store(plain_dir / "coachdesk.sqlite3").close()
    encrypted_dir = encrypted_copy(folder, "start-encrypted")[0].parent
    probe = {"COACHDESK_STARTUP_PROBE": "1"}
    plain_runs: list[ChildRun] = []
    encrypted_runs: list[ChildRun] = []
    for _ in range(runs):  # alternately, so load on the machine falls on both
        for data, found in ((plain_dir, plain_runs), (encrypted_dir, encrypted_runs)):
            found.append(run_child(["-m", "benchmarks.crypt_child", str(data), PASSPHRASE], probe))
    started = time.perf_counter()
    key_file = read_key_file(encrypted_dir / "coachdesk.sqlite3")
    assert key_file is not None
    unlock(key_file, PASSPHRASE)
    derive = time.perf_counter() - started
    print(f"start-up, median of {runs} runs each, from launch (same child script)")
    for name, found in (("plain (floor)", plain_runs), ("encrypted", encrypted_runs)):
        paint = median([r.marks["paint"] for r in found])
        ready = median([r.marks["ready"] for r in found])
        print(f"  {name:22s} first paint {paint * 1000:6.0f} ms   ready {ready * 1000:6.0f} ms")
    print(f"  key derivation alone, {DEFAULT_ITERATIONS} PBKDF2 iterations: {derive * 1000:.0f} ms")


def conversion(folder: Path, megabytes: int) -> None:
    database = folder / "big" / "coachdesk.sqlite3"
    rows = grow(database, megabytes)
    size = database.stat().st_size / 1_000_000
    floor_target = folder / "big-copy.sqlite3"
    started = time.perf_counter()
    conn = sqlite3.connect(database)
    conn.execute("VACUUM INTO ?", (str(floor_target),))
    conn.close()
    floor = time.perf_counter() - started
    started = time.perf_counter()
    done = encrypt(database, PASSPHRASE)
    on = time.perf_counter() - started
    assert done.key is not None
    started = time.perf_counter()
    decrypt(database, done.key)
    off = time.perf_counter() - started
    shutil.rmtree(database.parent / "backups")
    print(f"conversion of a {size:.0f} MB database ({rows} tallies), backup and checks included")
    print(f"  VACUUM INTO copy (floor) {floor * 1000:7.0f} ms")
    print(f"  turn encryption on       {on * 1000:7.0f} ms   {on / floor:4.1f}x floor")
    print(f"  turn encryption off      {off * 1000:7.0f} ms   {off / floor:4.1f}x floor")


if __name__ == "__main__":
    main()
