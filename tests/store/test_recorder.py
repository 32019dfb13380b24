"""The live session against the real SQLite store: what it reports is what is stored."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.domain.errors import InvalidInput, StoreWriteFailed
from coachdesk.domain.model import Hat, TallyKindId
from coachdesk.domain.recorder import (
    LiveSession,
    MarkerRemoved,
    MarkerRestored,
    State,
    TallyAdded,
    TallyRedone,
    end_at_last_tally,
)
from coachdesk.store import SqlStore, open_store
from tests.dbcheck import rows, tally_rows
from tests.fakes import FakeClock
from tests.written import undone, written


def kind_ids(session: LiveSession) -> dict[str, TallyKindId]:
    return {k.key: k.id for k in session.kinds}


def test_three_default_kinds_in_order(store: SqlStore) -> None:
    kinds = store.tally_kinds()
    assert [(k.key, k.side.value, k.position) for k in kinds] == [
        ("advice", "coach", 1),
        ("coachee_action", "coachee", 2),
        ("hat", "neutral", 3),
    ]
    assert kinds[2].detail == "hat"


def test_tally_is_stored_with_offset_time_and_hat(store: SqlStore, database: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna", 45)
    ids = kind_ids(session)
    clock.advance(61_000)
    added = written(session.tally(ids["advice"]))
    assert added.count == 1
    clock.advance(1_500)
    session.tally(ids["hat"], Hat.ASSESSOR.value)
    assert rows(database, "SELECT offset_ms, at_ms, detail FROM tally ORDER BY id") == [
        (61_000, clock.wall - 1_500, None),
        (62_500, clock.wall, "assessor"),
    ]


def test_hat_kind_needs_a_hat(store: SqlStore, database: Path) -> None:
    session = LiveSession.start(store, FakeClock(), "Anna")
    with pytest.raises(InvalidInput):
        session.tally(kind_ids(session)["hat"], None)
    with pytest.raises(InvalidInput):
        session.tally(kind_ids(session)["hat"], "wizard")
    assert tally_rows(database) == []


def test_pauses_are_stored_and_excluded(store: SqlStore, database: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    clock.advance(10_000)
    session.pause()
    clock.advance(300_000)
    session.resume()
    clock.advance(5_000)
    session.tally(kind_ids(session)["coachee_action"])
    assert rows(database, "SELECT offset_ms, ended_at_ms - started_at_ms FROM pause") == [
        (10_000, 300_000)
    ]
    assert tally_rows(database) == [("coachee_action", 15_000, None)]


def test_undo_redo_and_end(store: SqlStore, database: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    ids = kind_ids(session)
    for key in ("advice", "coachee_action", "coachee_action"):
        clock.advance(1_000)
        session.tally(ids[key])
    taken_back = undone(session.undo())
    assert taken_back.count == 1
    assert session.undo() is not None
    assert tally_rows(database) == [("advice", 1_000, None)]
    redone = session.redo()
    assert isinstance(redone, TallyRedone) and redone.tally.offset_ms == 2_000
    assert tally_rows(database) == [("advice", 1_000, None), ("coachee_action", 2_000, None)]
    session.tally(ids["advice"])  # a new tally forgets what could be redone
    assert session.redo() is None
    session.end()
    assert session.state is State.ENDED
    assert store.open_session() is None
    with pytest.raises(InvalidInput):
        session.tally(ids["advice"])
    assert session.undo() is None


def test_an_open_session_is_offered_back_with_everything(database: Path) -> None:
    clock = FakeClock()
    first = open_store(database)
    session = LiveSession.start(first, clock, "Anna", 50)
    clock.advance(20_000)
    session.tally(kind_ids(session)["advice"])
    clock.advance(20_000)
    session.checkpoint()
    first.close()  # as if the process died here

    again = open_store(database)
    record = again.open_session()
    assert record is not None
    assert record.coachee.name == "Anna"
    assert record.last_stored_active_ms == 40_000
    resumed = LiveSession.recover(again, clock, record)
    assert resumed.elapsed_ms() == 40_000
    clock.advance(1_000)
    assert resumed.elapsed_ms() == 41_000
    assert resumed.count(kind_ids(resumed)["advice"]) == 1
    again.close()


def test_end_at_last_tally(store: SqlStore, database: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    clock.advance(30_000)
    last = written(session.tally(kind_ids(session)["advice"]))
    clock.advance(30_000)
    session.pause()
    record = store.open_session()
    assert record is not None
    end_at_last_tally(store, record)
    assert store.open_session() is None
    assert rows(database, "SELECT active_ms FROM coaching_session") == [(last.tally.offset_ms,)]
    assert rows(database, "SELECT COUNT(*) FROM pause WHERE ended_at_ms IS NULL") == [(0,)]


def test_ending_a_paused_session_ends_its_pause_at_the_same_moment(
    store: SqlStore, database: Path
) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    clock.advance(10_000)
    session.pause()
    clock.advance(60_000)
    ended = session.end()
    assert ended.active_ms == 10_000 and session.elapsed_ms() == 10_000
    assert rows(
        database,
        "SELECT p.ended_at_ms = s.ended_at_ms, s.active_ms "
        "FROM pause p JOIN coaching_session s ON s.id = p.session_id",
    ) == [(1, 10_000)]


def test_a_session_without_tallies_ends_at_its_last_stored_time(
    store: SqlStore, database: Path
) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    clock.advance(40_000)
    session.checkpoint()
    record = store.open_session()
    assert record is not None
    end_at_last_tally(store, record)
    assert rows(
        database, "SELECT active_ms, ended_at_ms - started_at_ms FROM coaching_session"
    ) == [(40_000, 40_000)]


def test_an_ended_session_cannot_be_taken_up_or_ended_again(store: SqlStore) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    session.end()
    record = store.session_record(session.id)
    with pytest.raises(InvalidInput, match="has ended"):
        LiveSession.recover(store, clock, record)
    with pytest.raises(InvalidInput, match="has ended"):
        end_at_last_tally(store, record)


def test_only_one_session_is_ever_open(store: SqlStore) -> None:
    LiveSession.start(store, FakeClock(), "Anna")
    with pytest.raises(StoreWriteFailed, match="still open"):
        LiveSession.start(store, FakeClock(), "Bert")


def test_same_name_same_coachee(store: SqlStore) -> None:
    clock = FakeClock()
    first = LiveSession.start(store, clock, "  Anna ")
    first.end()
    second = LiveSession.start(store, clock, "Anna")
    assert first.coachee == second.coachee
    assert [c.name for c in store.coachees()] == ["Anna"]


operations = st.lists(
    st.sampled_from(["advice", "coachee_action", "hat", "mark", "undo", "redo", "pause", "wait"]),
    max_size=30,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations)
def test_counts_shown_equal_rows_stored(tmp_path: Path, ops: list[str]) -> None:
    database = Path(tempfile.mkdtemp(dir=tmp_path)) / "coachdesk.sqlite3"
    store = open_store(database)
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    ids = kind_ids(session)
    for op in ops:
        clock.advance(700)
        if op in ids:
            if session.state is State.PAUSED:
                session.resume()
            result = session.tally(ids[op], "mentor" if op == "hat" else None)
            assert isinstance(result, TallyAdded)
        elif op == "mark":
            session.mark()
        elif op == "undo":
            session.undo()
        elif op == "redo":
            session.redo()
        elif op == "pause":
            session.pause() if session.state is State.RUNNING else session.resume()
        for key, kind_id in ids.items():
            stored = rows(database, "SELECT COUNT(*) FROM tally WHERE kind_id = ?", kind_id)
            assert session.count(kind_id) == stored[0][0], key
        marked = sorted((m.id, m.offset_ms) for m in session.markers)
        assert marked == rows(database, "SELECT id, offset_ms FROM marker ORDER BY id")
    while session.redo() is not None:  # what could still be redone, done
        pass
    everything = (tally_rows(database), rows(database, "SELECT * FROM marker ORDER BY id"))
    while session.undo() is not None:  # all of it taken back, then all of it brought back
        pass
    assert tally_rows(database) == [] and rows(database, "SELECT * FROM marker") == []
    while session.redo() is not None:
        pass
    assert (tally_rows(database), rows(database, "SELECT * FROM marker ORDER BY id")) == everything
    store.close()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(n=st.integers(1, 8), k=st.integers(1, 8))
def test_undo_then_redo_is_identity(tmp_path: Path, n: int, k: int) -> None:
    database = Path(tempfile.mkdtemp(dir=tmp_path)) / "coachdesk.sqlite3"
    store = open_store(database)
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    for i in range(n):
        clock.advance(1_000)
        session.tally(session.kinds[i % 2].id)
    before = tally_rows(database), session.tallies
    for _ in range(k):
        session.undo()
    for _ in range(k):
        session.redo()
    assert (tally_rows(database), session.tallies) == before
    store.close()


def test_undo_takes_back_a_mark_when_it_was_the_last_thing_done(
    store: SqlStore, database: Path
) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    ids = kind_ids(session)
    marks = "SELECT offset_ms, note FROM marker ORDER BY id"
    clock.advance(1_000)
    session.tally(ids["advice"])
    first = session.mark().marker
    session.note_marker(first, "her plan")
    clock.advance(1_000)
    session.tally(ids["coachee_action"])
    clock.advance(1_000)
    session.mark()
    steps = [session.undo() for _ in range(4)]
    assert [type(s).__name__ for s in steps] == [
        "MarkerRemoved",
        "TallyUndone",
        "MarkerRemoved",
        "TallyUndone",
    ]  # the other way round from how they were done
    removed = steps[2]
    assert isinstance(removed, MarkerRemoved) and removed.marker.note == "her plan"
    assert rows(database, marks) == [] and tally_rows(database) == []
    assert not session.can_undo()
    redone = [session.redo() for _ in range(4)]
    assert isinstance(redone[1], MarkerRestored) and redone[1].marker.id == first.id
    assert rows(database, marks) == [(1_000, "her plan"), (3_000, "")]
    assert tally_rows(database) == [("advice", 1_000, None), ("coachee_action", 2_000, None)]
    assert session.redo() is None
    session.mark()  # something new done: what was undone stays undone
    assert isinstance(session.undo(), MarkerRemoved)
    session.remove_marker(session.markers[-1])  # the field's Remove mark: no longer undoable
    assert not isinstance(session.undo(), MarkerRemoved)
    assert rows(database, marks) == [(1_000, "her plan")]


def test_a_recovered_session_undoes_its_marks_in_the_order_they_were_made(
    store: SqlStore, database: Path
) -> None:
    clock = FakeClock()
    first = LiveSession.start(store, clock, "Anna")
    ids = kind_ids(first)
    clock.advance(1_000)
    first.mark()
    clock.advance(1_000)
    first.tally(ids["advice"])
    record = store.open_session()
    assert record is not None
    again = LiveSession.recover(store, clock, record)  # the app restarted mid-session
    assert type(again.undo()).__name__ == "TallyUndone"
    assert isinstance(again.undo(), MarkerRemoved)
    assert rows(database, "SELECT count(*) FROM marker") == [(0,)]
