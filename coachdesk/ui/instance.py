"""One running coachdesk per data dir: a lock file, and a local socket to raise the window.

``QLockFile`` holds the lock for as long as the process lives and notices a stale lock left by
a process that was killed. The local socket lets a second start ask the first to come forward.
"""

from __future__ import annotations

import getpass
import hashlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_RAISE = b"raise\n"


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(f"{getpass.getuser()}:{data_dir}".encode()).hexdigest()[:16]
    return f"coachdesk-{digest}"


class InstanceGuard(QObject):
    """Held by the first instance. ``raise_requested`` fires when a second one starts."""

    raise_requested = Signal()

    def __init__(self, lock: QLockFile, name: str) -> None:
        super().__init__()
        self._lock = lock
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        QLocalServer.removeServer(name)  # left over by a process that was killed
        self._server.listen(name)
        self._server.newConnection.connect(self._on_server_new_connection)

    def release(self) -> None:
        self._server.close()
        self._lock.unlock()

    def _on_server_new_connection(self) -> None:
        while (socket := self._server.nextPendingConnection()) is not None:
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
    socket = QLocalSocket()
    socket.connectToServer(name)
    if socket.waitForConnected(500):
        socket.write(_RAISE)
        socket.waitForBytesWritten(500)
        socket.disconnectFromServer()
    return None
