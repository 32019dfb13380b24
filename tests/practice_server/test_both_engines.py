"""The store's record-level checks, on both ways records travel between two data folders: an
archive (export, then import) and the practice server (one folder syncs up, the other syncs
down). Every field of every record must arrive as it left, and carrying the same records
again must change nothing, whichever way they went."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

import psycopg
import pytest

from coachdesk.domain import archive
from coachdesk.domain.agreed_actions import Outcome
from coachdesk.domain.archive import Archive, ImportReport
from coachdesk.domain.history import Counting
from coachdesk.domain.model import CoacheeId
from coachdesk.store import SqlStore, open_store
from coachdesk.store.server.sync import Sent, sync
from tests.fakes import FakeClock
from tests.practice import add_scheme_session, add_session, make_practice
from tests.store.support import counts, exported, imported

#: Where each data folder's database lives.
DATABASE = "coachdesk.sqlite3"


@dataclass(frozen=True)
class Carried:
    """What carrying the records once did on the receiving folder (and, for the server, on
    the sending one)."""

    received: ImportReport
    #: Nothing but new records moved: no difference reported or listed on either side.
    quiet: bool


#: Carries every record of one data folder into another.
Carry = Callable[[Path, Path], Carried]


def by_archive(source: Path, target: Path) -> Carried:
    """Export from ``source``, written and read as the archive file is, then import."""
    whole = archive.parse(archive.dumps(exported(source / DATABASE)))
    report = imported(target / DATABASE, whole)
    return Carried(report, not report.conflicts)


def by_server(url: str) -> Carry:
    """``source`` syncs up to the server as a coach, then ``target`` (the coach's other
    computer) syncs down."""

    def carry(source: Path, target: Path) -> Carried:
        quiet = True
        received = ImportReport()
        for folder in (source, target):
            store = open_store(folder / DATABASE)
            try:
                with psycopg.connect(url) as conn:
                    report = sync(store, folder, conn, 1_800_000_000_000)
            finally:
                store.close()
            quiet = quiet and not report.differences and not report.to_settle
            if folder == target:
                received = report.received
                assert report.sent == Sent(), "the receiving side had nothing to send"
        return Carried(received, quiet)

    return carry


@pytest.fixture(params=["archive", "server"])
def carry(request: pytest.FixtureRequest) -> Carry:
    if request.param == "archive":
        return by_archive
    practice = request.getfixturevalue("practice")  # the throwaway cluster, only for this one
    return by_server(practice.login("anna"))


def canonical(records: Archive) -> Archive:
    """The same records in one order, whatever order each side stored them in."""
    return replace(
        records,
        exported_at_ms=0,
        kinds=tuple(sorted(records.kinds, key=lambda k: k.key)),
        coachees=tuple(
            replace(c, sessions=tuple(sorted(c.sessions, key=lambda s: s.uid)))
            for c in sorted(records.coachees, key=lambda c: c.uid)
        ),
    )


def with_every_field(database: Path) -> None:
    """The practice of the store's tests, and a record of every kind of field besides: a
    session left out, one counted anyway, one with no planned time and a pause running when
    it ended, moments marked (with and without a note), agreed actions with an outcome, notes
    on coachees, an archived coachee, a session recorded with another tally scheme, and text
    beyond ASCII."""
    clock = FakeClock(now_ms=1_790_000_000_000)
    make_practice(database, clock)
    store = open_store(database)
    try:
        bram = coachee(store, "Bram")
        kept = add_session(store, clock, "Bram", "her own plan\nline two, ünïcode ✓")
        left_out = add_session(store, clock, "Bram")
        store.set_left_out(left_out.id, True)
        short = add_session(store, clock, "Bram")
        store.set_counting(short.id, Counting.ANYWAY)
        quiet = store.start_session(bram, clock.now_ms(), None)
        store.start_pause(quiet, 0, clock.now_ms())
        store.end_session(quiet, 0, clock.now_ms() + 5)
        first = store.add_marker(kept.id, 61_000, clock.now_ms())
        store.set_marker_note(first, "the turn: she named the budget ✓")
        store.add_marker(kept.id, 62_000, clock.now_ms() + 1)
        store.set_agreed_actions(kept.id, ["ask her manager for a day a week", "write it down"])
        store.set_outcome(store.agreed_actions(kept.id)[0].id, Outcome.PARTLY)
        store.set_coachee_note(bram, "prefers mornings ✓")
        add_session(store, clock, "Dana Özdemir")
        store.set_archived(coachee(store, "Dana Özdemir"), True, clock.now_ms())
        add_scheme_session(store, clock, "Bram")  # recorded with the GROW scheme
    finally:
        store.close()


def coachee(store: SqlStore, name: str) -> CoacheeId:
    return next(c.id for c in store.coachees() if c.name == name)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "source"
    with_every_field(folder / DATABASE)
    return folder


def test_every_field_of_every_record_arrives_as_it_left(
    carry: Carry, source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target"
    done = carry(source, target)
    assert done.quiet
    assert (done.received.coachees, done.received.sessions) == (4, 12)
    assert canonical(exported(target / DATABASE)) == canonical(exported(source / DATABASE))
    assert counts(target / DATABASE) == counts(source / DATABASE)


def test_carrying_the_same_records_again_changes_nothing(
    carry: Carry, source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target"
    carry(source, target)
    before = canonical(exported(target / DATABASE))
    again = carry(source, target)
    assert again.quiet and again.received == ImportReport() and not again.received.changed
    assert canonical(exported(target / DATABASE)) == before
    assert canonical(exported(source / DATABASE)) == before


def test_a_later_session_joins_its_coachee_on_the_other_side(
    carry: Carry, source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target"
    carry(source, target)
    store = open_store(source / DATABASE)
    try:
        add_session(store, FakeClock(now_ms=1_900_000_000_000), "Bram", "a later session")
    finally:
        store.close()
    done = carry(source, target)
    assert done.quiet and (done.received.coachees, done.received.sessions) == (0, 1)
    assert (done.received.tallies, done.received.notes) == (4, 2)
    assert canonical(exported(target / DATABASE)) == canonical(exported(source / DATABASE))


def test_the_records_carried_vary_in_every_field(source: Path) -> None:
    """Keeps the checks above complete: a field that holds one value in every record (say, a
    new field left at its default) would pass even if a way of carrying dropped it. Give it
    another value in :func:`with_every_field` when this fails."""
    records = exported(source / DATABASE)
    sessions = [s for c in records.coachees for s in c.sessions]
    for kind, found in (
        ("coachee", list(records.coachees)),
        ("session", sessions),
        ("tally", [t for s in sessions for t in s.tallies]),
        ("pause", [p for s in sessions for p in s.pauses]),
        ("marker", [m for s in sessions for m in s.markers]),
        ("agreed action", [a for s in sessions for a in s.agreed]),
    ):
        assert found, f"no {kind} carried"
        for field in fields(found[0]):
            values = {repr(getattr(record, field.name)) for record in found}
            assert len(values) > 1, f"every {kind} has one {field.name}: {values}"
