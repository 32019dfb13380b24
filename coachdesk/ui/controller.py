"""The one Qt bridge between the live session and the widgets.

Widgets call the controller; the controller calls the domain, and re-emits what changed as a
signal. A refused or failed call becomes ``failed(message)``; nothing else changes then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from coachdesk.domain.agreed_actions import AgreedAction, Outcome
from coachdesk.domain.clock import Clock, SystemClock
from coachdesk.domain.errors import CoachdeskError
from coachdesk.domain.gap import GapWatch
from coachdesk.domain.model import (
    Coachee,
    Marker,
    SchemeRef,
    SessionId,
    SessionRecord,
    TallyKindId,
)
from coachdesk.domain.ports import SessionStore
from coachdesk.domain.recorder import (
    Change,
    GapFound,
    LiveSession,
    State,
    TallyWaiting,
    end_at_last_tally,
)

if TYPE_CHECKING:  # the schemes are read when the picker offers them
    from coachdesk.domain.schemes import Scheme

#: How often the reached active time is stored, so a crash loses at most this much.
CHECKPOINT_MS = 15_000
#: How often tallies that could not be written (a full disk) are tried again.
RETRY_MS = 2_000
#: How often the machine's two clocks are compared, to find a suspend gap.
GAP_CHECK_MS = 2_000


class SessionController(QObject):
    """Owns the live session (if any) and survives a rebuild of the window."""

    started = Signal()
    changed = Signal(object)  # a coachdesk.domain.recorder.Change
    failed = Signal(str)

    def __init__(
        self,
        store: SessionStore,
        clock: Clock,
        parent: QObject | None = None,
        machine_clock: Clock | None = None,
    ) -> None:
        """``machine_clock`` (the system's, unless a test gives another) is the one compared
        to find a suspend gap; ``clock`` times the session."""
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.gap_watch = GapWatch(machine_clock or SystemClock())
        self._gap_check = QTimer(self)
        self._gap_check.setInterval(GAP_CHECK_MS)
        self._gap_check.timeout.connect(self.check_gap)
        self.session: LiveSession | None = None
        self._checkpoint = QTimer(self)
        self._checkpoint.setInterval(CHECKPOINT_MS)
        self._checkpoint.timeout.connect(self.checkpoint)
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.retry)

    def start(
        self, coachee_name: str, planned_minutes: int | None, scheme: SchemeRef | None = None
    ) -> str | None:
        """Start a session (with the scheme version ``scheme``, None for the Balance scheme's
        first); return None, or the message saying why it was refused."""
        try:
            self.session = LiveSession.start(
                self.store, self.clock, coachee_name, planned_minutes, scheme
            )
        except CoachdeskError as e:
            return str(e)
        self._begin()
        return None

    def open_record(self) -> SessionRecord | None:
        """The session left open by an earlier run, if any."""
        return self.store.open_session()

    def coachees(self) -> list[Coachee]:
        return self.store.coachees()

    def schemes(self) -> list[Scheme]:
        """The schemes a new session may use: the newest version of each."""
        from coachdesk.domain.scheme_presets import offered

        return offered(self.store.schemes())

    def last_scheme_of(self, coachee_name: str | None) -> str | None:
        """The scheme the coachee's latest session used (None: anyone's latest)."""
        return self.store.last_scheme_of(coachee_name)

    def resume_recovered(self) -> None:
        """Take up the session left open, where its stored time stopped."""

        def recover() -> None:
            record = self.store.open_session()
            if record is not None:
                self.session = LiveSession.recover(self.store, self.clock, record)

        if self._attempt(recover) and self.session is not None:
            self._begin()

    def end_recovered(self) -> bool:
        """End the session left open at its last tally; True once none is open."""

        def end() -> None:
            record = self.store.open_session()
            if record is not None:
                end_at_last_tally(self.store, record)

        return self._attempt(end)

    def tally(self, kind_id: TallyKindId, detail: str | None = None) -> None:
        if self.session is not None:
            self._emit(lambda s: s.tally(kind_id, detail))

    def undo(self) -> None:
        self._emit(lambda s: s.undo())

    def redo(self) -> None:
        self._emit(lambda s: s.redo())

    def toggle_pause(self) -> None:
        self._emit(lambda s: s.pause() if s.state is State.RUNNING else s.resume())

    def end(self) -> None:
        self._emit(lambda s: s.end())
        self._stop_if_ended()

    def end_at_last_tally(self) -> None:
        """End a session the coach forgot to end, at its last tally."""
        self._emit(lambda s: s.end_at_last_tally())
        self._stop_if_ended()

    def mark(self) -> None:
        """Mark this moment (stored before it is shown)."""
        self._emit(lambda s: s.mark())

    def note_marker(self, marker: Marker, note: str) -> None:
        self._emit(lambda s: s.note_marker(marker, note))

    def remove_marker(self, marker: Marker) -> None:
        self._emit(lambda s: s.remove_marker(marker))

    def follow_up(self) -> list[AgreedAction]:
        """The actions the coachee agreed last time, to be marked in this session (none,
        with ``failed``, if they cannot be read)."""
        if self.session is None:
            return []
        found: list[AgreedAction] = []
        self._attempt(lambda: found.extend(self.store.actions_to_follow_up(self.session_id())))
        return found

    def mark_action(self, action: AgreedAction, outcome: Outcome) -> bool:
        """Store how ``action`` came back; False (and ``failed``) if it was not stored."""
        return self._attempt(lambda: self.store.set_outcome(action.id, outcome))

    def session_id(self) -> SessionId:
        assert self.session is not None
        return self.session.id

    def check_gap(self) -> None:
        """Compare the machine's clocks (also every GAP_CHECK_MS while a session is open); a
        gap in a running session is emitted as ``GapFound``, to be answered by the coach."""
        gap = self.gap_watch.check()
        if gap is not None:
            self._emit(lambda s: s.note_gap(gap))

    def settle_gap(self, found: GapFound, counted: bool) -> None:
        """The coach's answer: whether the gap counts as session time."""
        self._emit(lambda s: s.settle_gap(found, counted))

    def _stop_if_ended(self) -> None:
        if self.session is not None and self.session.ended:
            self._checkpoint.stop()
            self._gap_check.stop()

    def close(self) -> None:
        """Stop the timers, before the store closes: a session left running stays as stored."""
        self._checkpoint.stop()
        self._retry.stop()
        self._gap_check.stop()

    def retry(self) -> None:
        """Try again to write the tallies that wait (also every RETRY_MS while any do)."""
        session = self.session
        if session is None:
            return
        for change in session.retry():
            self.changed.emit(change)
        self._watch_waiting()

    def waiting(self) -> int:
        """Tallies shown as waiting: made, but not on disk yet."""
        return 0 if self.session is None else self.session.waiting()

    def _watch_waiting(self) -> None:
        if self.waiting():
            self._retry.start()
        else:
            self._retry.stop()

    def _begin(self) -> None:
        self._checkpoint.start()
        self.gap_watch.check()  # a fresh start: what came before the session is not its gap
        self._gap_check.start()
        self.started.emit()

    def _emit(self, call: Callable[[LiveSession], Change | None]) -> None:
        session = self.session
        if session is None:
            return
        try:
            change = call(session)
        except CoachdeskError as e:
            self.failed.emit(str(e))
            return
        if change is not None:
            self.changed.emit(change)
        if isinstance(change, TallyWaiting) or self._retry.isActive():
            self._watch_waiting()

    def _attempt(self, call: Callable[[], object]) -> bool:
        try:
            call()
        except CoachdeskError as e:
            self.failed.emit(str(e))
            return False
        return True

    def checkpoint(self) -> None:
        """Store the active time reached (also every CHECKPOINT_MS while a session runs)."""
        if self.session is not None:
            self._attempt(self.session.checkpoint)
