"""Sync with the practice server on a worker thread: after each session, on a timer while the
app runs and when the coach asks; never in the way of a tally or of the window.

The work is the :class:`~coachdesk.domain.ports.PracticeService`'s (each call opens its own
connections); this module moves it off the UI thread, brings the outcome back as signals
delivered on the UI thread, and retries a failed round later. The password, when the
server needs one, is kept in memory for this run, and in this computer's keyring only when
the coach chose that (:attr:`PracticeRunner.keep_password`): then a round that has no
password yet takes the keyring's, on the worker (a keyring may take its time to unlock).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

from coachdesk.domain.errors import CoachdeskError, KeyringUnavailable, PracticeLoginRefused
from coachdesk.domain.i18n import _
from coachdesk.domain.ports import PracticeService
from coachdesk.domain.practice import (
    SYNC_EVERY_MS,
    Difference,
    SyncOutcome,
    local_zone,
    retry_after,
)
from coachdesk.ui.backup_runner import WorkerJob


def _always() -> bool:
    return True


class PracticeRunner(QObject):
    """Runs rounds of sync and the other calls to the practice server, one at a time."""

    #: A round finished: the SyncOutcome.
    synced = Signal(object)
    #: A round failed (it is retried later): a message for the coach.
    failed = Signal(str)
    #: Connected: the URL kept. / Could not connect: why.
    connected = Signal(str)
    connect_failed = Signal(str)
    #: The supervisor's overview: a list of OverviewRow. / Could not get it: why.
    overview_ready = Signal(list)
    overview_failed = Signal(str)
    #: The URL or the choice of what goes up changed: (url or None, notes); to be saved.
    settings_changed = Signal(object, bool)
    #: A difference was settled: the session's uid, whether this computer's copy was kept
    #: (else the server's replaced it here). / Could not settle it: why.
    settled = Signal(str, bool)
    settle_failed = Signal(str)
    #: Whether a round is under way.
    busy_changed = Signal(bool)
    #: The differences to settle kept from before this start were read back into ``last``.
    listed = Signal()
    #: Whether the password is kept in the keyring changed (the coach's choice, or no
    #: keyring usable): to be saved.
    keyring_changed = Signal(bool)
    #: The keyring now holds the password (True) or no longer does (False).
    keyring_done = Signal(bool)
    #: No keyring is usable, or it refused: why (the password is asked at each start).
    keyring_failed = Signal(str)
    #: From the worker (queued: handled on this object's thread).
    #: The outcome, and the URL and password the round used.
    _round_done = Signal(object, str, object)
    _round_failed = Signal(str, bool)  # why; whether the login was refused
    _went_idle = Signal()  # the worker let go of the last round asked for
    _login_checked = Signal(str, object)  # the URL to keep, the password that worked
    _settle_done = Signal(str, bool, bool)  # uid, kept here, whether it was still there
    _keyring_refused = Signal(str)  # why the keyring could not keep or delete it
    _keyring_kept = Signal(str, object)  # the URL, the password it holds now (None: deleted)
    _password_recalled = Signal(str, str)  # the URL, the keyring's password for it
    _listed_read = Signal(object)  # the differences kept from before this start

    def __init__(
        self,
        service: PracticeService,
        url: str | None,
        notes: bool,
        parent: QObject | None = None,
        *,
        keep_password: bool = False,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.url = url
        self.notes = notes
        #: Whether the password is kept in this computer's keyring (the coach's choice).
        self.keep_password = keep_password
        self._password: str | None = None
        #: The password the keyring holds for the URL, as far as this run knows.
        self._kept: str | None = None
        #: The server refused the login with this password: no round on the timer until
        #: the coach gives another (or asks for one).
        self.login_refused = False
        #: Whether a round may start now (not during a session: one follows its end).
        self.may_sync: Callable[[], bool] = _always
        self.last: SyncOutcome | None = None
        self.busy = False
        self._again = False
        self._failures = 0
        self._lock = threading.Lock()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one call to the server at a time
        self._timer = QTimer(self)
        self._timer.setInterval(SYNC_EVERY_MS)
        self._timer.timeout.connect(self.sync_if_idle)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.sync_if_idle)
        self._round_done.connect(self._on_round_done)
        self._round_failed.connect(self._on_round_failed)
        self._went_idle.connect(self._on_went_idle)
        self._login_checked.connect(self._on_login_checked)
        self._settle_done.connect(self._on_settle_done)
        self._keyring_refused.connect(self._on_keyring_refused)
        self._keyring_kept.connect(self._on_keyring_kept)
        self._password_recalled.connect(self._on_password_recalled)
        self._listed_read.connect(self._on_listed_read)

    @property
    def password(self) -> str | None:
        """The server's password for this run (asked in Settings > Practice server…); None:
        the URL, libpq's password file or the socket's own check suffices."""
        return self._password

    @password.setter
    def password(self, password: str | None) -> None:
        self._password = password
        self.login_refused = False

    def start(self) -> None:
        """Read the last round's outcome, and from now on sync on the timer (when
        connected)."""
        self.last = self.service.last_sync()  # a small file in the data folder
        if self.last is not None:
            # The differences still to settle: read on the worker (the database is opened),
            # before any round (one at a time, in order), which would list them anew.

            def work() -> None:
                try:
                    self._listed_read.emit(self.service.listed())
                except CoachdeskError as e:
                    self.failed.emit(str(e))

            self._start(work)
        if self.url is not None:
            self._timer.start()

    def _on_listed_read(self, found: tuple[Difference, ...]) -> None:
        if self.last is not None and found:
            self.last = replace(self.last, to_settle=found)
            self.listed.emit()

    def sync_if_idle(self) -> None:
        """A round now, unless a session is running (its end brings one)."""
        if self.may_sync() and not self.login_refused:
            self.sync_now()

    def sync_now(self) -> None:
        """A round now; if one is under way, another follows it."""
        url = self.url
        if url is None:
            return
        with self._lock:
            if self.busy:
                self._again = True
                return
            self.busy = True
        self._retry.stop()
        self.busy_changed.emit(True)
        password, notes = self.password, self.notes

        def work() -> None:
            nonlocal password
            try:
                while True:
                    if password is None and self.keep_password:
                        password = self._recall(url)
                    try:
                        outcome = self.service.sync(url, password, notes=notes)
                        self._round_done.emit(outcome, url, password)
                    except CoachdeskError as e:
                        self._round_failed.emit(str(e), isinstance(e, PracticeLoginRefused))
                    except OSError as e:
                        self._round_failed.emit(e.strerror or str(e), False)
                    with self._lock:
                        if not self._again:
                            break
                        self._again = False
            finally:
                # Whatever ended the round, sync is not left held for the rest of the run.
                with self._lock:
                    self.busy = False
                # After the outcome (queued in order): a slot that saw busy still set by this
                # worker learns here that it is over.
                self._went_idle.emit()

        self._start(work)

    def _on_round_done(self, outcome: SyncOutcome, url: str, used: str | None) -> None:
        self._failures = 0
        self.last = outcome
        self.synced.emit(outcome)
        # The password this round used worked (not what the field holds now, which may be
        # half typed): kept in the keyring if it is new there.
        if self.keep_password and url == self.url and used not in (None, self._kept):
            self._keep(url, used)

    def _recall(self, url: str) -> str | None:
        """On the worker: the keyring's password for ``url`` (None: none, or no keyring)."""
        try:
            found = self.service.recall_password(url)
        except KeyringUnavailable as e:
            # Said, but the choice stands: a keyring locked now may open at the next start.
            self.keyring_failed.emit(str(e))
            return None
        if found is not None:
            self._password_recalled.emit(url, found)
        return found

    def _on_password_recalled(self, url: str, password: str) -> None:
        self._kept = password
        if url == self.url and self._password is None:
            self._password = password  # not through the setter: a refusal stands

    def _keep(self, url: str, password: str | None) -> None:
        """Keep ``password`` for ``url`` in the keyring (None: delete it there), on the
        worker; ``keyring_done`` or ``keyring_failed`` tells the outcome."""

        def work() -> None:
            try:
                if password is None:
                    self.service.forget_password(url)
                else:
                    self.service.remember_password(url, password)
            except KeyringUnavailable as e:
                self._keyring_refused.emit(str(e))
                return
            self._keyring_kept.emit(url, password)

        self._start(work)

    def _on_keyring_kept(self, _url: str, password: str | None) -> None:
        self._kept = password
        self.keyring_done.emit(password is not None)

    @property
    def kept_in_keyring(self) -> bool:
        """Whether this run found (or put) the password in the keyring."""
        return self.keep_password and self._kept is not None

    def _on_keyring_refused(self, message: str) -> None:
        if self.keep_password:
            self.keep_password = False  # asked at each start, as without a keyring
            self.keyring_changed.emit(False)
        self.keyring_failed.emit(message)

    def choose_keyring(self, keep: bool) -> None:
        """Keep the password in this computer's keyring from now on (``keep``), or not:
        then the one kept there is deleted."""
        if keep == self.keep_password:
            return
        self.keep_password = keep
        self.keyring_changed.emit(keep)
        if self.url is None:
            return
        if not keep:
            self._keep(self.url, None)
        elif self._password is not None:
            self._keep(self.url, self._password)

    def _on_went_idle(self) -> None:
        if not self.busy:
            self.busy_changed.emit(False)

    def _on_round_failed(self, message: str, refused: bool) -> None:
        self._failures += 1
        if refused:
            # Tried again only with another password: the same one would be refused again.
            self.login_refused = True
            message += " " + _("Give the password in Settings > Practice server….")
        self.failed.emit(message)
        if self.url is not None and not refused:
            self._retry.start(retry_after(self._failures))

    def connect_to(self, url: str, password: str | None) -> None:
        """Log in to ``url`` as a coach (on the worker); once it worked, sync with it from
        now on (the first round follows at once). ``connected`` or ``connect_failed`` tells
        the outcome."""

        def work() -> None:
            try:
                kept, works = self.service.connect(url, password)
            except CoachdeskError as e:
                self.connect_failed.emit(str(e))
                return
            self._login_checked.emit(kept, works)

        self._start(work)

    def _on_login_checked(self, url: str, password: str | None) -> None:
        if self.keep_password and password is not None:
            self._keep(url, password)  # before the first round, which may then recall it
        self.use(url, password)
        self.connected.emit(url)

    def use(self, url: str | None, password: str | None) -> None:
        """Sync with ``url`` from now on (None: disconnect: no more rounds, the URL is
        forgotten, and so is a password kept for it in the keyring; what is on the server
        stays there)."""
        if url is None and self.url is not None and self.keep_password:
            self._keep(self.url, None)
        self.url = url
        self.password = password if url is not None else None
        self._failures = 0
        self._retry.stop()
        if url is None:
            self._timer.stop()
        else:
            self._timer.start()
        self.settings_changed.emit(url, self.notes)
        if url is not None:
            self.sync_now()

    def choose_notes(self, notes: bool) -> None:
        """What goes up from the next round on: everything, or everything but notes."""
        self.notes = notes
        self.settings_changed.emit(self.url, notes)

    def settle(self, uid: str, *, keep_here: bool) -> None:
        """Settle the difference in session (or coachee) ``uid`` (on the worker, after any
        round under way): ``keep_here``, this computer's copy replaces the server's; else the
        server's replaces this computer's. ``settled`` or ``settle_failed`` tells the outcome."""
        url, password, notes = self.url, self.password, self.notes
        if url is None:
            return

        def work() -> None:
            given = password
            if given is None and self.keep_password:  # no round yet in this run
                given = self._recall(url)
            try:
                there = self.service.settle(url, given, uid, keep_here=keep_here, notes=notes)
            except CoachdeskError as e:
                self.settle_failed.emit(str(e))
                return
            except OSError as e:
                self.settle_failed.emit(e.strerror or str(e))
                return
            self._settle_done.emit(uid, keep_here, there)

        self._start(work)

    def _on_settle_done(self, uid: str, keep_here: bool, _there: bool) -> None:
        # Gone from the list either way: settled now, or no longer on both sides.
        if self.last is not None:
            left = tuple(d for d in self.last.to_settle if d.uid != uid)
            self.last = replace(self.last, to_settle=left)
        self.settled.emit(uid, keep_here)

    def fetch_overview(self, url: str, password: str | None) -> None:
        """The supervisor's overview of ``url`` (on the worker), months in this machine's
        zone; ``overview_ready`` or ``overview_failed`` tells the outcome."""

        def work() -> None:
            try:
                rows = self.service.overview(url, password, local_zone())
            except CoachdeskError as e:
                self.overview_failed.emit(str(e))
                return
            self.overview_ready.emit(rows)

        self._start(work)

    def _start(self, work: Callable[[], None]) -> None:
        self._pool.start(WorkerJob(work))

    def wait(self) -> None:
        """Wait for the work started (for quitting, and for tests)."""
        self._pool.waitForDone()

    def stop(self) -> None:
        """No more rounds; a round under way finishes first (for quitting)."""
        self._timer.stop()
        self._retry.stop()
        self.wait()
