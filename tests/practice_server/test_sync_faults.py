"""Sync rounds killed (SIGKILL) or cut off (the server ends the connection) at random points,
50 rounds over two machines of one coach, with sessions added and coachees erased between
them: afterwards both machines and the server hold the same records, none lost, none twice.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest

from coachdesk.store import erasure as store_erasure
from coachdesk.store import open_store
from coachdesk.store.server import SCHEMA
from coachdesk.store.server.sync import sync
from tests.cli.commandline import ROOT
from tests.fakes import FakeClock
from tests.practice import add_session
from tests.practice_server.conftest import Practice

pytestmark = pytest.mark.slow

ROUNDS = 50
MACHINES = ("desk", "laptop")
LOCK = "SELECT pg_advisory_lock(hashtext('coachdesk sync anna'))"


def database(folder: Path) -> Path:
    return folder / "coachdesk.sqlite3"


def local_sessions(folder: Path) -> dict[str, int]:
    """Session uid -> its tallies, as the machine's store holds them."""
    store = open_store(database(folder))
    try:
        found = store.read_archive(0)
    finally:
        store.close()
    return {s.uid: len(s.tallies) for c in found.coachees for s in c.sessions}


def server_sessions(practice: Practice) -> dict[str, int]:
    with psycopg.connect(practice.admin) as conn:
        rows = conn.execute(
            f"SELECT s.uid::text, count(t.uid) FROM {SCHEMA}.coaching_session s"
            f" LEFT JOIN {SCHEMA}.tally t ON t.coach = s.coach AND t.session_uid = s.uid"
            " WHERE s.coach = 'anna' GROUP BY s.uid"
        ).fetchall()
    return {str(uid): int(n) for uid, n in rows}


def backends_of_anna(admin: psycopg.Connection[tuple[object, ...]]) -> list[int]:
    rows = admin.execute("SELECT pid FROM pg_stat_activity WHERE usename = 'anna'").fetchall()
    return [int(str(r[0])) for r in rows]


def waiting_for_the_lock(admin: psycopg.Connection[tuple[object, ...]]) -> bool:
    return bool(
        admin.execute(
            "SELECT 1 FROM pg_stat_activity WHERE usename = 'anna' AND wait_event_type = 'Lock'"
        ).fetchall()
    )


def test_killed_and_cut_rounds_lose_nothing_and_double_nothing(
    practice: Practice, tmp_path: Path
) -> None:
    rng = random.Random(20261204)
    folders = {m: tmp_path / m for m in MACHINES}
    clocks = {m: FakeClock(now_ms=1_795_000_000_000 + i * 10**9) for i, m in enumerate(MACHINES)}
    added: dict[str, int] = {}  # session uid -> tallies, every session made
    erased: set[str] = set()
    retired: set[str] = set()  # names of erased coachees: nothing is added to them again
    outcomes: Counter[str] = Counter()
    url = practice.login("anna")
    with psycopg.connect(practice.admin, autocommit=True) as admin:
        for n in range(ROUNDS):
            machine = MACHINES[n % 2]
            folder, clock = folders[machine], clocks[machine]
            store = open_store(database(folder))
            try:
                names = [f"{machine}-{k}" for k in range(8)]
                name = rng.choice([x for x in names if x not in retired])
                session = add_session(store, clock, name, f"round {n}")
                record = store.session_record(session.id)
                added[record.uid] = len(record.tallies)
                if n % 10 == 9:  # erase one of this machine's own coachees
                    own = [c for c in store.coachees() if c.name.startswith(machine)]
                    victim = rng.choice(own)
                    done = store_erasure.erase(store.connection, victim.id, folder, clock.now_ms())
                    erased.update(done.session_uids)
                    retired.add(victim.name)
            finally:
                store.close()
            held = n % 3 == 0  # the round waits inside its server transaction, for sure
            if held:
                admin.execute(LOCK)
            child = subprocess.Popen(
                [sys.executable, "-m", "tests.sync_child", str(folder), url],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                cwd=ROOT,
            )
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0, 0.25))
            if n % 5 == 4:  # the connection cut by the server, not the process killed
                if held:  # once the round waits inside its transaction
                    while not waiting_for_the_lock(admin):
                        time.sleep(0.02)
                for pid in backends_of_anna(admin):
                    admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            else:
                child.kill()
            child.wait(timeout=60)
            if held:
                admin.execute("SELECT pg_advisory_unlock_all()")
            rest = child.stdout.read().split()
            outcomes[rest[-1] if rest else "killed"] += 1
            child.stdout.close()
            assert child.stderr is not None
            child.stderr.close()
    # Then each machine syncs in peace, twice round.
    for _ in range(2):
        for machine in MACHINES:
            store = open_store(database(folders[machine]))
            try:
                with psycopg.connect(url) as conn:
                    report = sync(store, folders[machine], conn, 1_800_000_000_000)
                assert report.differences == ()
            finally:
                store.close()
    expected = {uid: n for uid, n in added.items() if uid not in erased}
    print(f"rounds: {dict(outcomes)}; sessions {len(added)}, erased {len(erased)}")
    assert outcomes["killed"] + outcomes["cut"] >= ROUNDS // 3  # the held rounds, at least
    assert server_sessions(practice) == expected
    for machine in MACHINES:
        assert local_sessions(folders[machine]) == expected, machine
