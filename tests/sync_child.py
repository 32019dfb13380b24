"""A child process that runs one sync round, to be killed: ``python -m tests.sync_child
FOLDER URL``. Prints ``ready`` once everything is imported and open, just before the round,
then ``done`` (or ``cut`` when the server went away under it)."""

from __future__ import annotations

import sys
from pathlib import Path

from coachdesk.domain.errors import PracticeServerError
from coachdesk.store import open_store
from coachdesk.store.server import sync as server_sync
from coachdesk.store.server.coach import check_login


def main() -> int:
    folder, url = Path(sys.argv[1]), sys.argv[2]
    check_login(url, None)  # loads and warms everything the round needs
    store = open_store(folder / "coachdesk.sqlite3")
    try:
        print("ready", flush=True)
        server_sync.sync_with(url, None, store, folder, 1_800_000_000_000)
    except PracticeServerError:
        print("cut", flush=True)
        return 3
    finally:
        store.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
