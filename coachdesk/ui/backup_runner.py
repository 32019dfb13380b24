"""Backups and the start-up check, on a worker thread: never in the way of a tally.

The work itself is the :class:`~coachdesk.domain.ports.BackupService`'s (each call opens its own
connection); this module only moves it off the UI thread and brings the outcome back as
signals, delivered on the UI thread.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from coachdesk.domain.errors import BackupFailed, CoachdeskError
from coachdesk.domain.ports import BackupService
from coachdesk.domain.rotation import Policy

#: How often the app looks whether today's backup is due.
DAILY_CHECK_MS = 60 * 60 * 1000
DAY_MS = 24 * 60 * 60 * 1000
#: When the database was in use at the check, how long until it is checked again.
RECHECK_MS = 30 * 1000


class WorkerJob(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        # Python's cycle collector runs in whichever thread happens to allocate. On this
        # worker it could destroy Qt objects of the UI thread (left over from closed windows),
        # which Qt forbids ("Timers cannot be stopped from another thread"): it waits while a
        # job runs, and collects on the UI thread afterwards.
        gc.disable()
        try:
            self._work()
        finally:
            gc.enable()


def _always() -> bool:
    return True


class BackupRunner(QObject):
    """Makes backups (after a session ends, once a day) and runs the start-up check."""

    #: A backup was made and the rotation pruned: the BackupInfo.
    made = Signal(object)
    #: A backup failed: a message for the coach.
    failed = Signal(str)
    #: The start-up check finished: a list of what is wrong (empty: all is well).
    checked = Signal(list)
    #: The check could not run just now (the file is in use): why. From the worker.
    _postponed = Signal(str)

    def __init__(
        self, service: BackupService, policy: Policy, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.policy = policy
        self.busy = False
        #: A backup was asked for while one ran: it follows at once.
        self._again = False
        self._lock = threading.Lock()  # busy and _again, between this thread and the worker
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one backup at a time
        self._daily = QTimer(self)
        self._daily.setInterval(DAILY_CHECK_MS)
        self._daily.timeout.connect(self.back_up_if_due)
        self._postponed.connect(self._on_postponed)  # queued: handled on this thread

    def check(self) -> None:
        """``quick_check`` the database on the worker; ``checked`` tells the outcome. A file
        that is in use or cannot be read just now is no finding: ``failed`` says so, and the
        check runs again a little later (until then the file itself is not written)."""
        self._start(self._check_job)

    def _check_job(self) -> None:
        try:
            found = self._safely_check()
        except BackupFailed as e:
            self._postponed.emit(str(e))
            return
        self.checked.emit(found)

    def _on_postponed(self, message: str) -> None:
        self.failed.emit(message)
        QTimer.singleShot(RECHECK_MS, self, self.check)

    def _safely_check(self) -> list[str]:
        try:
            return self.service.check()
        except BackupFailed:
            raise  # in use, or unreadable for now: not damage
        except Exception as e:  # an unreadable file is a finding, not a crash
            return [str(e)]

    def start_daily(self) -> None:
        """From now on, a backup once a day (the first one at once when none is recent)."""
        self._daily.start()
        self.back_up_if_due()

    def back_up_if_due(self) -> None:
        def due() -> bool:
            newest = self.service.backups()[:1]
            return not newest or time.time() * 1000 - newest[0].taken_at_ms >= DAY_MS

        self._back_up(due)

    def back_up_now(self) -> None:
        """A backup now (after a session ends, or asked for), then the rotation. If one is
        under way, another follows it: what was recorded meanwhile is in a backup too."""
        self._back_up(lambda: True, again_if_busy=True)

    def _back_up(self, wanted: Callable[[], bool], *, again_if_busy: bool = False) -> None:
        with self._lock:
            if self.busy:
                self._again = self._again or again_if_busy
                return
            self.busy = True

        def work() -> None:
            decide = wanted
            while True:
                self._one_backup(decide, self.policy)
                with self._lock:
                    if not self._again:
                        self.busy = False
                        return
                    self._again = False
                decide = _always

        self._start(work)

    def _one_backup(self, wanted: Callable[[], bool], policy: Policy) -> None:
        try:
            if wanted():
                info = self.service.make()
                self.service.prune(policy)
                self.made.emit(info)
        except CoachdeskError as e:
            self.failed.emit(str(e))
        except OSError as e:
            self.failed.emit(str(e))

    def _start(self, work: Callable[[], None]) -> None:
        self._pool.start(WorkerJob(work))

    def wait(self) -> None:
        """Wait for the work started (for quitting, and for tests)."""
        self._pool.waitForDone()

    def stop(self) -> None:
        """No more daily backups; the work started finishes first (for quitting)."""
        self._daily.stop()
        self.wait()
