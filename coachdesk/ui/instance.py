"""One running coachdesk per data dir: a lock file, and a local socket to raise the window.

``QLockFile`` holds the lock for as long as the process lives and notices a stale lock left by
a process that was killed. The local socket (a Unix domain socket or a named pipe: nothing
that reaches a network) lets a second start ask the first to come forward; it is opened once
the app is ready, so QtNetwork's import stays off the start-up path.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

_RAISE = b"raise\n"


def server_name(data_dir: Path) -> str:
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"coachdesk-{user}-{zlib.crc32(str(data_dir).encode()):08x}"


class InstanceGuard(QObject):
    """Held by the first instance. ``raise_requested`` fires when a second one starts."""

    raise_requested = Signal()

    def __init__(self, lock: QLockFile, name: str) -> None:
        super().__init__()
        self._lock = lock
        self._name = name
        self._server: QLocalServer | None = None

    def listen(self) -> None:
        """Start answering later starts (call once the window is up)."""
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(self._name)  # left over by a process that was killed
        server.listen(self._name)
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
        self._lock.unlock()

    def _on_server_new_connection(self) -> None:
        server = self._server
        assert server is not None
        while (socket := server.nextPendingConnection()) is not None:
            socket.disconnected.connect(socket.deleteLater)
            self.raise_requested.emit()


def acquire(lock_path: Path, data_dir: Path) -> InstanceGuard | None:
    """The guard if this is the only instance; None if another one holds the data dir.

    When another instance runs, it is asked to raise its window before None is returned.
    """
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)  # a lock is stale only when its process is gone
    name = server_name(data_dir)
    if lock.tryLock(0):
        return InstanceGuard(lock, name)
    if lock.error() != QLockFile.LockError.LockFailedError:
        raise PermissionError(str(lock_path))
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if socket.waitForConnected(500):
        socket.write(_RAISE)
        socket.waitForBytesWritten(500)
        socket.disconnectFromServer()
    return None
