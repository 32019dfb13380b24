"""A session in a child process, for the crash tests: tallies as fast as it can, printing
``ack <tally id> <count>`` after each commit (the moment the app would show the count).

Usage: python -m tests.crash_child DATABASE [INTERVAL_S]
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from coachdesk.domain.clock import SystemClock
from coachdesk.domain.recorder import LiveSession, TallyAdded
from coachdesk.store import open_store


def main() -> None:
    store = open_store(Path(sys.argv[1]))
    interval = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    clock = SystemClock()
    record = store.open_session()
    if record is None:
        session = LiveSession.start(store, clock, "Crash test coachee", 60)
    else:
        session = LiveSession.recover(store, clock, record)
    print(f"session {session.id}", flush=True)
    kinds = [k for k in session.kinds if k.detail is None]
    while True:
        kind = random.choice(kinds)
        added = session.tally(kind.id)
        if isinstance(added, TallyAdded):  # a waiting tally is not shown as counted
            print(f"ack {added.tally.id} {added.count}", flush=True)
        if interval:
            time.sleep(random.uniform(0, 2 * interval))


if __name__ == "__main__":
    main()
