"""Fixing the record of an ended session: change, delete or add tallies, give a marked moment
its note or take a mark away, undo and redo.

Like the live recorder, every change is committed through the store *before* the editor's own
state moves: if the store refuses, the editor is as it was, and what the editor shows is what
the database holds. A new change forgets what could be redone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from coachdesk.domain.clock import Clock
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _
from coachdesk.domain.model import (
    DETAIL_HAT,
    Hat,
    Marker,
    MarkerId,
    SessionRecord,
    Tally,
    TallyId,
    TallyKind,
    TallyKindId,
)
from coachdesk.domain.ports import ReviewStore
from coachdesk.domain.recorder import valid_marker_note


@dataclass(frozen=True, slots=True)
class _Added:
    tally: Tally


@dataclass(frozen=True, slots=True)
class _Deleted:
    tally: Tally


@dataclass(frozen=True, slots=True)
class _Changed:
    before: Tally
    after: Tally


@dataclass(frozen=True, slots=True)
class _Noted:
    before: Marker
    after: Marker


@dataclass(frozen=True, slots=True)
class _Unmarked:
    marker: Marker


_Edit = _Added | _Deleted | _Changed | _Noted | _Unmarked


class RecordEditor:
    """The tallies and marked moments of one ended session, open for correction.

    ``record`` follows the marks' edits (its ``markers``), so what reads it shows them.

    Args:
        store: where every change is committed.
        record: the session as stored; it must have ended.
        kinds: the tally kinds a tally may be given.
        clock: the app's clock. No edit reads it yet: a tally keeps the time it was noted,
            and an added tally's time is derived from the session (see :meth:`add`).

    Raises:
        ValueError: the session has not ended; the live recorder owns an open session.
    """

    def __init__(
        self, store: ReviewStore, record: SessionRecord, kinds: list[TallyKind], clock: Clock
    ) -> None:
        if record.ended_at_ms is None:
            raise ValueError(f"session {record.id} has not ended; only its recorder changes it")
        self._store = store
        self._clock = clock
        self.record = record
        self._kinds = {k.id: k for k in kinds}
        self._tallies = {t.id: t for t in record.tallies}
        self._markers = {m.id: m for m in record.markers}
        self._undo: list[_Edit] = []
        self._redo: list[_Edit] = []

    # -- reading -----------------------------------------------------------------------

    @property
    def tallies(self) -> tuple[Tally, ...]:
        """The session's tallies as stored now, in the order they happened."""
        return tuple(sorted(self._tallies.values(), key=lambda t: (t.offset_ms, t.id)))

    @property
    def markers(self) -> tuple[Marker, ...]:
        """The session's marked moments as stored now, in the order they happened."""
        return self.record.markers

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    # -- changing ----------------------------------------------------------------------

    def change(self, tally_id: TallyId, kind_id: TallyKindId, detail: str | None) -> None:
        """Give a tally another kind or hat; its times stay. Changing nothing is no edit.

        Raises:
            InvalidInput: the kind is unknown, or a hat kind is given no valid hat.
            ValueError: the tally is not one of this session's.
        """
        before = self._tally(tally_id)
        detail = self._valid_detail(kind_id, detail)
        if (before.kind_id, before.detail) == (kind_id, detail):
            return
        after = replace(before, kind_id=kind_id, detail=detail)
        self._store.update_tally(tally_id, kind_id, detail)
        self._tallies[tally_id] = after
        self._done(_Changed(before, after))

    def delete(self, tally_id: TallyId) -> None:
        """Remove a tally; undo brings it back with the same id and times.

        Raises:
            ValueError: the tally is not one of this session's.
        """
        tally = self._tally(tally_id)
        self._store.delete_tally(tally_id)
        del self._tallies[tally_id]
        self._done(_Deleted(tally))

    def add(self, kind_id: TallyKindId, offset_ms: int, detail: str | None) -> Tally:
        """Add a tally the coach forgot, at ``offset_ms`` of active time.

        Its wall-clock time (``at_ms``) is an estimate, since nobody noted when it happened:
        the session's start plus ``offset_ms`` plus every pause that began before that point
        of active time. Without pauses that is ``started_at_ms + offset_ms``.

        Raises:
            InvalidInput: the kind is unknown, a hat kind is given no valid hat, or
                ``offset_ms`` lies outside ``0 .. record.active_ms``.
        """
        detail = self._valid_detail(kind_id, detail)
        if not 0 <= offset_ms <= self.record.active_ms:
            raise InvalidInput(_("Pick a moment between the start and the end of the session."))
        at_ms = self._estimated_at_ms(offset_ms)
        tally_id = self._store.add_tally(self.record.id, kind_id, offset_ms, at_ms, detail)
        tally = Tally(tally_id, self.record.id, kind_id, offset_ms, at_ms, detail)
        self._tallies[tally_id] = tally
        self._done(_Added(tally))
        return tally

    def note_marker(self, marker_id: MarkerId, note: str) -> None:
        """Give a marked moment its note, or another (empty: none). The same note is no edit.

        Raises:
            InvalidInput: the note is too long, or not plain text on one line.
            ValueError: the mark is not one of this session's.
        """
        before = self._marker(marker_id)
        text = valid_marker_note(note)
        if text == before.note:
            return
        after = replace(before, note=text)
        self._store.set_marker_note(marker_id, text)
        self._set_marker(after)
        self._done(_Noted(before, after))

    def remove_marker(self, marker_id: MarkerId) -> None:
        """Take a mark away; undo brings it back with its id, times and note.

        Raises:
            ValueError: the mark is not one of this session's.
        """
        marker = self._marker(marker_id)
        self._store.delete_marker(marker_id)
        self._set_marker(None, marker_id)
        self._done(_Unmarked(marker))

    def undo(self) -> bool:
        """Take back the latest edit; False when there is none."""
        if not self._undo:
            return False
        edit = self._undo[-1]
        self._apply(edit, forward=False)
        self._undo.pop()
        self._redo.append(edit)
        return True

    def redo(self) -> bool:
        """Make again the edit undone last; False when there is none."""
        if not self._redo:
            return False
        edit = self._redo[-1]
        self._apply(edit, forward=True)
        self._redo.pop()
        self._undo.append(edit)
        return True

    # -- inside ------------------------------------------------------------------------

    def _tally(self, tally_id: TallyId) -> Tally:
        tally = self._tallies.get(tally_id)
        if tally is None:
            raise ValueError(f"tally {tally_id} is not in session {self.record.id}")
        return tally

    def _marker(self, marker_id: MarkerId) -> Marker:
        marker = self._markers.get(marker_id)
        if marker is None:
            raise ValueError(f"marker {marker_id} is not in session {self.record.id}")
        return marker

    def _set_marker(self, marker: Marker | None, gone: MarkerId | None = None) -> None:
        """Mirror a committed mark edit: ``marker`` now as given, or ``gone`` removed."""
        if marker is not None:
            self._markers[marker.id] = marker
        elif gone is not None:
            del self._markers[gone]
        ordered = sorted(self._markers.values(), key=lambda m: (m.offset_ms, m.id))
        self.record = replace(self.record, markers=tuple(ordered))

    def _valid_detail(self, kind_id: TallyKindId, detail: str | None) -> str | None:
        """The detail to store for a tally of ``kind_id``: one of its choices (a hat for the
        hat kind), or None for a kind without."""
        kind = self._kinds.get(kind_id)
        if kind is None:
            raise InvalidInput(_("Unknown tally kind."))
        if kind.choices:
            if detail not in {c.key for c in kind.choices}:
                raise InvalidInput(_("Say which {kind} it was.").format(kind=kind.shown()))
            return detail
        if kind.detail != DETAIL_HAT:
            return None
        if detail not in {h.value for h in Hat}:
            raise InvalidInput(_("Say which hat was declared."))
        return detail

    def _estimated_at_ms(self, offset_ms: int) -> int:
        # A pause at offset X began after whatever was noted at X, so it counts only if earlier.
        # A wall clock that jumped back during a pause must not move the tally back in time.
        paused = sum(
            max(p.ended_at_ms - p.started_at_ms, 0)
            for p in self.record.pauses
            if p.ended_at_ms is not None and p.offset_ms < offset_ms
        )
        return self.record.started_at_ms + offset_ms + paused

    def _done(self, edit: _Edit) -> None:
        self._undo.append(edit)
        self._redo.clear()

    def _apply(self, edit: _Edit, *, forward: bool) -> None:
        """Commit ``edit`` (or its reverse), then mirror it in the editor's state."""
        match edit:
            case _Added(tally) | _Deleted(tally):
                if isinstance(edit, _Added) == forward:
                    self._store.restore_tally(tally)
                    self._tallies[tally.id] = tally
                else:
                    self._store.delete_tally(tally.id)
                    del self._tallies[tally.id]
            case _Changed(before, after):
                target = after if forward else before
                self._store.update_tally(target.id, target.kind_id, target.detail)
                self._tallies[target.id] = target
            case _Noted(before, after):
                marked = after if forward else before
                self._store.set_marker_note(marked.id, marked.note)
                self._set_marker(marked)
            case _Unmarked(marker):
                if forward:
                    self._store.delete_marker(marker.id)
                    self._set_marker(None, marker.id)
                else:
                    self._store.restore_marker(marker)
                    self._set_marker(marker)
