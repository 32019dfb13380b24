"""Sync with the practice server: a practice-sized history up to an empty server, against a
plain bulk COPY of the same rows in the same run.

    .venv/bin/python -m benchmarks.practice_sync [--coachees 40] [--sessions 1000] \
        [--tallies 200000]

Makes a throwaway PostgreSQL cluster (tests/pgserver.py: needs Debian's postgresql and
openssl), a practice with one coach, and a local database of that size; then times, over the
Unix socket:
- the first sync round (everything up to an empty server, and the round's read back);
- a second round with nothing new;
- one more ended session, then its round (session end to synced);
- a round with everything but notes (the notes taken off the server), and one more after it;
- the floor: the same rows COPYed by the superuser into tables of the same shape without
  row-level security, policies or conflict checks, in one transaction.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

import psycopg

from benchmarks.transfer import build
from coachdesk.domain.archive import Archive
from coachdesk.store import open_store
from coachdesk.store.server import admin
from coachdesk.store.server.roles import SCHEMA
from coachdesk.store.server.sync import sync
from tests import pgserver
from tests.fakes import FakeClock
from tests.practice import add_session


def floor(url: str, a: Archive) -> float:
    """COPY of the same rows into plain tables of the same columns (the superuser, one
    transaction)."""
    with psycopg.connect(url) as conn:
        for table in ("coachee", "coaching_session", "tally", "pause", "session_note"):
            conn.execute(
                f"CREATE TABLE public.floor_{table} (LIKE {SCHEMA}.{table} INCLUDING DEFAULTS"
                " INCLUDING CONSTRAINTS INCLUDING INDEXES)"
            )
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur:
            _copy(
                cur,
                "coachee",
                ("coach", "uid", "name", "created_at_ms", "note"),
                (("anna", c.uid, c.name, c.created_at_ms, c.note) for c in a.coachees),
            )
            _copy(
                cur,
                "coaching_session",
                ("coach", "uid", "coachee_uid", "started_at_ms", "active_ms", "ended_at_ms"),
                (
                    ("anna", s.uid, c.uid, s.started_at_ms, s.active_ms, s.ended_at_ms)
                    for c in a.coachees
                    for s in c.sessions
                ),
            )
            _copy(
                cur,
                "tally",
                ("coach", "uid", "session_uid", "kind_key", "position", "offset_ms", "at_ms"),
                (
                    ("anna", t.uid, s.uid, t.kind, i, t.offset_ms, t.at_ms)
                    for c in a.coachees
                    for s in c.sessions
                    for i, t in enumerate(s.tallies)
                ),
            )
            _copy(
                cur,
                "pause",
                ("coach", "uid", "session_uid", "position", "offset_ms", "started_at_ms"),
                (
                    ("anna", p.uid, s.uid, i, p.offset_ms, p.started_at_ms)
                    for c in a.coachees
                    for s in c.sessions
                    for i, p in enumerate(s.pauses)
                ),
            )
            _copy(
                cur,
                "session_note",
                ("coach", "session_uid", "field", "text", "updated_at_ms"),
                (
                    ("anna", s.uid, f, text, s.started_at_ms)
                    for c in a.coachees
                    for s in c.sessions
                    for f, text in s.notes
                ),
            )
        conn.commit()
        return time.perf_counter() - started  # fmt: skip


def _copy(
    cur: psycopg.Cursor[tuple[object, ...]],
    table: str,
    columns: tuple[str, ...],
    rows: Iterable[tuple[object, ...]],
) -> None:
    with cur.copy(f"COPY public.floor_{table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coachees", type=int, default=40)
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--tallies", type=int, default=200_000)
    args = parser.parse_args()
    if pgserver.MISSING:
        raise SystemExit(pgserver.MISSING)
    with tempfile.TemporaryDirectory() as tmp, pgserver.cluster() as pg:
        folder = Path(tmp)
        build(folder / "coachdesk.sqlite3", args.coachees, args.sessions, args.tallies)
        admin.upgrade(pg.socket_url(), create=True)
        admin.add_login(pg.socket_url(), "anna", "anna-pw")
        store = open_store(folder / "coachdesk.sqlite3")
        clock = FakeClock(now_ms=1_800_000_000_000)
        try:
            with psycopg.connect(pg.socket_url("anna", "anna-pw")) as conn:
                started = time.perf_counter()
                first = sync(store, folder, conn, clock.now_ms())
                first_s = time.perf_counter() - started
                started = time.perf_counter()
                second = sync(store, folder, conn, clock.now_ms())
                second_s = time.perf_counter() - started
                add_session(store, clock, "C-0000")
                started = time.perf_counter()
                third = sync(store, folder, conn, clock.now_ms())
                third_s = time.perf_counter() - started
                started = time.perf_counter()
                no_notes = sync(store, folder, conn, clock.now_ms(), notes=False)
                no_notes_s = time.perf_counter() - started
                started = time.perf_counter()
                sync(store, folder, conn, clock.now_ms(), notes=False)
                again_s = time.perf_counter() - started
            floor_s = floor(pg.socket_url(), store.read_archive(0))
        finally:
            store.close()
    sent = first.sent
    print(
        f"practice: {sent.coachees} coachees, {sent.sessions} sessions, {sent.tallies} tallies,"
        f" {sent.pauses} pauses, {sent.notes} notes"
    )
    print(f"first sync (all up, read back):    {first_s:7.2f} s")
    print(f"floor (plain COPY, same rows):     {floor_s:7.2f} s   ({first_s / floor_s:.1f}x)")
    print(f"second sync (nothing new):         {second_s:7.2f} s   (sent {second.sent.sessions})")
    print(f"one session ended, then synced:    {third_s:7.2f} s   (sent {third.sent.sessions})")
    print(
        f"everything but notes, first round: {no_notes_s:7.2f} s   (notes taken off the server;"
        f" {len(no_notes.differences)} differences)"
    )
    print(f"everything but notes, nothing new: {again_s:7.2f} s")


if __name__ == "__main__":
    main()
