"""The Qt bridge for reviewing one ended session: its figures, notes and corrections.

Widgets read the session through this controller and change it only through it; each change
is committed by the domain's :class:`~coachdesk.domain.record_editor.RecordEditor` before
``changed`` is emitted. A refused change becomes ``failed(message)`` and changes nothing.

It is made at start-up, before the coachee picker shows; the domain modules a review needs
are imported when a session is first opened.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, QObject, Signal

from coachdesk.domain.errors import CoachdeskError

if TYPE_CHECKING:
    from coachdesk.domain.agreed_actions import AgreedAction
    from coachdesk.domain.balance import Balance
    from coachdesk.domain.clock import Clock
    from coachdesk.domain.model import (
        Coachee,
        MarkerId,
        SessionId,
        SessionRecord,
        SessionSummary,
        Tally,
        TallyId,
        TallyKind,
        TallyKindId,
    )
    from coachdesk.domain.ports import ReviewStore
    from coachdesk.domain.record_editor import RecordEditor
    from coachdesk.domain.schemes import Scheme
    from coachdesk.domain.session_report import SessionReport


class ReviewController(QObject):
    opened = Signal()
    changed = Signal()  # the session's tallies or marks changed
    failed = Signal(str)

    def __init__(self, store: ReviewStore, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.record: SessionRecord | None = None
        self.kinds: list[TallyKind] = []
        self.scheme: Scheme | None = None  # the session's scheme version
        self.previous: list[Balance] = []
        self.number = 0  # the session's number among this coachee's sessions, from 1
        #: Sessions shorter than this are too short to count (the history's choice).
        self.min_active_ms = 0
        #: The coach turned on MITI's thresholds for listening sessions (off by default).
        self.thresholds = False
        self._editor: RecordEditor | None = None

    def open(self, session_id: SessionId) -> bool:
        """Load the session; False (and ``failed``) if it cannot be read."""
        from coachdesk.domain.record_editor import RecordEditor
        from coachdesk.domain.session_report import read_report

        try:
            report = read_report(
                self.store, session_id, with_notes=False, min_active_ms=self.min_active_ms
            )
        except CoachdeskError as e:
            self.failed.emit(str(e))
            return False
        self.record = report.record
        self.number = report.number
        self.kinds = list(report.kinds)
        self.scheme = report.scheme
        self.previous = list(report.previous)
        self._editor = RecordEditor(self.store, report.record, self.kinds, self.clock)
        self.opened.emit()
        return True

    def close(self) -> None:
        """Let go of the session (its coachee was erased, say): nothing of it is kept."""
        self.record = None
        self.kinds, self.previous, self.number = [], [], 0
        self.scheme = None
        self._editor = None

    def report(self, *, with_notes: bool) -> SessionReport:
        """The open session's report as it stands now (with the record's fixes)."""
        from coachdesk.domain.session_report import SessionReport

        assert self.record is not None
        return SessionReport(
            record=self.record,
            kinds=tuple(self.kinds),
            tallies=self.tallies,
            previous=tuple(self.previous),
            number=self.number,
            notes=self.notes() if with_notes else None,
            scheme=self.scheme,
            thresholds=self.thresholds,
        )

    def file_stem(self) -> str:
        """``coachee-YYYY-MM-DD-session-N``: a name to suggest when saving this session."""
        if self.record is None:
            return "session"
        day = QDateTime.fromMSecsSinceEpoch(self.record.started_at_ms).toString("yyyy-MM-dd")
        name = re.sub(r"[^\w]+", "-", self.record.coachee.name.lower()).strip("-") or "coachee"
        return f"{name}-{day}-session-{self.number}"

    def ended_sessions(self, coachee: Coachee) -> list[SessionSummary]:
        """The coachee's ended sessions, newest first (none, with ``failed``, if unreadable)."""
        try:
            sessions = self.store.sessions_of(coachee.id)
        except CoachdeskError as e:
            self.failed.emit(str(e))
            return []
        return [s for s in sessions if s.ended_at_ms is not None]

    @property
    def tallies(self) -> tuple[Tally, ...]:
        return self._editor.tallies if self._editor is not None else ()

    def balance_rows(self) -> list[tuple[str, Balance]]:
        """This session's balance, then the previous session's when there is one."""
        return self.report(with_notes=False).balance_rows() if self.record is not None else []

    @property
    def active_ms(self) -> int:
        return self.record.active_ms if self.record is not None else 0

    # -- notes -------------------------------------------------------------------------

    def notes(self) -> dict[str, str]:
        if self.record is None:
            return {}
        try:
            return self.store.notes(self.record.id)
        except CoachdeskError as e:
            self.failed.emit(str(e))
            return {}

    def save_note(self, field: str, text: str) -> str | None:
        """Store the note as typed; return None, or why it was not stored."""
        from coachdesk.domain.review import validate_note

        if self.record is None:
            return None
        try:
            self.store.save_note(
                self.record.id, field, validate_note(field, text), self.clock.now_ms()
            )
        except CoachdeskError as e:
            return str(e)
        return None

    # -- agreed actions ----------------------------------------------------------------

    def agreed_actions(self) -> list[AgreedAction]:
        """The actions agreed in this session, with how they came back so far."""
        if self.record is None:
            return []
        try:
            return self.store.agreed_actions(self.record.id)
        except CoachdeskError as e:
            self.failed.emit(str(e))
            return []

    def save_agreed_actions(self, text: str) -> str | None:
        """Store the actions as typed (one a line); return None, or why they were not."""
        from coachdesk.domain.agreed_actions import actions_in

        if self.record is None:
            return None
        try:
            self.store.set_agreed_actions(self.record.id, actions_in(text))
        except CoachdeskError as e:
            return str(e)
        return None

    # -- fixing the record -------------------------------------------------------------

    def change(self, tally_id: TallyId, kind_id: TallyKindId, detail: str | None) -> None:
        self._edit(lambda e: e.change(tally_id, kind_id, detail))

    def delete(self, tally_id: TallyId) -> None:
        self._edit(lambda e: e.delete(tally_id))

    def add(self, kind_id: TallyKindId, offset_ms: int, detail: str | None) -> None:
        self._edit(lambda e: e.add(kind_id, offset_ms, detail))

    def note_marker(self, marker_id: MarkerId, note: str) -> None:
        self._edit(lambda e: e.note_marker(marker_id, note))

    def remove_marker(self, marker_id: MarkerId) -> None:
        self._edit(lambda e: e.remove_marker(marker_id))

    def undo(self) -> None:
        self._edit(lambda e: e.undo())

    def redo(self) -> None:
        self._edit(lambda e: e.redo())

    def can_undo(self) -> bool:
        return self._editor is not None and self._editor.can_undo()

    def can_redo(self) -> bool:
        return self._editor is not None and self._editor.can_redo()

    def _edit(self, call: Callable[[RecordEditor], object]) -> None:
        if self._editor is None:
            return
        try:
            call(self._editor)
        except CoachdeskError as e:
            self.failed.emit(str(e))
            return
        self.record = self._editor.record  # with its marks as they now stand
        self.changed.emit()
