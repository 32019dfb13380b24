"""The backups of one database as the app sees them (the domain's ``BackupService`` port):
make, list, check, prune and restore, each call with connections of its own."""

from __future__ import annotations

from pathlib import Path

from coachdesk.domain.model import BackupInfo, Restored
from coachdesk.domain.rotation import Policy
from coachdesk.store import cipher
from coachdesk.store.backup import (
    check_database,
    list_backups,
    make_backup,
    newest_good_backup,
    prune,
)
from coachdesk.store.backup_files import backup_folder
from coachdesk.store.cipher import DatabaseKey


class Backups:
    """The backups of one database: :class:`coachdesk.domain.ports.BackupService` for the app.

    Every call opens its own connections, so it may run on a worker thread. ``key`` is the
    database's while it is encrypted (the app sets it again after turning encryption on or
    off, and a restore of a plain backup clears it).
    """

    def __init__(self, database: Path, key: DatabaseKey | None = None) -> None:
        self.database = database
        self.key = key

    @property
    def folder(self) -> str:
        return str(backup_folder(self.database))

    def make(self) -> BackupInfo:
        return make_backup(self.database, key=self.key)

    def prune(self, policy: Policy) -> int:
        return len(prune(self.database, policy))

    def backups(self) -> list[BackupInfo]:
        return list_backups(self.database, self.key)

    def newest_good(self) -> BackupInfo | None:
        return newest_good_backup(self.database, self.key)

    def check(self) -> list[str]:
        return check_database(self.database, self.key)

    def restore(self, backup: str) -> Restored:
        from coachdesk.store.restoring import restore  # not at start-up: restoring is rare

        done = restore(Path(backup), self.database, key=self.key)
        if cipher.locked(self.database) is None:
            self.key = None
        return done
