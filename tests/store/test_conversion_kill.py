"""SIGKILL during a conversion: the database is always the old one or the new one, whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coachdesk.store import open_store
from coachdesk.store.cipher import locked
from tests.cryptdata import PASSPHRASE, content, fill, grow, key_for

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 12


def convert_and_kill(database: Path, delay_s: float) -> bool:
    """Run one conversion in a child and SIGKILL it after ``delay_s``; True if it finished."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.convert_child", str(database), PASSPHRASE],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    assert child.stdout.readline() == b"ready\n"  # imports done: the clock starts here
    try:
        child.wait(timeout=delay_s)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=60)
    assert child.returncode in (-signal.SIGKILL, 0), err.decode()
    return b"done" in out


@pytest.mark.slow
def test_a_conversion_killed_at_any_moment_leaves_a_usable_database(tmp_path: Path) -> None:
    random.seed(20261201)
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, [(f"coachee {n}", "note " * 200) for n in range(40)], tallies_each=1)
    grow(database, 150_000)  # a few MB: a conversion takes long enough to be cut short
    before = content(database)
    started = time.monotonic()
    assert convert_and_kill(database, 30.0)  # one whole conversion, to time the rounds
    whole = time.monotonic() - started
    finished = 0
    for _ in range(ROUNDS):
        finished += convert_and_kill(database, random.uniform(0, whole))
        key = key_for(database) if locked(database) is not None else None
        assert content(database, key) == before
        store = open_store(database, key=key)  # as the app would, leftovers and all
        assert len(store.coachees()) == 40
        store.close()
    assert finished < ROUNDS, "every round finished: the kills came too late to test anything"
    assert not list(database.parent.glob(".coachdesk.sqlite3.convert-*"))  # open_store tidied
