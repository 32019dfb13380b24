"""Hands a result from a worker thread to the GUI thread, as a queued Qt signal."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Signal


class Handover(QObject):
    """``done(future)`` is emitted in the GUI thread once ``future`` has finished."""

    done = Signal(object)

    def watch(self, future: Future[Any]) -> None:
        # Connect to ``done`` before calling this: a finished future calls back at once.
        future.add_done_callback(self.done.emit)
