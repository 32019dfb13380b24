"""The backup folder and the names of the copies in it: the rotation's timestamped backups and
the copy of the current data a restore keeps first. Knows names only; opens no file."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

#: The folder, beside the database, where backups live: the one place that says so.
BACKUP_FOLDER = "backups"


#: How the rotation's backups are named: only these are listed, restored from and pruned.
_NAME = re.compile(r"^coachdesk-(\d{8}-\d{6})Z(?:-(\d+))?\.sqlite3$")


#: The copy of the current data a restore keeps first: outside the rotation, never pruned.
_BEFORE_RESTORE = re.compile(r"^coachdesk-(\d{8}-\d{6})Z(?:-(\d+))?\.before-restore\.sqlite3$")


STAMP = "%Y%m%d-%H%M%S"


def backup_folder(database: Path) -> Path:
    return database.parent / BACKUP_FOLDER


def backup_name(moment: datetime, n: int = 1) -> str:
    stamp = moment.astimezone(UTC).strftime(STAMP)
    return f"coachdesk-{stamp}Z.sqlite3" if n == 1 else f"coachdesk-{stamp}Z-{n}.sqlite3"


def before_restore_name(moment: datetime, n: int = 1) -> str:
    stamp = moment.astimezone(UTC).strftime(STAMP)
    more = "" if n == 1 else f"-{n}"
    return f"coachdesk-{stamp}Z{more}.before-restore.sqlite3"


def _stamp_in(pattern: re.Pattern[str], path: Path) -> datetime | None:
    match = pattern.match(path.name)
    if match is None:
        return None
    try:
        return datetime.strptime(match.group(1), STAMP).replace(tzinfo=UTC)
    except ValueError:  # named like one, with a date that does not exist: not ours
        return None


def taken_at(path: Path) -> datetime | None:
    """When a backup in the backup folder was taken, from its name; None if not ours."""
    return _stamp_in(_NAME, path)


def kept_before_restore_at(path: Path) -> datetime | None:
    """When a restore kept this copy of the data it replaced, from its name; None if it is
    no such copy."""
    return _stamp_in(_BEFORE_RESTORE, path)


def copies_in_folder(database: Path) -> list[Path]:
    """Every file in the backup folder named as coachdesk names its backups and the copies a
    restore keeps; nothing in subfolders, no temporary ``.partial-`` file, no key file."""
    folder = backup_folder(database)
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if (taken_at(path) is not None or kept_before_restore_at(path) is not None)
        and path.is_file()
    )
