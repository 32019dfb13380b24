"""Moving and erasing a whole practice, against raw sqlite3 in the same run.

    .venv/bin/python -m benchmarks.transfer [--coachees 200] [--sessions 5000] [--tallies 300000]

Times, on a practice of that size:
- archive export (``coachdesk export --archive``, zipped) against the floor of reading every
  row with bare sqlite3;
- checked import into an empty database (read, parse, check every field and uid, merge in
  one transaction) against the floor of inserting the same rows with bare sqlite3
  ``executemany`` in one transaction;
- a second import of the same file (it changes nothing);
- erasing one coachee with ``secure_delete`` and a WAL checkpoint, against a plain DELETE of
  the same rows on a copy of the same file.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from benchmarks.common import median
from coachdesk.domain import archive
from coachdesk.domain.clock import SystemClock
from coachdesk.store import erasure as store_erasure
from coachdesk.store import open_store
from coachdesk.wiring.data_service import DataService

T = TypeVar("T")
START_MS = 1_700_000_000_000
ERASURES = 7


def timed(call: Callable[[], T]) -> tuple[float, T]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def build(database: Path, coachees: int, sessions: int, tallies: int) -> None:
    """A practice of the given size, written straight into a coachdesk database."""
    open_store(database).close()
    rng = random.Random(5)
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("BEGIN")
    kinds = [row[0] for row in conn.execute("SELECT id FROM tally_kind ORDER BY position")]
    for c in range(coachees):
        conn.execute(
            "INSERT INTO coachee (id, uid, name, created_at_ms) VALUES (?, ?, ?, ?)",
            (c + 1, str(uuid.UUID(int=rng.getrandbits(128), version=4)), f"C-{c:04d}", START_MS),
        )
    per_session = tallies // sessions
    for s in range(sessions):
        started = START_MS + s * 3_600_000
        conn.execute(
            "INSERT INTO coaching_session (id, uid, coachee_id, started_at_ms, planned_minutes, "
            "active_ms, ended_at_ms) VALUES (?, ?, ?, ?, 60, 3000000, ?)",
            (
                s + 1,
                str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                s % coachees + 1,
                started,
                started + 3_100_000,
            ),
        )
        conn.execute(
            "INSERT INTO pause (session_id, offset_ms, started_at_ms, ended_at_ms) "
            "VALUES (?, 1200000, ?, ?)",
            (s + 1, started + 1_200_000, started + 1_300_000),
        )
        conn.execute(
            "INSERT INTO session_note (session_id, field, text, updated_at_ms) "
            "VALUES (?, 'note', ?, ?)",
            (s + 1, f"Session {s}: the coachee chose the next step herself.", started),
        )
        conn.executemany(
            "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (
                    s + 1,
                    kinds[t % 3],
                    t * 10_000,
                    started + t * 10_000,
                    "mentor" if t % 3 == 2 else None,
                )
                for t in range(per_session)
            ],
        )
    conn.execute("COMMIT")
    conn.close()


def read_floor(database: Path) -> int:
    conn = sqlite3.connect(database)
    rows = 0
    for table in ("coachee", "coaching_session", "pause", "session_note", "tally"):
        rows += len(conn.execute(f"SELECT * FROM {table}").fetchall())
    conn.close()
    return rows


def insert_floor(source: Path, target: Path) -> None:
    """The same rows into an empty coachdesk database with bare executemany, one transaction
    (rows already in memory: the floor has no file to read or check)."""
    src = sqlite3.connect(source)
    tables = ("coachee", "coaching_session", "pause", "session_note", "tally")
    rows = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    src.close()
    open_store(target).close()
    conn = sqlite3.connect(target, isolation_level=None)

    def insert() -> None:
        conn.execute("BEGIN")
        for table in tables:
            if rows[table]:
                marks = ",".join("?" * len(rows[table][0]))
                conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
        conn.execute("COMMIT")

    seconds, _ = timed(insert)
    conn.close()
    print(f"  {'raw sqlite3 insert (floor)':34s} {seconds:7.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coachees", type=int, default=200)
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--tallies", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coachdesk-bench-") as name:
        folder = Path(name)
        database = folder / "a" / "coachdesk.sqlite3"
        build(database, args.coachees, args.sessions, args.tallies)
        size = database.stat().st_size / 2**20
        print(
            f"practice: {args.coachees} coachees, {args.sessions} sessions, "
            f"{args.tallies} tallies ({size:.0f} MiB database)"
        )
        store = open_store(database)
        service = DataService(store, database.parent, SystemClock())
        floor, rows = timed(lambda: read_floor(database))
        print("export")
        print(f"  {'raw sqlite3 read of all rows':34s} {floor:7.2f} s   ({rows} rows)")
        target = folder / "practice.zip"
        seconds, _ = timed(lambda: service.export_archive(target))
        print(
            f"  {'coachdesk export --archive (zip)':34s} {seconds:7.2f} s   "
            f"({target.stat().st_size / 2**20:.1f} MiB zipped, {seconds / floor:.1f}x floor)"
        )
        plain = folder / "practice.json"
        seconds, _ = timed(lambda: service.export_archive(plain))
        print(
            f"  {'coachdesk export --archive (json)':34s} {seconds:7.2f} s   "
            f"({plain.stat().st_size / 2**20:.1f} MiB)"
        )
        store.close()

        print("import into an empty database")
        insert_floor(database, folder / "floor" / "coachdesk.sqlite3")
        other = folder / "b" / "coachdesk.sqlite3"
        store = open_store(other)
        service = DataService(store, other.parent, SystemClock())
        parse_s, checked = timed(lambda: archive.parse(archive.read_file(target)))
        print(f"  {'  of which read + check the file':34s} {parse_s:7.2f} s")
        seconds, report = timed(lambda: service.import_file(target))
        print(
            f"  {'coachdesk import (checked, merged)':34s} {seconds:7.2f} s   "
            f"({report.tallies} tallies added)"
        )
        seconds, report = timed(lambda: service.import_file(target))
        print(
            f"  {'second import (changes nothing)':34s} {seconds:7.2f} s   "
            f"(changed: {report.changed})"
        )
        store.close()
        del checked

        print(f"erase one coachee (median of {ERASURES}, one coachee each)")
        plain_copy = folder / "c" / "coachdesk.sqlite3"
        plain_copy.parent.mkdir()
        shutil.copyfile(database, plain_copy)
        plain_store, secure_store = open_store(plain_copy), open_store(database)
        conn = plain_store.connection
        sessions = conn.execute(
            "SELECT COUNT(*) FROM coaching_session WHERE coachee_id = 1"
        ).fetchone()[0]

        def plain_delete(coachee: int) -> None:
            conn.execute("BEGIN IMMEDIATE")
            sub = "SELECT id FROM coaching_session WHERE coachee_id = ?"
            for table in ("session_note", "tally", "pause"):
                conn.execute(f"DELETE FROM {table} WHERE session_id IN ({sub})", (coachee,))
            conn.execute("DELETE FROM coaching_session WHERE coachee_id = ?", (coachee,))
            conn.execute("DELETE FROM coachee WHERE id = ?", (coachee,))
            conn.execute("COMMIT")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        plain_times: list[float] = []
        secure_times: list[float] = []
        for coachee in range(1, ERASURES + 1):  # taking turns, so disk noise hits both
            started = time.perf_counter()
            plain_delete(coachee)
            plain_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            store_erasure.erase(secure_store.connection, coachee, database.parent, START_MS)
            secure_times.append(time.perf_counter() - started)
        plain_store.close()
        secure_store.close()
        floor, seconds = median(plain_times), median(secure_times)
        print(f"  {'plain DELETE + checkpoint (floor)':34s} {floor:7.3f} s   ({sessions} sessions)")
        print(
            f"  {'coachdesk erase (secure_delete)':34s} {seconds:7.3f} s   "
            f"({seconds / floor:.1f}x floor)"
        )


if __name__ == "__main__":
    main()
