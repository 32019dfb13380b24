"""What a command that changes the data folder holds while it works: the folder's instance lock,
as a running window holds it, so no window goes on showing (or writing) what the command
changes under it. One lock for import, erase, restore, demo, encrypt and decrypt."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from coachdesk.domain import paths
from coachdesk.domain.errors import DataDirUnusable, InvalidInput
from coachdesk.domain.i18n import _


@contextmanager
def data_folder_held(where: paths.Paths) -> Iterator[None]:
    """Hold the data folder's instance lock for the block. A window running with the folder
    is asked to come forward, and the command refused.

    Raises:
        InvalidInput: a coachdesk window runs with the folder; nothing was changed.
        DataDirUnusable: the folder or its lock file cannot be made or written.
    """
    from coachdesk.ui.instance import acquire

    try:
        paths.ensure_private_dir(where.data_dir)
    except OSError as e:
        raise DataDirUnusable(
            _("coachdesk cannot create its data folder {path}: {error}").format(
                path=where.data_dir, error=e.strerror
            )
        ) from e
    try:
        guard = acquire(where.lock_file, where.data_dir)
    except PermissionError as e:
        raise lock_file_unwritable(where) from e
    if guard is None:
        raise InvalidInput(
            _(
                "coachdesk is running with the data folder {path}: close it first. "
                "Nothing was changed."
            ).format(path=where.data_dir)
        )
    try:
        yield
    finally:
        guard.release()


def lock_file_unwritable(where: paths.Paths) -> DataDirUnusable:
    """Why the lock file could not be made: the data folder (or the file) cannot be
    written; in the words the window uses."""
    from coachdesk.store.opening import unwritable

    return unwritable(where.data_dir, where.lock_file) or DataDirUnusable(
        _(
            "coachdesk cannot write to {path}. Check its permissions, or start "
            "coachdesk with another data folder (--data-dir)."
        ).format(path=where.lock_file)
    )
