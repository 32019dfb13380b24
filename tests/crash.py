"""One round of the crash test: run a session in a child, SIGKILL it, return what it acked."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Round:
    acked: set[int]
    session_ids: set[int]


def kill_at_random(database: Path, max_delay_s: float, interval_s: float = 0.0) -> Round:
    """Start the child, kill it with SIGKILL after a random delay, and collect its acks."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_child", str(database), str(interval_s)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    time.sleep(random.uniform(0, max_delay_s))
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err.decode()
    acked: set[int] = set()
    sessions: set[int] = set()
    for line in out.decode().splitlines():
        word, *rest = line.split()
        if word == "ack" and len(rest) == 2:  # a line cut off by the kill was never shown
            acked.add(int(rest[0]))
        elif word == "session":
            sessions.add(int(rest[0]))
    return Round(acked, sessions)
