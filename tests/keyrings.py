"""Keyrings for the tests: real ``keyring`` backends (the boundary coachdesk talks to),
holding passwords in memory, or for a child process in a JSON file of the test's own (the
platform's keyring is never touched by the tests)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

#: For :class:`FileKeyring` in a child process: the file it keeps its passwords in.
FILE_VARIABLE = "COACHDESK_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    """A keyring in memory: ``kept`` maps (service, account) to the password."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def _all(self) -> dict[tuple[str, str], str]:
        return self.kept

    def _save(self) -> None:
        pass

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._all()[(service, username)] = password
        self._save()

    def delete_password(self, service: str, username: str) -> None:
        if self._all().pop((service, username), None) is None:
            raise PasswordDeleteError(username)
        self._save()


class FileKeyring(MemoryKeyring):
    """:class:`MemoryKeyring` kept in the file named by :data:`FILE_VARIABLE`, for a child
    process (``PYTHON_KEYRING_BACKEND=tests.keyrings.FileKeyring``)."""

    def _path(self) -> Path:
        return Path(os.environ[FILE_VARIABLE])

    def _all(self) -> dict[tuple[str, str], str]:
        if not self.kept and self._path().exists():
            raw = json.loads(self._path().read_text(encoding="utf-8"))
            self.kept = {(s, a): p for s, a, p in raw}
        return self.kept

    def _save(self) -> None:
        rows = [[s, a, p] for (s, a), p in self.kept.items()]
        self._path().write_text(json.dumps(rows), encoding="utf-8")


def read_file_keyring(path: Path) -> dict[tuple[str, str], str]:
    """What a child's :class:`FileKeyring` at ``path`` holds."""
    if not path.exists():
        return {}
    return {(s, a): p for s, a, p in json.loads(path.read_text(encoding="utf-8"))}


@contextmanager
def keyring_set(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    """``backend`` as this process's keyring for a while."""
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)
