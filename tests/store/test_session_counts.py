"""The kept per-session counts always equal the tallies, whatever the order of changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.domain.history import HistoryFilter
from coachdesk.domain.model import Hat, Tally, TallyId, TallyKindId
from coachdesk.store import SqlStore, open_store
from tests.dbcheck import rows

HATS = [h.value for h in Hat]

# One change to a session's record: add (kind 1..3), delete, bring back, or change a tally.
change = st.one_of(
    st.tuples(st.just("add"), st.integers(1, 3), st.sampled_from(HATS)),
    st.tuples(st.just("delete"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("restore"), st.integers(0, 50), st.just("")),
    st.tuples(st.just("update"), st.integers(0, 50), st.sampled_from(HATS)),
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SqlStore, Path]]:
    database = tmp_path_factory.mktemp("counts") / "coachdesk.sqlite3"
    store = open_store(database)
    yield store, database
    store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(change, max_size=25), kind_of_change=st.integers(1, 3))
def test_counts_follow_every_change(
    shared: tuple[SqlStore, Path], changes: list[tuple[str, int, str]], kind_of_change: int
) -> None:
    store, database = shared
    coachee = store.coachee_named("Anna", 0)
    left_open = store.open_session()  # by an earlier example that failed half-way
    if left_open is not None:
        store.end_session(left_open.id, 0, 0)
    session = store.start_session(coachee.id, 0, None)
    live: list[Tally] = []
    undone: list[Tally] = []
    for action, number, hat in changes:
        if action == "add":
            detail = hat if number == 3 else None
            kind = TallyKindId(number)
            tally_id = store.add_tally(session, kind, len(live), len(live), detail)
            live.append(Tally(tally_id, session, kind, len(live), len(live), detail))
            undone.clear()  # as in the recorder: a new tally ends what could be brought back
        elif action == "delete" and live:
            gone = live.pop(number % len(live))
            store.delete_tally(gone.id)
            undone.append(gone)
        elif action == "restore" and undone:
            back = undone.pop(number % len(undone))
            store.restore_tally(back)
            live.append(back)
        elif action == "update" and live:
            old = live.pop(number % len(live))
            kind = TallyKindId(kind_of_change)
            detail = hat if kind_of_change == 3 else None
            store.update_tally(old.id, kind, detail)
            live.append(Tally(TallyId(old.id), session, kind, old.offset_ms, old.at_ms, detail))
    store.end_session(session, 60_000, 60_000)

    kept = rows(
        database,
        "SELECT kind_id, detail, n FROM session_count WHERE session_id = ? ORDER BY 1, 2",
        session,
    )
    expected: dict[tuple[int, str], int] = {}
    for t in live:
        key = (t.kind_id, t.detail or "")
        expected[key] = expected.get(key, 0) + 1
    assert kept == sorted((k, d, n) for (k, d), n in expected.items())
    facts = next(f for f in store.trajectory(coachee.id, HistoryFilter()) if f.id == session)
    assert sum(facts.kind_counts.values()) == len(live)
    assert facts.coach_side == sum(t.kind_id == 1 for t in live)
    assert facts.coachee_side == sum(t.kind_id == 2 for t in live)
