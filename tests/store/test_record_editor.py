"""Fixing an ended session's record against the real SQLite store: every edit, undo and redo
is in the database the moment the editor reports it."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.domain.errors import InvalidInput, StoreWriteFailed
from coachdesk.domain.model import Hat, SessionId, SessionRecord, Tally, TallyId, TallyKindId
from coachdesk.domain.record_editor import RecordEditor
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import SqlStore, open_store
from tests.dbcheck import rows
from tests.fakes import FakeClock


def stored(database: Path, session_id: SessionId) -> tuple[Tally, ...]:
    """The session's tallies as an outsider reads them, in the editor's order."""
    return tuple(
        Tally(TallyId(i), SessionId(s), TallyKindId(k), offset, at, detail)
        for i, s, k, offset, at, detail in rows(
            database,
            "SELECT id, session_id, kind_id, offset_ms, at_ms, detail FROM tally "
            "WHERE session_id = ? ORDER BY offset_ms, id",
            session_id,
        )
    )


def ended_session(store: SqlStore, clock: FakeClock, name: str = "Anna") -> SessionRecord:
    """advice at 10 s, a 5-minute pause at 20 s, coachee action at 30 s, mentor hat at 40 s;
    ended at 60 s of active time."""
    live = LiveSession.start(store, clock, name)
    ids = {k.key: k.id for k in live.kinds}
    clock.advance(10_000)
    live.tally(ids["advice"])
    clock.advance(10_000)
    live.pause()
    clock.advance(300_000)
    live.resume()
    clock.advance(10_000)
    live.tally(ids["coachee_action"])
    clock.advance(10_000)
    live.tally(ids["hat"], Hat.MENTOR.value)
    clock.advance(20_000)
    live.end()
    return store.session_record(live.id)


class Desk:
    """An editor on an ended session, beside another session that must stay untouched."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.store = open_store(database)
        self.clock = FakeClock()
        self.other = ended_session(self.store, self.clock, "Bram")
        self.record = ended_session(self.store, self.clock)
        self.kinds = self.store.tally_kinds()
        self.ids = {k.key: k.id for k in self.kinds}
        self.editor = RecordEditor(self.store, self.record, self.kinds, self.clock)

    def stored(self) -> tuple[Tally, ...]:
        return stored(self.database, self.record.id)

    def in_step(self) -> None:
        assert self.stored() == self.editor.tallies
        assert stored(self.database, self.other.id) == self.other.tallies

    def tally(self, key: str) -> Tally:
        return next(t for t in self.editor.tallies if t.kind_id == self.ids[key])


@pytest.fixture
def desk(database: Path) -> Iterator[Desk]:
    made = Desk(database)
    yield made
    made.store.close()


def test_the_editor_starts_from_what_is_stored(desk: Desk) -> None:
    assert [t.offset_ms for t in desk.editor.tallies] == [10_000, 30_000, 40_000]
    assert not desk.editor.can_undo() and not desk.editor.can_redo()
    assert desk.editor.undo() is False and desk.editor.redo() is False
    desk.in_step()


def test_an_open_session_is_not_the_editors(store: SqlStore) -> None:
    live = LiveSession.start(store, FakeClock(), "Anna")
    record = store.session_record(live.id)
    with pytest.raises(ValueError, match="has not ended"):
        RecordEditor(store, record, store.tally_kinds(), FakeClock())


def test_change_undo_redo(desk: Desk) -> None:
    advice = desk.tally("advice")
    desk.editor.change(advice.id, desk.ids["coachee_action"], None)
    desk.in_step()
    assert rows(
        desk.database, "SELECT kind_id, offset_ms, at_ms FROM tally WHERE id = ?", advice.id
    ) == [(desk.ids["coachee_action"], advice.offset_ms, advice.at_ms)]
    assert desk.editor.undo()
    desk.in_step()
    assert desk.stored() == desk.record.tallies
    assert desk.editor.redo()
    desk.in_step()
    assert desk.tally("coachee_action").id == advice.id


def test_a_changed_hat_and_a_hat_changed_away(desk: Desk) -> None:
    hat = desk.tally("hat")
    desk.editor.change(hat.id, desk.ids["hat"], Hat.ASSESSOR.value)
    assert rows(desk.database, "SELECT detail FROM tally WHERE id = ?", hat.id) == [("assessor",)]
    desk.editor.change(hat.id, desk.ids["advice"], Hat.ASSESSOR.value)  # advice has no hat
    assert rows(desk.database, "SELECT kind_id, detail FROM tally WHERE id = ?", hat.id) == [
        (desk.ids["advice"], None)
    ]
    desk.in_step()
    desk.editor.undo()
    desk.editor.undo()
    desk.in_step()
    assert desk.stored() == desk.record.tallies


def test_changing_nothing_is_no_edit(desk: Desk) -> None:
    advice = desk.tally("advice")
    desk.editor.delete(desk.tally("hat").id)
    desk.editor.undo()
    desk.editor.change(advice.id, advice.kind_id, "ignored for advice")
    assert not desk.editor.can_undo()
    assert desk.editor.can_redo()  # nothing changed, so what could be redone still can
    desk.in_step()


def test_delete_undo_keeps_the_id_and_times(desk: Desk) -> None:
    hat = desk.tally("hat")
    desk.editor.delete(hat.id)
    desk.in_step()
    assert rows(desk.database, "SELECT COUNT(*) FROM tally WHERE id = ?", hat.id) == [(0,)]
    assert desk.editor.undo()
    desk.in_step()
    assert desk.tally("hat") == hat
    assert rows(desk.database, "SELECT * FROM tally WHERE id = ?", hat.id) == [
        (hat.id, hat.session_id, hat.kind_id, hat.offset_ms, hat.at_ms, "mentor")
    ]
    assert desk.editor.redo()
    desk.in_step()
    assert hat not in desk.editor.tallies


def test_add_undo_redo(desk: Desk) -> None:
    added = desk.editor.add(desk.ids["hat"], 25_000, Hat.EXPERT.value)
    desk.in_step()
    assert added in desk.editor.tallies
    assert [t.offset_ms for t in desk.editor.tallies] == [10_000, 25_000, 30_000, 40_000]
    # Its time is an estimate: the start, plus active time, plus the pause before it.
    assert added.at_ms == desk.record.started_at_ms + 25_000 + 300_000
    assert desk.editor.undo()
    desk.in_step()
    assert desk.stored() == desk.record.tallies
    assert desk.editor.redo()
    desk.in_step()
    assert desk.stored() == tuple(sorted((*desk.record.tallies, added), key=lambda t: t.offset_ms))


def test_added_at_the_edges_of_the_session(desk: Desk) -> None:
    start = desk.editor.add(desk.ids["advice"], 0, None)
    end = desk.editor.add(desk.ids["advice"], desk.record.active_ms, "dropped")
    assert start.at_ms == desk.record.started_at_ms  # before the pause: no pause added
    assert (end.offset_ms, end.detail) == (60_000, None)
    assert desk.editor.tallies[0] == start and desk.editor.tallies[-1] == end
    desk.in_step()


def test_a_chain_of_edits_undoes_and_redoes_in_order(desk: Desk) -> None:
    advice, action, hat = desk.tally("advice"), desk.tally("coachee_action"), desk.tally("hat")
    states = [desk.stored()]
    desk.editor.change(action.id, desk.ids["advice"], None)
    states.append(desk.stored())
    desk.editor.delete(advice.id)
    states.append(desk.stored())
    desk.editor.add(desk.ids["coachee_action"], 5_000, None)
    states.append(desk.stored())
    desk.editor.change(hat.id, desk.ids["hat"], Hat.MANAGER.value)
    states.append(desk.stored())
    desk.editor.delete(action.id)
    states.append(desk.stored())
    assert len(set(states)) == len(states)

    for expected in reversed(states[:-1]):
        assert desk.editor.undo()
        assert desk.stored() == expected == desk.editor.tallies
    assert not desk.editor.can_undo() and desk.editor.undo() is False
    for expected in states[1:]:
        assert desk.editor.redo()
        assert desk.stored() == expected == desk.editor.tallies
    assert not desk.editor.can_redo()
    desk.in_step()


def test_a_new_edit_forgets_what_could_be_redone(desk: Desk) -> None:
    desk.editor.delete(desk.tally("advice").id)
    desk.editor.undo()
    assert desk.editor.can_redo()
    desk.editor.add(desk.ids["advice"], 1_000, None)
    assert not desk.editor.can_redo() and desk.editor.redo() is False
    desk.in_step()


@pytest.mark.parametrize(
    ("edit", "match"),
    [
        (lambda d: d.editor.add(d.ids["advice"], -1, None), "between the start and the end"),
        (lambda d: d.editor.add(d.ids["advice"], 60_001, None), "between the start and the end"),
        (lambda d: d.editor.add(d.ids["hat"], 1_000, None), "which hat"),
        (lambda d: d.editor.add(d.ids["hat"], 1_000, "wizard"), "which hat"),
        (lambda d: d.editor.add(TallyKindId(999), 1_000, None), "Unknown tally kind"),
        (lambda d: d.editor.change(d.tally("advice").id, d.ids["hat"], None), "which hat"),
        (lambda d: d.editor.change(d.tally("hat").id, d.ids["hat"], "Mentor"), "which hat"),
        (lambda d: d.editor.change(d.tally("advice").id, TallyKindId(999), None), "Unknown"),
    ],
    ids=[
        "before-start",
        "after-end",
        "hat-without-hat",
        "unknown-hat",
        "unknown-kind",
        "change-to-hat-without-hat",
        "hat-not-a-value",
        "change-to-unknown-kind",
    ],
)
def test_invalid_input_changes_nothing(
    desk: Desk, edit: Callable[[Desk], object], match: str
) -> None:
    desk.editor.delete(desk.tally("coachee_action").id)
    desk.editor.undo()  # something to redo, which a refused edit must not forget
    before = desk.stored(), rows(desk.database, "SELECT * FROM tally ORDER BY id")
    with pytest.raises(InvalidInput, match=match):
        edit(desk)
    assert (desk.stored(), rows(desk.database, "SELECT * FROM tally ORDER BY id")) == before
    assert desk.editor.tallies == before[0]
    assert not desk.editor.can_undo() and desk.editor.can_redo()


def test_a_tally_of_another_session_is_not_the_editors(desk: Desk) -> None:
    foreign = desk.other.tallies[0].id
    with pytest.raises(ValueError, match="not in session"):
        desk.editor.delete(foreign)
    with pytest.raises(ValueError, match="not in session"):
        desk.editor.change(foreign, desk.ids["advice"], None)
    desk.in_step()


def test_a_write_that_fails_leaves_the_editor_as_it_was(desk: Desk) -> None:
    desk.editor.change(desk.tally("advice").id, desk.ids["coachee_action"], None)
    desk.editor.delete(desk.tally("hat").id)
    desk.editor.undo()
    shown = desk.editor.tallies
    desk.store.connection.execute("PRAGMA query_only = ON")  # every write now fails
    attempts = [
        lambda: desk.editor.change(shown[0].id, desk.ids["advice"], None),
        lambda: desk.editor.delete(shown[0].id),
        lambda: desk.editor.add(desk.ids["advice"], 1_000, None),
        desk.editor.undo,
        desk.editor.redo,
    ]
    for attempt in attempts:
        with pytest.raises(StoreWriteFailed):
            attempt()
        assert desk.editor.tallies == shown == desk.stored()
        assert desk.editor.can_undo() and desk.editor.can_redo()
    desk.store.connection.execute("PRAGMA query_only = OFF")
    assert desk.editor.redo()
    assert desk.editor.undo() and desk.editor.undo()
    assert desk.stored() == desk.record.tallies
    desk.in_step()


def test_edits_survive_closing_and_reopening(desk: Desk) -> None:
    desk.editor.change(desk.tally("advice").id, desk.ids["coachee_action"], None)
    added = desk.editor.add(desk.ids["advice"], 50_000, None)
    shown = desk.editor.tallies
    desk.store.close()
    desk.store = open_store(desk.database)
    assert desk.store.session_record(desk.record.id).tallies == tuple(
        sorted(shown, key=lambda t: t.id)
    )
    assert added in shown


KEYS = ["advice", "coachee_action", "hat"]
edits = st.lists(
    st.tuples(
        st.sampled_from(["change", "delete", "add", "undo", "redo"]),
        st.integers(0, 100_000),
        st.sampled_from(KEYS),
        st.sampled_from([h.value for h in Hat]),
    ),
    max_size=25,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=edits)
def test_stored_tallies_always_equal_the_editors(
    tmp_path: Path, steps: list[tuple[str, int, str, str]]
) -> None:
    desk = Desk(Path(tempfile.mkdtemp(dir=tmp_path)) / "coachdesk.sqlite3")
    editor = desk.editor
    try:
        for op, n, key, hat in steps:
            shown = editor.tallies
            if op == "change" and shown:
                editor.change(shown[n % len(shown)].id, desk.ids[key], hat)
            elif op == "delete" and shown:
                editor.delete(shown[n % len(shown)].id)
            elif op == "add":
                editor.add(desk.ids[key], n % (desk.record.active_ms + 1), hat)
            elif op == "undo":
                could = editor.can_undo()
                assert editor.undo() is could
            elif op == "redo":
                could = editor.can_redo()
                assert editor.redo() is could
            desk.in_step()
        final, undone = editor.tallies, 0
        while editor.undo():  # every edit taken back: the record as the session left it
            undone += 1
            desk.in_step()
        assert desk.stored() == desk.record.tallies
        for _ in range(undone):  # and made again: where the coach was
            assert editor.redo()
        desk.in_step()
        assert desk.stored() == final
    finally:
        desk.store.close()


def test_a_marks_note_and_its_removal_are_stored_at_once_and_undone_in_order(
    store: SqlStore, database: Path
) -> None:
    clock = FakeClock()
    live = LiveSession.start(store, clock, "Anna")
    clock.advance(10_000)
    first = live.mark().marker
    clock.advance(10_000)
    second = live.mark().marker
    live.note_marker(second, "her plan")
    live.end()
    editor = RecordEditor(store, store.session_record(live.id), store.tally_kinds(), clock)
    marks = "SELECT id, offset_ms, note FROM marker ORDER BY id"
    editor.note_marker(first.id, "  the silence ")
    editor.note_marker(first.id, "the silence")  # the same note: no edit
    editor.remove_marker(second.id)
    assert rows(database, marks) == [(first.id, 10_000, "the silence")]
    assert [(m.id, m.note) for m in editor.record.markers] == [(first.id, "the silence")]
    with pytest.raises(InvalidInput):
        editor.note_marker(first.id, "x" * 81)
    with pytest.raises(ValueError, match="is not in session"):
        editor.remove_marker(second.id)  # gone already
    assert editor.undo() and editor.undo() and not editor.undo()
    assert rows(database, marks) == [(first.id, 10_000, ""), (second.id, 20_000, "her plan")]
    assert editor.redo() and editor.redo()
    assert rows(database, marks) == [(first.id, 10_000, "the silence")]
    assert editor.record.markers == store.session_record(live.id).markers
