"""Child for the conversion kill test: turn encryption on or off, to be killed part-way.

Usage: python -m tests.convert_child DATABASE PASSPHRASE
"""

from __future__ import annotations

import sys
from pathlib import Path

from coachdesk.store.cipher import locked, unlock
from coachdesk.store.conversion import decrypt, encrypt
from tests.cryptdata import TEST_ITERATIONS


def main(database: Path, passphrase: str) -> None:
    print("ready", flush=True)
    key_file = locked(database)
    if key_file is None:
        encrypt(database, passphrase, iterations=TEST_ITERATIONS)
    else:
        decrypt(database, unlock(key_file, passphrase))
    print("done", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
