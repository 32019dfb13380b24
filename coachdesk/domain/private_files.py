"""Files coachdesk writes (exports, reports, archives, backups): private to the user (0600,
folders 0700) whatever the umask, put in place whole or not at all, and synced to disk."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _

FILE_MODE = 0o600
DIR_MODE = 0o700


def new_private_file(path: Path) -> Path:
    """Create ``path`` empty and private (0600); it must not exist yet."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    return path


def fsync_path(path: Path) -> None:
    """Flush a file (or, on POSIX, a folder's entries) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable, where the platform allows it."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):  # some file systems cannot sync a folder
        fsync_path(folder)


def _cannot_write(target: Path, error: OSError) -> InvalidInput:
    return InvalidInput(
        _("Cannot write {path}: {error}").format(path=target, error=error.strerror or error)
    )


@contextmanager
def private_file(target: Path) -> Iterator[Path]:
    """A private empty file beside ``target`` to write into; moved onto ``target`` when the
    block ends without error, removed otherwise (an old ``target`` stays whole)."""
    import tempfile  # here: the store imports this module on the start-up path

    target = target.absolute()
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        os.close(fd)
    except OSError as e:
        raise _cannot_write(target, e) from e
    tmp = Path(name)
    try:
        os.chmod(tmp, FILE_MODE)
        yield tmp
        os.chmod(tmp, FILE_MODE)  # a writer that recreated the file kept the umask's mode
        os.replace(tmp, target)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise _cannot_write(target, e) from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class FolderOrZip:
    """Collects files in a private folder beside the target, then puts them in place as a
    folder (``target`` must not exist yet) or, for a ``.zip`` target, as one zip file."""

    def __init__(self, target: Path) -> None:
        self.target = target.absolute()
        self.zipped = self.target.suffix.lower() == ".zip"
        if not self.zipped and self.target.exists():
            raise InvalidInput(
                _("{path} already exists; choose a new folder name.").format(path=self.target)
            )
        import tempfile

        try:
            self.folder = Path(
                tempfile.mkdtemp(dir=self.target.parent, prefix=f".{self.target.name}.")
            )
        except OSError as e:
            raise _cannot_write(self.target, e) from e

    def path(self, name: str) -> Path:
        """Where to write the file ``name`` (its writer need not care about modes)."""
        return self.folder / name

    def add(self, name: str, data: bytes) -> None:
        fd = os.open(self.path(name), os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as out:
            out.write(data)

    def commit(self) -> Path:
        import zipfile

        try:
            for child in self.folder.iterdir():
                os.chmod(child, FILE_MODE)
            if not self.zipped:
                os.chmod(self.folder, DIR_MODE)
                os.rename(self.folder, self.target)
                return self.target
            with (
                private_file(self.target) as tmp,
                zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zipped,
            ):
                for child in sorted(self.folder.iterdir()):
                    zipped.write(child, child.name)
            self.discard()
            return self.target
        except OSError as e:
            self.discard()
            raise _cannot_write(self.target, e) from e

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
