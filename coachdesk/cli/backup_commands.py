"""``coachdesk backup`` and ``coachdesk restore``: the command line's way to the backups.

Neither needs a display. A restore takes the same lock as the app, so it never replaces a
database that a running coachdesk holds open.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.domain import i18n
from coachdesk.domain.errors import DatabaseRefused, InvalidInput
from coachdesk.domain.paths import Paths
from coachdesk.wiring.unlocking import database_key

if TYPE_CHECKING:
    from coachdesk.store.cipher import DatabaseKey


def backup(where: Paths, out: str | None) -> int:
    """A verified backup, into ``out`` or the backup folder."""
    from coachdesk.store.backup import make_backup
    from coachdesk.store.opening import check_writable

    database = where.database
    if not database.exists():
        raise DatabaseRefused(
            i18n._("There is no coachdesk database at {path} yet.").format(path=database)
        )
    # SQLite reads a database in WAL mode only where it may write beside it; and by default
    # the backup goes into the data folder.
    check_writable(where.data_dir, database)
    target = None if out is None else Path(out).absolute()
    if target is not None and (
        target.parent.resolve() == database.parent.resolve()
        and target.name in {database.name, f"{database.name}-wal", f"{database.name}-shm"}
    ):
        raise InvalidInput(i18n._("A backup cannot be written over the database itself."))
    if target is not None and not target.parent.is_dir():
        raise InvalidInput(
            i18n._(
                "The folder {path} does not exist: create it first, or write somewhere else."
            ).format(path=target.parent)
        )
    info = make_backup(database, target, key=database_key(where))
    print(
        i18n._("Backed up to {path} ({holds}), verified.").format(
            path=info.path, holds=info.holds()
        ),
        file=sys.stderr,
    )
    return 0


def restore(where: Paths, file: str) -> int:
    """Put a verified backup in place of the database, keeping the current data first."""
    from coachdesk.cli.data_folder import data_folder_held
    from coachdesk.domain.errors import BackupRefused
    from coachdesk.store.backup import verify
    from coachdesk.store.cipher import key_for_copy
    from coachdesk.store.restoring import restore as restore_file

    given = Path(file).absolute()
    if not given.is_file():
        raise InvalidInput(i18n._("There is no file {path}.").format(path=given))
    key = database_key(where)  # the database's, if it is encrypted
    try:
        copy_key = key_for_copy(given, where.database, key)
    except DatabaseRefused as e:
        raise BackupRefused(str(e)) from e
    verify(given, key=copy_key)  # before anything else: a file that is not a backup changes nothing
    with data_folder_held(where):
        done = restore_file(given, where.database, key=key)
        erased_again = done.restored.coachees - _coachees_in(where, key, done.restored.coachees)
    print(
        i18n._("Restored {path} ({holds}).").format(path=given, holds=done.restored.holds()),
        file=sys.stderr,
    )
    if erased_again > 0:
        print(
            i18n.ngettext(
                "{n} coachee erased after this backup was made was erased from it again.",
                "{n} coachees erased after this backup was made were erased from it again.",
                erased_again,
            ).format(n=erased_again),
            file=sys.stderr,
        )
    if done.kept is not None:
        print(
            i18n._("The data it replaced is kept in {path}.").format(path=done.kept.path),
            file=sys.stderr,
        )
    if done.moved_aside is not None:
        print(
            i18n._("The damaged database was moved to {path}.").format(path=done.moved_aside),
            file=sys.stderr,
        )
    return 0


def _coachees_in(where: Paths, key: DatabaseKey | None, done_coachees: int) -> int:
    """How many coachees the database holds (after a restore: the backup's, less those
    erased again); the backup's count when it cannot be read now, so nothing is claimed."""
    from coachdesk.store.backup import table_counts_of
    from coachdesk.store.connection import errors

    try:
        return table_counts_of(where.database, key).get("coachee", 0)
    except errors():
        return done_coachees
