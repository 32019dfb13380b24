"""The passphrase on the command line: from the terminal without echo, or one line of standard
input in a script; and the key it gives for an encrypted database. Part of the composition
root (it reaches into the store), shared by every command that reads the database."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from coachdesk.domain import i18n, paths
from coachdesk.domain.errors import InvalidInput

if TYPE_CHECKING:
    from coachdesk.store import DatabaseKey


def read_passphrase(prompt: str) -> str:
    """From the terminal without echo, or one line of standard input when it is not one."""
    if sys.stdin.isatty():
        import getpass  # only when a passphrase is asked for

        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise InvalidInput(i18n._("No passphrase was given on standard input."))
    return line.rstrip("\r\n")


def database_key(where: paths.Paths) -> DatabaseKey | None:
    """The key for an encrypted database, from the coach's passphrase; None if it is plain.

    Raises:
        WrongPassphrase: the passphrase does not match; nothing was opened.
    """
    from coachdesk.store.cipher import locked, unlock

    key_file = locked(where.database)
    if key_file is None:
        return None
    return unlock(key_file, read_passphrase(i18n._("Passphrase: ")))
