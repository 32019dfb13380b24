"""Agreed actions in the store: on disk as typed, kept across a restart, followed up at the
coachee's next session, counted per session, gone with their session."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coachdesk.domain import archive
from coachdesk.domain.agreed_actions import ActionsDone, Outcome, actions_in
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.model import SessionId
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import SqlStore, open_store
from coachdesk.store.transfer import import_archive, read_archive
from tests.dbcheck import rows
from tests.fakes import FakeClock

ACTIONS = "SELECT session_id, position, text, outcome FROM agreed_action ORDER BY id"


def ended(store: SqlStore, clock: FakeClock, name: str) -> SessionId:
    session = LiveSession.start(store, clock, name, 45)
    clock.advance(60_000)
    session.end()
    clock.advance(3_600_000)
    return session.id


def test_actions_are_on_disk_as_typed_and_survive_a_restart(
    store: SqlStore, database: Path
) -> None:
    session = ended(store, FakeClock(), "Anna")
    store.set_agreed_actions(
        session, actions_in("ask Kim for   feedback\n\n try the 2-minute rule")
    )
    assert rows(database, ACTIONS) == [
        (session, 0, "ask Kim for feedback", None),
        (session, 1, "try the 2-minute rule", None),
    ]
    store.close()
    reopened = open_store(database)
    try:
        assert [a.text for a in reopened.agreed_actions(session)] == [
            "ask Kim for feedback",
            "try the 2-minute rule",
        ]
    finally:
        reopened.close()


def test_an_action_keeps_its_outcome_on_its_line_and_a_line_taken_away_goes(
    store: SqlStore, database: Path
) -> None:
    session = ended(store, FakeClock(), "Anna")
    store.set_agreed_actions(session, ["ask Kim", "walk at noon", "write it down"])
    first = store.agreed_actions(session)[0]
    store.set_outcome(first.id, Outcome.PARTLY)
    store.set_agreed_actions(session, ["ask Kim for feedback", "walk at noon"])
    assert rows(database, ACTIONS) == [
        (session, 0, "ask Kim for feedback", "partly"),
        (session, 1, "walk at noon", None),
    ]
    store.set_outcome(first.id, None)
    assert rows(database, "SELECT outcome FROM agreed_action WHERE id = ?", first.id) == [(None,)]


def test_the_next_session_of_the_same_coachee_follows_them_up(store: SqlStore) -> None:
    clock = FakeClock()
    first = ended(store, clock, "Anna")
    store.set_agreed_actions(first, ["ask Kim"])
    other = ended(store, clock, "Bram")
    store.set_agreed_actions(other, ["not Anna's"])
    second = ended(store, clock, "Anna")  # agreed nothing new
    live = LiveSession.start(store, clock, "Anna", 45)

    assert [a.text for a in store.actions_to_follow_up(live.id)] == ["ask Kim"]
    assert [a.text for a in store.actions_to_follow_up(second)] == ["ask Kim"]
    assert store.actions_to_follow_up(first) == []
    assert store.actions_to_follow_up(other) == []


def test_how_they_came_back_is_counted_per_session(store: SqlStore) -> None:
    clock = FakeClock()
    first = ended(store, clock, "Anna")
    second = ended(store, clock, "Anna")
    ended(store, clock, "Anna")
    store.set_agreed_actions(first, ["a", "b", "c"])
    store.set_agreed_actions(second, ["d"])
    a, b, _c = store.agreed_actions(first)
    store.set_outcome(a.id, Outcome.DONE)
    store.set_outcome(b.id, Outcome.PARTLY)

    anna = store.coachees()[0].id
    assert store.actions_done(anna) == {
        first: ActionsDone(total=3, done=1, partly=1),
        second: ActionsDone(total=1),
    }
    assert store.actions_done(anna)[first].text() == "1 of 3 done, 1 partly"
    assert store.actions_done(anna)[second].text() == "1 agreed, not followed up yet"


def test_too_many_or_too_long_is_refused_before_the_store(store: SqlStore) -> None:
    with pytest.raises(InvalidInput, match="At most 9"):
        actions_in("\n".join(f"step {n}" for n in range(10)))
    with pytest.raises(InvalidInput, match="Agreed action 2 is longer than 200"):
        actions_in("fine\n" + "x" * 201)


def test_a_session_deleted_takes_its_actions_along(store: SqlStore, database: Path) -> None:
    session = ended(store, FakeClock(), "Anna")
    store.set_agreed_actions(session, ["ask Kim"])
    store.erase_session(session, database.parent, 0)
    assert rows(database, ACTIONS) == []


def test_an_archive_carries_them_with_their_outcomes_and_one_from_before_imports(
    store: SqlStore, tmp_path: Path
) -> None:
    clock = FakeClock()
    first = ended(store, clock, "Anna")
    ended(store, clock, "Anna")  # agreed nothing: written as before
    store.set_agreed_actions(first, ["ask Kim", "walk at noon"])
    store.set_outcome(store.agreed_actions(first)[0].id, Outcome.DONE)
    whole = read_archive(store.connection, 0)
    text = archive.dumps(whole)
    assert text.count(b'"agreed_actions"') == 1
    assert b'"agreed_actions":[{"text":"ask Kim","outcome":"done"}' in text
    assert archive.parse(text) == whole

    other_db = tmp_path / "b" / "coachdesk.sqlite3"
    other = open_store(other_db)
    try:
        import_archive(other.connection, archive.parse(text))
        assert read_archive(other.connection, 0) == whole
        assert import_archive(other.connection, whole) == archive.ImportReport()  # no conflict
    finally:
        other.close()
    assert rows(other_db, "SELECT position, text, outcome FROM agreed_action ORDER BY id") == [
        (0, "ask Kim", "done"),
        (1, "walk at noon", None),
    ]

    # An archive written before agreed actions existed: no "agreed_actions" key anywhere.
    document = json.loads(text)
    for coachee in document["coachees"]:
        for s in coachee["sessions"]:
            s.pop("agreed_actions", None)
    third_db = tmp_path / "c" / "coachdesk.sqlite3"
    third = open_store(third_db)
    try:
        import_archive(third.connection, archive.parse(json.dumps(document).encode()))
    finally:
        third.close()
    assert rows(third_db, "SELECT COUNT(*) FROM coaching_session") == [(2,)]
    assert rows(third_db, "SELECT COUNT(*) FROM agreed_action") == [(0,)]


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"text": "ask Kim", "outcome": "maybe"}, "agreed_actions[0].outcome"),
        ({"text": "\x1b[2J"}, "agreed_actions[0].text"),
        ({"text": "x" * 201}, "agreed_actions[0].text"),
        ({"outcome": "done"}, "agreed_actions[0].text"),
    ],
)
def test_an_archive_action_is_checked(store: SqlStore, change: dict[str, str], where: str) -> None:
    session = ended(store, FakeClock(), "Anna")
    store.set_agreed_actions(session, ["ask Kim"])
    document = json.loads(archive.dumps(read_archive(store.connection, 0)))
    document["coachees"][0]["sessions"][0]["agreed_actions"][0] = change
    with pytest.raises(InvalidInput, match=re.escape(where)):
        archive.parse(json.dumps(document).encode())
