"""What the session review reads and writes, against the real SQLite store: notes, session
lists and the balances of earlier sessions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coachdesk.domain.errors import InvalidInput, StoreWriteFailed
from coachdesk.domain.model import SessionId
from coachdesk.domain.ports import ReviewStore
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import SqlStore, open_store
from tests.dbcheck import rows
from tests.fakes import FakeClock


def session(
    store: SqlStore,
    clock: FakeClock,
    name: str,
    coach: int = 0,
    coachee: int = 0,
    hats: int = 0,
    *,
    end: bool = True,
) -> SessionId:
    """A session with that many advice, coachee-action and hat tallies; then an hour passes."""
    live = LiveSession.start(store, clock, name)
    ids = {k.key: k.id for k in live.kinds}
    for key, n in (("advice", coach), ("coachee_action", coachee), ("hat", hats)):
        for _ in range(n):
            clock.advance(1_000)
            live.tally(ids[key], "coach" if key == "hat" else None)
    if end:
        clock.advance(1_000)
        live.end()
    clock.advance(3_600_000)
    return live.id


def test_sql_store_is_a_review_store(store: SqlStore) -> None:
    review: ReviewStore = store  # mypy checks the protocol; this checks it at run time too
    assert callable(review.previous_balances)


# -- notes -----------------------------------------------------------------------------


def test_notes_are_stored_replaced_and_removed(store: SqlStore, database: Path) -> None:
    clock = FakeClock()
    first = session(store, clock, "Anna")
    other = session(store, clock, "Bram")
    assert store.notes(first) == {}

    store.save_note(first, "goal", "Calmer meetings", 100)
    store.save_note(first, "insight", "Asks before advising", 110)
    store.save_note(other, "goal", "Someone else's goal", 120)
    assert store.notes(first) == {"goal": "Calmer meetings", "insight": "Asks before advising"}

    store.save_note(first, "goal", "Calmer, shorter meetings", 200)
    assert rows(
        database,
        "SELECT field, text, updated_at_ms FROM session_note WHERE session_id = ? ORDER BY field",
        first,
    ) == [("goal", "Calmer, shorter meetings", 200), ("insight", "Asks before advising", 110)]

    store.save_note(first, "insight", "", 300)
    store.save_note(first, "never-written", "", 300)  # removing what is not there: no error
    assert rows(database, "SELECT session_id, field FROM session_note ORDER BY session_id") == [
        (first, "goal"),
        (other, "goal"),
    ]
    assert store.notes(first) == {"goal": "Calmer, shorter meetings"}
    assert store.notes(other) == {"goal": "Someone else's goal"}


@pytest.mark.parametrize(
    "text",
    [
        "Coachee beamed 😊 when she named it 🎯; 👩🏽‍💼 next time",
        "x" * 19_999 + "😊",
        "line one\nline two\r\n\ttabbed, 'quoted' and \"double\"; DROP TABLE tally; --",
        " leading and trailing spaces stay ",
    ],
    ids=["emoji", "20000-chars", "newlines-and-quotes", "spaces"],
)
def test_a_note_comes_back_exactly_as_written(store: SqlStore, database: Path, text: str) -> None:
    sid = session(store, FakeClock(), "Anna")
    store.save_note(sid, "goal", text, 1)
    assert store.notes(sid) == {"goal": text}
    assert rows(database, "SELECT text, length(text) FROM session_note") == [(text, len(text))]


def test_a_note_survives_closing_and_reopening(database: Path) -> None:
    first = open_store(database)
    sid = session(first, FakeClock(), "Anna")
    first.save_note(sid, "goal", "Still here 🌱", 1)
    first.close()

    again = open_store(database)
    try:
        assert again.notes(sid) == {"goal": "Still here 🌱"}
    finally:
        again.close()


def test_a_note_for_no_session_is_refused_and_not_stored(store: SqlStore, database: Path) -> None:
    with pytest.raises(StoreWriteFailed):
        store.save_note(SessionId(999), "goal", "orphan", 1)
    assert rows(database, "SELECT COUNT(*) FROM session_note") == [(0,)]


def test_notes_go_with_their_session(store: SqlStore, database: Path) -> None:
    sid = session(store, FakeClock(), "Anna")
    store.save_note(sid, "goal", "gone with it", 1)
    with sqlite3.connect(database) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM coaching_session WHERE id = ?", (sid,))
    conn.close()
    assert rows(database, "SELECT COUNT(*) FROM session_note") == [(0,)]


# -- sessions --------------------------------------------------------------------------


def test_an_unknown_session_is_named(store: SqlStore) -> None:
    with pytest.raises(InvalidInput, match="no session 999"):
        store.session_record(SessionId(999))


def test_session_lists_are_newest_first(store: SqlStore) -> None:
    clock = FakeClock()
    anna_1 = session(store, clock, "Anna", coach=1)
    session(store, clock, "Bram")
    anna_2 = session(store, clock, "Anna", coachee=2)
    anna_open = session(store, clock, "Anna", end=False)
    anna = store.coachees()[0]
    assert anna.name == "Anna"

    listed = store.sessions_of(anna.id)
    assert [s.id for s in listed] == [anna_open, anna_2, anna_1]
    assert all(s.coachee == anna for s in listed)
    assert listed[0].ended_at_ms is None
    record = store.session_record(anna_2)
    assert (listed[1].started_at_ms, listed[1].active_ms, listed[1].ended_at_ms) == (
        record.started_at_ms,
        record.active_ms,
        record.ended_at_ms,
    )
    assert listed[1].active_ms == 3_000


def test_a_coachee_without_sessions_has_none(store: SqlStore) -> None:
    nobody = store.coachee_named("Cas", 0)
    assert store.sessions_of(nobody.id) == []


# -- previous balances -----------------------------------------------------------------


def test_previous_balances_are_the_newest_ended_ones_oldest_first(store: SqlStore) -> None:
    clock = FakeClock()
    counts = [(1, 0), (2, 1), (0, 3), (4, 4), (5, 0), (0, 0), (2, 2)]
    for coach, coachee in counts:
        session(store, clock, "Anna", coach, coachee, hats=1)  # hats count for neither side
        session(store, clock, "Bram", 9, 9)
    current = session(store, clock, "Anna", 3, 3, end=False)
    anna = store.coachees()[0]
    assert anna.name == "Anna"
    now = store.session_record(current).started_at_ms

    assert store.previous_balances(anna.id, now) == counts[-5:]
    assert store.previous_balances(anna.id, now, limit=2) == counts[-2:]
    assert store.previous_balances(anna.id, now, limit=50) == counts
    assert store.previous_balances(anna.id, now, limit=0) == []
    # Only sessions that started before the given time: not that session itself, nor later.
    third = store.sessions_of(anna.id)[::-1][2]
    assert store.previous_balances(anna.id, third.started_at_ms) == counts[:2]
    assert store.previous_balances(anna.id, third.started_at_ms + 1) == counts[:3]
    # The open session counts only once it has ended.
    assert store.previous_balances(anna.id, clock.now_ms(), limit=1) == [(2, 2)]


def test_no_previous_balances_for_a_first_session(store: SqlStore) -> None:
    clock = FakeClock()
    first = session(store, clock, "Anna", 1, 1)
    record = store.session_record(first)
    assert store.previous_balances(record.coachee.id, record.started_at_ms) == []
