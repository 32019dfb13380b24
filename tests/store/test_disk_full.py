"""A full disk during a session: the tally waits in memory, in order, and is written once the
disk has room; nothing written before is harmed."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.domain.errors import StoreWriteFailed
from coachdesk.domain.recorder import LiveSession, State, TallyAdded, TallyWaiting
from tests.dbcheck import rows
from tests.diskfull import store_on_filling_disk
from tests.fakes import FakeClock
from tests.written import written


def offsets(database: Path) -> list[tuple[int, int]]:
    return rows(database, "SELECT kind_id, offset_ms FROM tally ORDER BY id")


def test_tallies_wait_while_the_disk_is_full_and_are_written_in_order(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    store, disk = store_on_filling_disk(database)
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna", 45)
    advice, action = session.kinds[0].id, session.kinds[1].id
    clock.advance(1_000)
    written(session.tally(advice))
    before = offsets(database)

    disk.full = True
    clock.advance(1_000)
    first = session.tally(action)
    clock.advance(1_000)
    second = session.tally(advice)
    clock.advance(1_000)
    third = session.tally(advice)
    assert first == TallyWaiting(
        action, 1, f"Could not save to {database}: database or disk is full"
    )
    assert second == TallyWaiting(advice, 1, "")  # queued behind the first, not tried
    assert third == TallyWaiting(advice, 2, "")
    assert (session.count(advice), session.waiting(advice), session.waiting()) == (1, 2, 3)
    assert session.undo() == TallyWaiting(advice, 1, "")  # the waiting one goes first
    assert offsets(database) == before

    assert isinstance(session.retry()[0], TallyWaiting)  # still full
    with pytest.raises(StoreWriteFailed, match="2 tallies are not saved yet"):
        session.end()
    assert session.state is State.RUNNING

    disk.full = False
    done = session.retry()
    assert [type(c) for c in done] == [TallyAdded, TallyAdded]
    assert session.waiting() == 0 and session.count(advice) == 2
    assert offsets(database) == [*before, (action, 2_000), (advice, 3_000)]
    session.end()
    assert rows(database, "SELECT COUNT(*) FROM coaching_session WHERE ended_at_ms IS NULL") == [
        (0,)
    ]
    assert rows(database, "PRAGMA quick_check") == [("ok",)]
