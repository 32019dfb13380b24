"""The live session: start, pause, resume, tally, undo, redo, end.

Every change is committed through the :class:`~coachdesk.domain.ports.SessionStore` *before* the
recorder's own state moves, so a count the recorder reports is a count the database holds.
Each method returns a small change value that the UI turns into a repaint.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import TypeVar

from coachdesk.domain.clock import Clock
from coachdesk.domain.errors import InvalidInput, StoreWriteFailed
from coachdesk.domain.gap import ClockGap
from coachdesk.domain.i18n import _
from coachdesk.domain.model import (
    DETAIL_HAT,
    MARKER_NOTE_LENGTH,
    NO_WORDS,
    Coachee,
    Hat,
    Marker,
    MarkerId,
    SchemeRef,
    SessionId,
    SessionRecord,
    Tally,
    TallyKind,
    TallyKindId,
    Words,
    control_characters,
    normal_text,
    not_text,
    shown,
)
from coachdesk.domain.ports import SessionStore
from coachdesk.domain.timer import ActiveTimer

_Timed = TypeVar("_Timed", Tally, Marker)


class State(Enum):
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True, slots=True)
class TallyAdded:
    tally: Tally
    count: int


@dataclass(frozen=True, slots=True)
class TallyUndone:
    tally: Tally
    count: int


@dataclass(frozen=True, slots=True)
class TallyRedone:
    tally: Tally
    count: int


@dataclass(frozen=True, slots=True)
class StateChanged:
    state: State
    active_ms: int


@dataclass(frozen=True, slots=True)
class TallyWaiting:
    """A tally could not be written (a full disk, say): it waits in memory to be retried.

    Also reported when a waiting tally is undone. ``waiting`` counts the session's waiting
    tallies of that kind; ``error`` says why the last write failed ("" after an undo).
    """

    kind_id: TallyKindId
    waiting: int
    error: str


@dataclass(frozen=True, slots=True)
class PendingTally:
    """A tally the coach made that is not on disk yet."""

    kind_id: TallyKindId
    offset_ms: int
    at_ms: int
    detail: str | None


@dataclass(frozen=True, slots=True)
class GapFound:
    """A suspend gap in a running session, waiting for the coach to say whether it counts.

    ``offset_ms`` is where it lies in active time; ``extra_ms`` how much longer the wall clock
    saw it than the session timer did (shorter, when negative); ``started_at_ms`` and
    ``ended_at_ms`` are its wall-clock times, as a pause over it stores them.
    """

    offset_ms: int
    extra_ms: int
    started_at_ms: int
    ended_at_ms: int


@dataclass(frozen=True, slots=True)
class GapSettled:
    """The coach said whether a gap counts; ``active_ms`` is the session's time after."""

    gap: GapFound
    counted: bool
    active_ms: int


@dataclass(frozen=True, slots=True)
class MarkerAdded:
    """A moment was marked (and is on disk); ``note`` changes come as ``MarkerNoted``."""

    marker: Marker


@dataclass(frozen=True, slots=True)
class MarkerNoted:
    marker: Marker


@dataclass(frozen=True, slots=True)
class MarkerRemoved:
    """A moment marked by mistake was taken back (and is gone from disk); ``undone`` when
    by undo, which redo reverses."""

    marker: Marker
    undone: bool = False


@dataclass(frozen=True, slots=True)
class MarkerRestored:
    """A mark taken back by undo was brought back by redo, with its note (and is on disk)."""

    marker: Marker


Change = (
    TallyAdded
    | TallyUndone
    | TallyRedone
    | StateChanged
    | TallyWaiting
    | GapFound
    | GapSettled
    | MarkerAdded
    | MarkerNoted
    | MarkerRemoved
    | MarkerRestored
)


class LiveSession:
    """One session being recorded. Create it with :meth:`start` or :meth:`recover`."""

    def __init__(
        self,
        store: SessionStore,
        clock: Clock,
        kinds: list[TallyKind],
        record: SessionRecord,
        scheme_name: Words = NO_WORDS,
    ) -> None:
        self._store = store
        self._clock = clock
        #: The name of the scheme (version) the session is recorded with.
        self.scheme_name = scheme_name
        #: The buttons: the scheme's kinds in its order, but those it retired.
        self.kinds = sorted((k for k in kinds if k.offered), key=lambda k: k.position)
        self._kinds_by_id = {k.id: k for k in kinds}
        self.id: SessionId = record.id
        self.coachee: Coachee = record.coachee
        self.planned_minutes = record.planned_minutes
        self.started_at_ms = record.started_at_ms
        self._tallies: list[Tally] = list(record.tallies)
        self._redo: list[Tally | Marker] = []
        self._waiting: list[PendingTally] = []
        self._gaps: list[GapFound] = []
        self._markers: list[Marker] = list(record.markers)
        # Marks in the undo history, oldest first, each with the number of tallies on disk
        # when it was made: a mark is the last thing done while that number still holds.
        self._marks_done: list[tuple[MarkerId, int]] = [
            (m.id, sum(1 for t in record.tallies if t.at_ms <= m.at_ms))
            for m in sorted(record.markers, key=lambda m: (m.at_ms, m.id))
        ]
        self._state = State.PAUSED if record.paused else State.RUNNING
        self._timer = ActiveTimer(
            clock, record.last_stored_active_ms, running=self._state is State.RUNNING
        )

    # -- creation ----------------------------------------------------------------------

    @classmethod
    def start(
        cls,
        store: SessionStore,
        clock: Clock,
        coachee_name: str,
        planned_minutes: int | None = None,
        scheme: SchemeRef | None = None,
    ) -> LiveSession:
        """Start a new session for the coachee of that name (added if new), recorded with
        the scheme version ``scheme`` (None: the Balance scheme's first)."""
        name = validate_coachee_name(coachee_name)
        if planned_minutes is not None and not 1 <= planned_minutes <= MAX_PLANNED_MINUTES:
            raise InvalidInput(_("The planned duration must be between 1 and 1440 minutes."))
        now = clock.now_ms()
        coachee = store.coachee_named(name, now)
        session_id = store.start_session(coachee.id, now, planned_minutes, scheme)
        record = SessionRecord(session_id, coachee, now, planned_minutes, 0, None, (), ())
        return cls._of(store, clock, record)

    @classmethod
    def recover(cls, store: SessionStore, clock: Clock, record: SessionRecord) -> LiveSession:
        """Take up a session that was never ended, from its last stored active time."""
        if record.ended_at_ms is not None:
            raise InvalidInput(_("This session has ended."))
        return cls._of(store, clock, record)

    @classmethod
    def _of(cls, store: SessionStore, clock: Clock, record: SessionRecord) -> LiveSession:
        scheme = store.session_scheme(record.id)
        return cls(store, clock, store.session_kinds(record.id), record, scheme.name)

    # -- reading -----------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def paused(self) -> bool:
        return self._state is State.PAUSED

    @property
    def ended(self) -> bool:
        return self._state is State.ENDED

    def elapsed_ms(self) -> int:
        return self._timer.elapsed_ms()

    def planned_reached(self) -> bool:
        return self.planned_minutes is not None and (
            self.elapsed_ms() >= self.planned_minutes * 60_000
        )

    def count(self, kind_id: TallyKindId) -> int:
        """Tallies of ``kind_id`` on disk."""
        return sum(1 for t in self._tallies if t.kind_id == kind_id)

    def waiting(self, kind_id: TallyKindId | None = None) -> int:
        """Tallies (of ``kind_id``, or of any kind) not written yet, waiting for a retry."""
        return sum(1 for p in self._waiting if kind_id is None or p.kind_id == kind_id)

    def latest_detail(self, kind_id: TallyKindId) -> str | None:
        """The detail of the newest tally of ``kind_id`` (the hat worn now), if any."""
        return next((t.detail for t in reversed(self._tallies) if t.kind_id == kind_id), None)

    def state_now(self, group: str) -> TallyKindId | None:
        """The state of ``group`` the session is in now: the kind of its newest tally."""
        members = {k.id for k in self._kinds_by_id.values() if k.group == group}
        return next((t.kind_id for t in reversed(self._tallies) if t.kind_id in members), None)

    def kind(self, kind_id: TallyKindId) -> TallyKind:
        return self._kinds_by_id[kind_id]

    @property
    def tallies(self) -> tuple[Tally, ...]:
        return tuple(self._tallies)

    @property
    def markers(self) -> tuple[Marker, ...]:
        """The moments marked, on disk, in the order they were marked."""
        return tuple(self._markers)

    @property
    def open_gaps(self) -> tuple[GapFound, ...]:
        """Suspend gaps the coach has not answered yet, oldest first."""
        return tuple(self._gaps)

    def can_undo(self) -> bool:
        live = self._state is not State.ENDED
        return live and bool(self._tallies or self._waiting or self._marks_done)

    def can_redo(self) -> bool:
        return self._state is not State.ENDED and bool(self._redo)

    # -- changing ----------------------------------------------------------------------

    def tally(self, kind_id: TallyKindId, detail: str | None = None) -> TallyAdded | TallyWaiting:
        """Record one tally of ``kind_id`` now. Refused once the session has ended.

        When the store cannot write it (a full disk, an I/O error), the tally is kept in
        memory, in order, and :meth:`retry` writes it later: ``TallyWaiting`` says so.
        """
        self._require_live()
        kind = self._kinds_by_id.get(kind_id)
        if kind is None:
            raise InvalidInput(_("Unknown tally kind."))
        # The version's own choices (for Balance, the hats); a hat kind read without its
        # scheme has the five hats.
        offered = {c.key for c in kind.choices} or (
            {h.value for h in Hat} if kind.detail == DETAIL_HAT else set()
        )
        if offered and detail not in offered:
            if kind.detail == DETAIL_HAT:
                raise InvalidInput(_("Say which hat was declared."))
            raise InvalidInput(_("Say which {kind} it was.").format(kind=kind.shown()))
        if not kind.asks_detail and detail is not None:
            raise InvalidInput(_("This kind of tally has no detail."))
        pending = PendingTally(kind_id, self.elapsed_ms(), self._clock.now_ms(), detail)
        self._redo.clear()
        self._waiting.append(pending)
        if len(self._waiting) > 1:  # earlier ones wait: keep the order
            return TallyWaiting(kind_id, self.waiting(kind_id), "")
        try:
            return self._write(pending)
        except StoreWriteFailed as e:
            return TallyWaiting(kind_id, self.waiting(kind_id), str(e))

    def _write(self, pending: PendingTally) -> TallyAdded:
        """Write the oldest waiting tally (``pending``); it leaves the queue only once on disk."""
        tally_id = self._store.add_tally(
            self.id, pending.kind_id, pending.offset_ms, pending.at_ms, pending.detail
        )
        self._waiting.pop(0)
        tally = Tally(
            tally_id, self.id, pending.kind_id, pending.offset_ms, pending.at_ms, pending.detail
        )
        self._tallies.append(tally)
        return TallyAdded(tally, self.count(pending.kind_id))

    def retry(self) -> list[TallyAdded | TallyWaiting]:
        """Write the waiting tallies, oldest first, until one fails again."""
        done: list[TallyAdded | TallyWaiting] = []
        while self._waiting:
            pending = self._waiting[0]
            try:
                done.append(self._write(pending))
            except StoreWriteFailed as e:
                done.append(TallyWaiting(pending.kind_id, self.waiting(pending.kind_id), str(e)))
                break
        return done

    def undo(self) -> TallyUndone | TallyWaiting | MarkerRemoved | None:
        """Take back the last thing done: a waiting tally first, then the latest tally or
        mark, whichever came later; None when there is none."""
        if not self.can_undo():
            return None
        if self._waiting:
            dropped = self._waiting.pop()
            return TallyWaiting(dropped.kind_id, self.waiting(dropped.kind_id), "")
        if self._marks_done and self._marks_done[-1][1] >= len(self._tallies):
            marker = self._markers[self._marker_index_of(self._marks_done[-1][0])]
            removed = self.remove_marker(marker)
            self._redo.append(removed.marker)
            return replace(removed, undone=True)
        tally = self._tallies[-1]
        self._store.delete_tally(tally.id)
        self._tallies.pop()
        self._redo.append(tally)
        return TallyUndone(tally, self.count(tally.kind_id))

    def redo(self) -> TallyRedone | MarkerRestored | None:
        """Bring back the tally or mark undone last; None when there is none."""
        if not self.can_redo():
            return None
        undone = self._redo[-1]
        if isinstance(undone, Marker):
            self._store.restore_marker(undone)
            self._redo.pop()
            self._markers.append(undone)
            self._markers.sort(key=lambda m: (m.at_ms, m.id))
            self._marks_done.append((undone.id, len(self._tallies)))
            return MarkerRestored(undone)
        tally = undone
        self._store.restore_tally(tally)
        self._redo.pop()
        self._tallies.append(tally)
        return TallyRedone(tally, self.count(tally.kind_id))

    def _require_saved(self) -> None:
        """Pausing or ending waits for the waiting tallies: their times must come first."""
        self.retry()
        if self._waiting:
            raise StoreWriteFailed(
                _("{n} tallies are not saved yet; try again once they are.").format(
                    n=len(self._waiting)
                )
            )

    def pause(self) -> StateChanged:
        self._require_saved()
        if self._state is not State.RUNNING:
            raise InvalidInput(_("The session is not running."))
        offset = self.elapsed_ms()
        self._store.start_pause(self.id, offset, self._clock.now_ms())
        self._timer.pause(at_ms=offset)  # the time shown is the time stored
        self._state = State.PAUSED
        return StateChanged(self._state, offset)

    def resume(self) -> StateChanged:
        if self._state is not State.PAUSED:
            raise InvalidInput(_("The session is not paused."))
        self._store.end_pause(self.id, self._clock.now_ms())
        self._timer.resume()
        self._state = State.RUNNING
        return StateChanged(self._state, self.elapsed_ms())

    def checkpoint(self) -> None:
        """Store the active time reached, so a crash loses at most the time since."""
        if self._state is not State.ENDED:
            self._store.checkpoint(self.id, self.elapsed_ms())

    def end(self) -> StateChanged:
        """End the session now (a pause still open ends with it)."""
        self._require_live()
        self._require_saved()
        now = self._clock.now_ms()
        active = self.elapsed_ms()
        self._store.end_session(self.id, active, now)
        self._timer.pause(at_ms=active)
        self._state = State.ENDED
        self._gaps.clear()
        self._redo.clear()
        return StateChanged(self._state, active)

    def end_at_last_tally(self) -> StateChanged:
        """End a session left running by mistake at its last tally (at its start if it has
        none): the time the coach forgot to end it counts for nothing. A paused session
        simply ends (its time stopped at the pause)."""
        self._require_live()
        if self._state is State.PAUSED:
            return self.end()
        self._require_saved()
        if self._tallies:
            last = max(self._tallies, key=lambda t: t.offset_ms)
            active, at = last.offset_ms, last.at_ms
        else:
            active, at = 0, self.started_at_ms
        self._store.end_session(self.id, active, at)
        self._timer.pause(at_ms=active)
        self._state = State.ENDED
        self._gaps.clear()
        self._redo.clear()
        return StateChanged(self._state, active)

    def mark(self) -> MarkerAdded:
        """Mark this moment: stored at once (before it is reported), without a note."""
        self._require_live()
        offset, at = self.elapsed_ms(), self._clock.now_ms()
        marker_id = self._store.add_marker(self.id, offset, at)
        marker = Marker(marker_id, self.id, offset, at)
        self._markers.append(marker)
        self._marks_done.append((marker_id, len(self._tallies)))
        self._redo.clear()  # a new thing done: what was undone stays undone
        return MarkerAdded(marker)

    def note_marker(self, marker: Marker, note: str) -> MarkerNoted:
        """Give a marked moment of this session its short note (trimmed; empty for none).

        Raises:
            InvalidInput: not a marker of this session, or a note too long or not text.
        """
        index = self._marker_index(marker)
        text = valid_marker_note(note)
        self._store.set_marker_note(marker.id, text)
        self._markers[index] = replace(self._markers[index], note=text)
        return MarkerNoted(self._markers[index])

    def remove_marker(self, marker: Marker) -> MarkerRemoved:
        """Take back a moment marked by mistake (the marker's field offers it)."""
        index = self._marker_index(marker)
        self._store.delete_marker(marker.id)
        self._marks_done = [done for done in self._marks_done if done[0] != marker.id]
        return MarkerRemoved(self._markers.pop(index))

    def _marker_index(self, marker: Marker) -> int:
        return self._marker_index_of(marker.id)

    def _marker_index_of(self, marker_id: MarkerId) -> int:
        index = next((i for i, m in enumerate(self._markers) if m.id == marker_id), None)
        if index is None:
            raise InvalidInput(_("That marker is not part of this session."))
        return index

    def note_gap(self, gap: ClockGap) -> GapFound | None:
        """Take note of a gap the machine's clocks show (see :mod:`coachdesk.domain.gap`), to
        be answered with :meth:`settle_gap`. Nothing is stored yet and nothing is decided: the
        timer keeps what its monotonic clock measured until the coach says. Outside a running
        session a gap changes nothing (a pause already stops the time), so None."""
        if self._state is not State.RUNNING:
            return None
        counted_already = max(0, -gap.extra_ms)  # the timer ran through it
        now = self._clock.now_ms()  # stored times come from the session's clock
        found = GapFound(
            offset_ms=max(0, self.elapsed_ms() - counted_already),
            extra_ms=gap.extra_ms,
            started_at_ms=now - max(0, gap.extra_ms),
            ended_at_ms=now,
        )
        self._gaps.append(found)
        return found

    def settle_gap(self, found: GapFound, counted: bool) -> GapSettled:
        """Record the coach's answer about a gap: counted, the active time holds the gap's
        length (the timer's reading is corrected, and what came after moves with it); not
        counted, a pause over the gap is stored and the gap holds no active time."""
        self._require_live()
        if found not in self._gaps:
            raise InvalidInput(_("That gap has been answered already."))
        self._require_saved()
        # Corrected: counted, the time a stopped timer missed; left out, the time it ran on.
        shift = found.extra_ms if (found.extra_ms > 0) == counted else 0
        pause = None if counted else (found.started_at_ms, found.ended_at_ms)
        self._store.settle_gap(self.id, found.offset_ms, shift, pause)
        self._gaps.remove(found)
        if shift:
            self._timer.shift(shift)
            self._tallies = [self._moved(t, found.offset_ms, shift) for t in self._tallies]
            self._redo = [self._moved_undone(t, found.offset_ms, shift) for t in self._redo]
            self._markers = [self._moved(m, found.offset_ms, shift) for m in self._markers]
        return GapSettled(found, counted, self.elapsed_ms())

    @classmethod
    def _moved_undone(cls, item: Tally | Marker, from_ms: int, shift: int) -> Tally | Marker:
        if isinstance(item, Tally):
            return cls._moved(item, from_ms, shift)
        return cls._moved(item, from_ms, shift)

    @staticmethod
    def _moved(item: _Timed, from_ms: int, shift: int) -> _Timed:
        if item.offset_ms <= from_ms:  # made before the gap
            return item
        return replace(item, offset_ms=max(from_ms, item.offset_ms + shift))

    def _require_live(self) -> None:
        if self._state is State.ENDED:
            raise InvalidInput(_("This session has ended."))


def valid_marker_note(note: str) -> str:
    """A marked moment's note as it will be stored: trimmed, composed; empty for none.

    Raises:
        InvalidInput: too long, or not plain text on one line.
    """
    text = normal_text(note.strip())
    if len(text) > MARKER_NOTE_LENGTH:
        raise InvalidInput(
            _("A marker's note holds at most {n} characters.").format(n=MARKER_NOTE_LENGTH)
        )
    if not_text(text) or control_characters(text):
        raise InvalidInput(_("A marker's note must be plain text on one line."))
    return text


def end_at_last_tally(store: SessionStore, record: SessionRecord) -> None:
    """Close a session left open by a crash, at its last tally (or last stored time)."""
    if record.ended_at_ms is not None:
        raise InvalidInput(_("This session has ended."))
    if record.tallies:
        last = max(record.tallies, key=lambda t: t.offset_ms)
        active, at = last.offset_ms, last.at_ms
    else:
        active = record.last_stored_active_ms
        at = record.started_at_ms + active
    if record.paused:
        at = max(at, record.pauses[-1].started_at_ms)
    store.end_session(record.id, active, at)


MAX_NAME_LENGTH = 10_000
#: A planned duration is 1 minute to a day.
MAX_PLANNED_MINUTES = 24 * 60


def validate_coachee_name(name: str) -> str:
    """The name as it will be stored: surrounding whitespace trimmed, in Unicode's composed
    form (NFC, see :func:`coachdesk.domain.model.normal_text`), nothing else changed.

    Raises:
        InvalidInput: empty, too long, not text (a lone surrogate: bytes that were not
            UTF-8) or holding a control character (an ESC that would reach a terminal).
    """
    trimmed = normal_text(name.strip())
    if not trimmed:
        raise InvalidInput(_("Enter a name, pseudonym or code for the coachee."))
    if len(trimmed) > MAX_NAME_LENGTH:
        raise InvalidInput(_("That name is too long (at most 10,000 characters)."))
    if not_text(trimmed):
        raise InvalidInput(
            _("The name {name} is not valid text: it holds bytes that are not UTF-8.").format(
                name=shown(trimmed)
            )
        )
    if control_characters(trimmed):
        raise InvalidInput(
            _("The name {name} holds a control character, which a name cannot hold.").format(
                name=shown(trimmed)
            )
        )
    return trimmed
