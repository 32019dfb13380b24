"""Opens a database with another set of migrations, in a child process, for the test that
kills an upgrade half-way.

Usage: python -m tests.migrate_child DATABASE MIGRATIONS SCHEMA_VERSION
"""

from __future__ import annotations

import sys
from pathlib import Path

from coachdesk.store import open_store, opening


def main() -> None:
    opening.MIGRATIONS = sys.argv[2]
    opening.SCHEMA_VERSION = int(sys.argv[3])
    open_store(Path(sys.argv[1])).close()
    print("done", flush=True)


if __name__ == "__main__":
    main()
