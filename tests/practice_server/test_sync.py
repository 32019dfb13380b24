"""Sync by stable uids: two machines of one coach and a machine of another, one server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
import pytest

from coachdesk.domain.agreed_actions import Outcome
from coachdesk.domain.archive import Archive
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.history import Counting
from coachdesk.domain.model import CoacheeId
from coachdesk.domain.practice import COACHEE, CoacheeCopy, Difference
from coachdesk.store import SqlStore, open_store
from coachdesk.store import erasure as store_erasure
from coachdesk.store.server import SCHEMA, TABLES
from coachdesk.store.server.sync import LISTED_FILE, SYNCED_FILE, SyncReport, listed, settle, sync
from tests.fakes import FakeClock
from tests.practice import add_session, files_holding
from tests.practice_server.conftest import Practice


@dataclass
class Machine:
    """One coach's computer: a data folder, its store, and the coach's login."""

    folder: Path
    store: SqlStore
    url: str
    clock: FakeClock

    def sync(self, *, notes: bool = True) -> SyncReport:
        with psycopg.connect(self.url) as conn:
            return sync(self.store, self.folder, conn, self.clock.now_ms(), notes=notes)

    def settle(self, uid: str, *, keep_here: bool, notes: bool = True) -> bool:
        with psycopg.connect(self.url) as conn:
            return settle(
                self.store,
                conn,
                uid,
                keep_here=keep_here,
                now_ms=self.clock.now_ms(),
                notes=notes,
                data_dir=self.folder,
            )

    def listed(self) -> tuple[Difference, ...]:
        return listed(self.store, self.folder, self.clock.now_ms())

    def records(self) -> Archive:
        return canonical(self.store.read_archive(0))

    def coachee_id(self, name: str) -> CoacheeId:
        return next(c.id for c in self.store.coachees() if c.name == name)


def canonical(archive: Archive) -> Archive:
    """The same records in one order, whatever order each side stored them in."""
    return replace(
        archive,
        exported_at_ms=0,
        kinds=tuple(sorted(archive.kinds, key=lambda k: k.key)),
        coachees=tuple(
            replace(c, sessions=tuple(sorted(c.sessions, key=lambda s: s.uid)))
            for c in sorted(archive.coachees, key=lambda c: c.uid)
        ),
    )


@pytest.fixture
def machines(practice: Practice, tmp_path: Path) -> Iterator[dict[str, Machine]]:
    made = {}
    for name, coach, start in (
        ("anna-desk", "anna", 1_795_000_000_000),
        ("anna-laptop", "anna", 1_796_000_000_000),
        ("ben-desk", "ben", 1_797_000_000_000),
    ):
        folder = tmp_path / name
        made[name] = Machine(
            folder,
            open_store(folder / "coachdesk.sqlite3"),
            practice.login(coach),
            FakeClock(now_ms=start),
        )
    try:
        yield made
    finally:
        for machine in made.values():
            machine.store.close()


def server_rows(practice: Practice, coach: str) -> dict[str, int]:
    with psycopg.connect(practice.admin) as conn:
        return {
            t: int(conn.execute(f"SELECT count(*) FROM {SCHEMA}.{t} WHERE coach = %s", (coach,))
                   .fetchone()[0])  # type: ignore[index]
            for t in TABLES
        }  # fmt: skip


def test_two_machines_of_a_coach_end_up_holding_the_same_records(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop, ben = machines["anna-desk"], machines["anna-laptop"], machines["ben-desk"]
    add_session(desk.store, desk.clock, "Bram", "Bram's own plan")
    add_session(desk.store, desk.clock, "Chris")
    add_session(laptop.store, laptop.clock, "Dana", "Dana chose the course herself")
    add_session(ben.store, ben.clock, "Evi", "Evi's note")

    first = desk.sync()
    assert (first.sent.coachees, first.sent.sessions, first.sent.tallies) == (2, 2, 8)
    assert first.sent.notes == 2 and first.sent.pauses == 2 and first.sent.kinds == 3
    assert first.received.changed is False and first.differences == ()
    second = laptop.sync()
    assert (second.sent.coachees, second.received.coachees, second.received.sessions) == (1, 2, 2)
    assert second.differences == ()
    third = desk.sync()
    assert (third.received.coachees, third.received.sessions) == (1, 1)
    assert desk.records() == laptop.records()
    assert {c.name for c in desk.records().coachees} == {"Bram", "Chris", "Dana"}
    # Every row on the server is anna's own count of them, and ben sees none of it.
    assert server_rows(practice, "anna")["coaching_session"] == 3
    assert server_rows(practice, "anna")["tally"] == 12
    ben.sync()
    assert {c.name for c in ben.records().coachees} == {"Evi"}
    assert server_rows(practice, "ben")["coachee"] == 1


def test_a_round_with_nothing_new_changes_nothing(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    add_session(desk.store, desk.clock, "Bram", "Bram's own plan")
    add_session(laptop.store, laptop.clock, "Dana")
    for machine in (desk, laptop, desk):
        machine.sync()
    before = (server_rows(practice, "anna"), desk.records(), laptop.records())
    for machine in (desk, laptop):
        again = machine.sync()
        assert again.sent == type(again.sent)() and not again.received.changed
        assert again.differences == () and again.erased_here == 0
    assert (server_rows(practice, "anna"), desk.records(), laptop.records()) == before


def test_an_open_session_stays_local_until_it_ends(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk = machines["anna-desk"]
    running = add_session(desk.store, desk.clock, "Bram", end=False)
    assert desk.sync().sent.sessions == 0
    assert server_rows(practice, "anna")["coaching_session"] == 0
    running.end()
    assert desk.sync().sent.sessions == 1
    assert server_rows(practice, "anna")["coaching_session"] == 1


def test_an_erasure_travels_as_an_erasure(practice: Practice, machines: dict[str, Machine]) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    add_session(desk.store, desk.clock, "Bram", "Bram's own plan")
    add_session(desk.store, desk.clock, "Chris")
    desk.sync()
    laptop.sync()
    assert {c.name for c in laptop.records().coachees} == {"Bram", "Chris"}
    store_erasure.erase(
        desk.store.connection, desk.coachee_id("Bram"), desk.folder, desk.clock.now_ms()
    )
    up = desk.sync()
    assert up.sent.erasures == 2  # the coachee and their one session
    held = server_rows(practice, "anna")
    assert (held["coachee"], held["coaching_session"], held["erasure"]) == (1, 1, 2)
    with psycopg.connect(practice.admin) as conn:
        assert conn.execute(
            f"SELECT count(*) FROM {SCHEMA}.session_note WHERE text LIKE 'Bram%%'"
        ).fetchone() == (0,)
    down = laptop.sync()
    assert down.erased_here == 1 and not down.received.changed
    assert {c.name for c in laptop.records().coachees} == {"Chris"}
    laptop.store.close()
    assert files_holding(laptop.folder, "Bram's own plan") == []
    laptop.store = open_store(laptop.folder / "coachdesk.sqlite3")
    # Nothing brings Bram back: not the desk, not a sync from a machine that still had him.
    assert laptop.sync().received.coachees == 0
    assert desk.sync().sent.coachees == 0


def test_an_edit_on_one_machine_travels_to_the_other_on_the_next_syncs(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    """Edited after it went up, on one side only since the last round: the edit replaces
    the other copy, both ways, and nothing is listed."""
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    session = add_session(desk.store, desk.clock, "Bram", "first words")
    desk.sync()
    laptop.sync()
    uid = desk.store.session_record(session.id).uid
    # On the desk: the note changed, a tally fixed in the review, the session left out.
    desk.store.save_note(session.id, "note", "second thoughts", desk.clock.now_ms())
    desk.store.delete_tally(desk.store.session_record(session.id).tallies[0].id)
    desk.store.set_left_out(session.id, True)
    up = desk.sync()
    assert up.to_settle == () and up.differences == () and up.sent.updated == 1
    with psycopg.connect(practice.admin) as conn:
        notes = conn.execute(
            f"SELECT text FROM {SCHEMA}.session_note WHERE field = 'note'"
        ).fetchall()
    assert notes == [("second thoughts",)]
    down = laptop.sync()
    assert down.to_settle == () and down.updated_here == 1
    assert laptop.records() == desk.records()
    on_laptop = laptop.store.session_ids_by_uid(laptop.coachee_id("Bram"))[uid]
    assert laptop.store.notes(on_laptop)["note"] == "second thoughts"
    assert len(laptop.store.session_record(on_laptop).tallies) == 3
    assert laptop.store.session_record(on_laptop).left_out is True
    # And back: counted again on the laptop, the desk takes it.
    laptop.store.set_left_out(on_laptop, False)
    assert laptop.sync().sent.updated == 1
    assert desk.sync().updated_here == 1
    assert desk.store.session_record(session.id).left_out is False
    assert desk.records() == laptop.records()
    # Nothing new: nothing moves.
    for machine in (desk, laptop):
        again = machine.sync()
        assert (again.sent.updated, again.updated_here, again.to_settle) == (0, 0, ())


def test_an_edit_on_both_machines_is_listed_and_neither_overwritten(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    session = add_session(desk.store, desk.clock, "Bram", "first words")
    desk.sync()
    laptop.sync()
    uid = desk.store.session_record(session.id).uid
    desk.store.save_note(session.id, "note", "the desk's words", desk.clock.now_ms())
    on_laptop = laptop.store.session_ids_by_uid(laptop.coachee_id("Bram"))[uid]
    laptop.store.save_note(on_laptop, "note", "the laptop's words", laptop.clock.now_ms())
    assert desk.sync().sent.updated == 1  # the first to sync finds the server unchanged
    (listed,) = laptop.sync().to_settle
    assert (listed.uid, listed.what) == (uid, ("notes",))
    assert laptop.store.notes(on_laptop)["note"] == "the laptop's words"
    assert desk.store.notes(session.id)["note"] == "the desk's words"
    assert laptop.sync().to_settle == (listed,)  # listed until settled


def test_a_machine_without_the_last_synced_copy_lists_rather_than_guesses(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    """Its file of what was last synced lost (a round cut off before writing it): a session
    that differs is listed, never overwritten."""
    desk = machines["anna-desk"]
    session = add_session(desk.store, desk.clock, "Bram", "first words")
    desk.sync()
    desk.store.save_note(session.id, "note", "second thoughts", desk.clock.now_ms())
    (desk.folder / SYNCED_FILE).unlink()
    (listed,) = desk.sync().to_settle
    assert listed.what == ("notes",)
    assert desk.store.notes(session.id)["note"] == "second thoughts"


def test_a_cut_connection_leaves_nothing_half_done_and_the_next_round_finishes(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk = machines["anna-desk"]
    add_session(desk.store, desk.clock, "Bram", "Bram's own plan")
    with psycopg.connect(practice.admin, autocommit=True) as admin:
        # Hold the coach's sync lock, so the round waits inside its transaction ...
        admin.execute("SELECT pg_advisory_lock(hashtext('coachdesk sync anna'))")
        failed: list[BaseException] = []

        def round_() -> None:
            try:
                desk.sync()
            except BaseException as e:  # the cut, seen by the thread
                failed.append(e)

        worker = threading.Thread(target=round_)
        worker.start()
        for _ in range(600):  # ... until it waits there (polled; no timing is asserted)
            waiting = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE usename = 'anna'"
                " AND wait_event_type = 'Lock'"
            ).fetchall()
            if waiting:
                break
            time.sleep(0.05)
        assert waiting
        admin.execute("SELECT pg_terminate_backend(%s)", (waiting[0][0],))
        worker.join(timeout=60)
        admin.execute("SELECT pg_advisory_unlock_all()")
    assert len(failed) == 1 and isinstance(failed[0], psycopg.OperationalError)
    assert sum(server_rows(practice, "anna").values()) == 0
    report = desk.sync()
    assert (report.sent.coachees, report.sent.sessions) == (1, 1)
    assert server_rows(practice, "anna")["coaching_session"] == 1


def test_every_field_of_a_record_arrives_as_it_left(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    kept = add_session(desk.store, desk.clock, "Bram", "Bram's own plan\nline two, ünïcode ✓")
    left_out = add_session(desk.store, desk.clock, "Bram")
    # A session with no planned time and a pause still running when it ended.
    quiet = desk.store.start_session(desk.coachee_id("Bram"), desk.clock.now_ms(), None)
    desk.store.start_pause(quiet, 0, desk.clock.now_ms())
    desk.store.end_session(quiet, 0, desk.clock.now_ms() + 5)
    desk.store.set_left_out(left_out.id, True)
    short = add_session(desk.store, desk.clock, "Bram")
    desk.store.set_counting(short.id, Counting.ANYWAY)
    first = desk.store.add_marker(kept.id, 61_000, desk.clock.now_ms())
    desk.store.set_marker_note(first, "the turn: she named the budget ✓")
    desk.store.add_marker(kept.id, 62_000, desk.clock.now_ms() + 1)  # no note
    desk.store.set_coachee_note(desk.coachee_id("Bram"), "prefers mornings")
    add_session(desk.store, desk.clock, "Chris")
    desk.store.set_archived(desk.coachee_id("Chris"), True, desk.clock.now_ms())
    desk.sync()
    laptop.sync()
    assert laptop.records() == desk.records()
    sessions = {s.uid: s for c in laptop.records().coachees for s in c.sessions}
    assert sessions[desk.store.session_record(left_out.id).uid].left_out is True
    assert sessions[desk.store.session_record(quiet).uid].planned_minutes is None
    assert dict(sessions[desk.store.session_record(kept.id).uid].notes)["note"].endswith("✓")
    assert sessions[desk.store.session_record(short.id).uid].counted_anyway is True
    assert sessions[desk.store.session_record(short.id).uid].left_out is False
    assert [
        (m.offset_ms, m.note) for m in sessions[desk.store.session_record(kept.id).uid].markers
    ] == [
        (61_000, "the turn: she named the budget ✓"),
        (62_000, ""),
    ]
    # Carried as they are, nothing is reported as a difference on either machine.
    assert desk.sync().differences == () and laptop.sync().differences == ()
    assert server_rows(practice, "anna")["marker"] == 2


def test_two_coachees_of_one_name_made_apart_are_listed_and_neither_is_lost(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    on_desk = add_session(desk.store, desk.clock, "Bram", "made on the desk")
    on_laptop = add_session(laptop.store, laptop.clock, "Bram", "made on the laptop")
    desk.sync()
    report = laptop.sync()
    laptop_bram = next(c for c in laptop.records().coachees if c.name == "Bram")
    assert (
        f"Coachee {laptop_bram.uid}: another coachee on the server has that name; "
        "both were kept." in report.differences
    )
    # The laptop keeps its own session and gains the desk's, under its one Bram ...
    assert {s.uid for s in laptop_bram.sessions} == {
        desk.store.session_record(on_desk.id).uid,
        laptop.store.session_record(on_laptop.id).uid,
    }
    # ... while the server holds only what it knew: the laptop's session waits there.
    with psycopg.connect(practice.admin) as conn:
        held = conn.execute(f"SELECT uid::text FROM {SCHEMA}.coaching_session").fetchall()
    assert held == [(desk.store.session_record(on_desk.id).uid,)]


def server_text(practice: Practice) -> str:
    """Every row of every table on the server, as text (to look for a note in)."""
    with psycopg.connect(practice.admin) as conn:
        return "\n".join(
            str(row) for t in TABLES for row in conn.execute(f"SELECT * FROM {SCHEMA}.{t}")
        )


def with_every_kind_of_note(machine: Machine) -> None:
    session = add_session(machine.store, machine.clock, "Bram", "Qx9 session note")
    machine.store.set_coachee_note(machine.coachee_id("Bram"), "Qx9 note on Bram")
    marker = machine.store.add_marker(session.id, 61_000, machine.clock.now_ms())
    machine.store.set_marker_note(marker, "Qx9 moment note")


def test_everything_but_notes_keeps_every_note_off_the_server(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    with_every_kind_of_note(desk)
    report = desk.sync(notes=False)
    assert (report.sent.sessions, report.sent.notes, report.sent.markers) == (1, 0, 1)
    held = server_rows(practice, "anna")
    assert (held["coaching_session"], held["tally"], held["marker"]) == (1, 4, 1)
    assert held["session_note"] == 0
    assert "Qx9" not in server_text(practice)
    # The other machine gets the records without the notes; nobody reports a difference,
    # and the desk keeps its notes.
    assert laptop.sync(notes=False).differences == ()
    assert desk.sync(notes=False).differences == ()
    (bram,) = laptop.records().coachees
    assert bram.note == "" and bram.sessions[0].notes == ()
    assert [m.note for m in bram.sessions[0].markers] == [""]
    (here,) = desk.records().coachees
    assert here.note == "Qx9 note on Bram"
    assert dict(here.sessions[0].notes)["note"] == "Qx9 session note"


def test_choosing_it_later_takes_the_notes_off_and_everything_again_brings_them_back(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk = machines["anna-desk"]
    with_every_kind_of_note(desk)
    desk.sync()
    assert server_text(practice).count("Qx9") == 4  # two session notes, coachee, moment
    assert desk.sync(notes=False).differences == ()
    assert "Qx9" not in server_text(practice)
    back = desk.sync()
    assert back.differences == () and back.sent.notes == 2
    assert server_text(practice).count("Qx9") == 4
    assert desk.sync().sent == type(back.sent)()


def test_agreed_actions_travel_to_the_coachs_other_machine_and_are_no_difference(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    """A session's agreed actions, and how each came back, go up with it and come down on
    the coach's other machine; neither machine reports them as a difference."""
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    session = add_session(desk.store, desk.clock, "Bram")
    desk.store.set_agreed_actions(
        session.id, ["ask her manager for a day a week", "write the plan down ✓"]
    )
    first_action = desk.store.agreed_actions(session.id)[0].id
    desk.store.set_outcome(first_action, Outcome.PARTLY)
    first = desk.sync()
    assert first.differences == () and first.sent.agreed == 2
    assert server_rows(practice, "anna")["agreed_action"] == 2
    assert desk.sync().differences == ()
    assert laptop.sync().differences == ()
    assert laptop.records() == desk.records()
    ((there,),) = [c.sessions for c in laptop.records().coachees]
    assert [(a.text, a.outcome) for a in there.agreed] == [
        ("ask her manager for a day a week", Outcome.PARTLY),
        ("write the plan down ✓", None),
    ]
    # The laptop shows them where the coach looks for them: at Bram's next session.
    bram = laptop.coachee_id("Bram")
    following = laptop.store.start_session(bram, laptop.clock.now_ms(), 45)
    assert [a.text for a in laptop.store.actions_to_follow_up(following)] == [
        "ask her manager for a day a week",
        "write the plan down ✓",
    ]
    assert desk.sync().differences == ()


def test_agreed_actions_stay_home_with_the_notes_and_follow_when_everything_goes(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    """They are text typed about the coachee: everything but notes keeps them on this
    machine (and takes those that went up off the server); everything again sends them."""
    desk = machines["anna-desk"]
    session = add_session(desk.store, desk.clock, "Bram")
    desk.store.set_agreed_actions(session.id, ["Qx9 call the old team"])
    assert desk.sync(notes=False).differences == ()
    assert "Qx9" not in server_text(practice)
    back = desk.sync()
    assert back.differences == () and server_text(practice).count("Qx9") == 1
    assert desk.sync(notes=False).differences == ()
    assert "Qx9" not in server_text(practice)
    assert [len(s.agreed) for c in desk.records().coachees for s in c.sessions] == [1]


def test_a_session_that_went_up_before_the_server_carried_agreed_actions_gets_them(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    """As on a server upgraded to s0003 after the session went up: its actions follow at
    the next round, not reported as a difference."""
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    session = add_session(desk.store, desk.clock, "Bram", "a note")
    desk.store.set_agreed_actions(session.id, ["call the old team"])
    desk.sync()
    with psycopg.connect(practice.admin) as conn:
        conn.execute(f"DELETE FROM {SCHEMA}.agreed_action")
    again = desk.sync()
    assert again.differences == () and again.sent.agreed == 1
    assert server_rows(practice, "anna")["agreed_action"] == 1
    assert laptop.sync().differences == ()
    assert laptop.records() == desk.records()


def apart(machines: dict[str, Machine]) -> tuple[Machine, Machine, str]:
    """Bram's second session on both of anna's machines, then edited on each while apart
    (the desk fixes a tally and its note, the laptop leaves it out), and Dana's session
    that nobody touched; the session's uid."""
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    add_session(desk.store, desk.clock, "Bram", "first session")
    session = add_session(desk.store, desk.clock, "Bram", "first words")
    add_session(desk.store, desk.clock, "Dana", "Dana's note")
    desk.sync()
    laptop.sync()
    assert laptop.records() == desk.records()
    uid = desk.store.session_record(session.id).uid
    desk.store.save_note(session.id, "note", "the desk's words", desk.clock.now_ms())
    desk.store.delete_tally(desk.store.session_record(session.id).tallies[0].id)
    on_laptop = laptop.store.session_ids_by_uid(laptop.coachee_id("Bram"))[uid]
    laptop.store.set_left_out(on_laptop, True)
    assert laptop.sync().sent.updated == 1  # the first back finds the server unchanged
    return desk, laptop, uid


def test_a_difference_names_the_coachee_the_session_and_what_differs(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop, uid = apart(machines)
    (found,) = desk.sync().to_settle
    assert (found.uid, found.coachee, found.number) == (uid, "Bram", 2)
    assert found.what == ("tallies", "notes", "whether it counts")
    # The laptop's copy is the server's: nothing to settle there.
    assert laptop.sync().to_settle == ()
    # Listed round after round until settled; both copies stay as they were.
    assert desk.sync().to_settle == (found,)
    session_id = desk.store.session_ids_by_uid(desk.coachee_id("Bram"))[uid]
    assert desk.store.notes(session_id)["note"] == "the desk's words"


def test_keep_this_computers_replaces_the_servers_copy_and_nothing_else(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop, uid = apart(machines)
    (found,) = desk.sync().to_settle
    assert found.uid == uid
    others_before = [r for r in server_text(practice).splitlines() if uid not in r]
    assert desk.settle(uid, keep_here=True) is True
    assert [r for r in server_text(practice).splitlines() if uid not in r] == others_before
    # Settled: the desk lists it no more, and its copy is the server's.
    assert desk.sync().to_settle == ()
    with psycopg.connect(practice.admin) as conn:
        held = conn.execute(
            f"SELECT text FROM {SCHEMA}.session_note WHERE session_uid = %s AND field = 'note'",
            (uid,),
        ).fetchall()
    assert held == [("the desk's words",)]
    # The laptop, unchanged since its last round, takes the copy now on the server.
    down = laptop.sync()
    assert down.to_settle == () and down.updated_here == 1
    assert laptop.records() == desk.records()


def test_take_the_servers_replaces_this_computers_copy_and_nothing_else(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, _laptop, uid = apart(machines)
    server_before = server_text(practice)
    (found,) = desk.sync().to_settle
    assert found.uid == uid
    before = desk.records()
    assert desk.settle(uid, keep_here=False) is True
    after = desk.records()
    # Only that session changed, to the server's copy (the laptop's edit is not there yet).
    assert [c.uid for c in after.coachees] == [c.uid for c in before.coachees]
    changed = [
        s.uid
        for c, d in zip(before.coachees, after.coachees, strict=True)
        for s, t in zip(c.sessions, d.sessions, strict=True)
        if s != t
    ]
    assert changed == [uid]
    ((taken,),) = [
        [s for s in c.sessions if s.uid == uid] for c in after.coachees if c.name == "Bram"
    ]
    assert dict(taken.notes)["note"] == "first words" and len(taken.tallies) == 4
    assert server_text(practice) == server_before
    assert desk.sync().to_settle == ()
    # The tallies shown are the tallies stored: the session reads back as the server's.
    session_id = desk.store.session_ids_by_uid(desk.coachee_id("Bram"))[uid]
    assert len(desk.store.session_record(session_id).tallies) == 4
    assert desk.settle("00000000-0000-4000-8000-00000000dead", keep_here=False) is False


def test_a_machine_keeping_notes_home_never_takes_notes_away_from_another(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    """The server's copy without notes (the laptop keeps notes home) is never taken as an
    edit: the desk, unchanged, keeps its notes and sends them again."""
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    with_every_kind_of_note(desk)
    desk.sync()
    laptop.sync(notes=False)
    assert "Qx9" not in server_text(practice)
    again = desk.sync()
    assert again.updated_here == 0 and again.to_settle == ()
    (here,) = desk.records().coachees
    assert dict(here.sessions[0].notes)["note"] == "Qx9 session note"
    assert [m.note for m in here.sessions[0].markers] == ["Qx9 moment note"]


def server_coachee(practice: Practice, uid: str) -> tuple[str, str, int | None]:
    with psycopg.connect(practice.admin) as conn:
        row = conn.execute(
            f"SELECT name, note, archived_at_ms FROM {SCHEMA}.coachee WHERE uid = %s", (uid,)
        ).fetchone()
    assert row is not None
    return (str(row[0]), str(row[1]), row[2])


def bram_renamed_on_the_desk(machines: dict[str, Machine]) -> tuple[Machine, Machine, str]:
    """Bram on both of anna's machines, synced; then renamed, with a note, on the desk."""
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    add_session(desk.store, desk.clock, "Bram")
    desk.sync()
    laptop.sync()
    (uid,) = [c.uid for c in desk.records().coachees]
    desk.store.rename_coachee(desk.coachee_id("Bram"), "Bram Bakker")
    desk.store.set_coachee_note(desk.coachee_id("Bram Bakker"), "prefers mornings")
    return desk, laptop, uid


def test_a_coachee_changed_on_one_machine_only_travels_to_the_other(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop, uid = bram_renamed_on_the_desk(machines)
    assert desk.sync().to_settle == ()  # the server's copy is as last synced: it goes up
    assert server_coachee(practice, uid) == ("Bram Bakker", "prefers mornings", None)
    assert laptop.sync().to_settle == ()  # the laptop's is as last synced: it is replaced
    assert [(c.name, c.note) for c in laptop.records().coachees] == [
        ("Bram Bakker", "prefers mornings")
    ]
    laptop.store.set_archived(laptop.coachee_id("Bram Bakker"), True, laptop.clock.now_ms())
    laptop.sync()
    desk.sync()
    assert laptop.records() == desk.records()
    assert desk.records().coachees[0].archived_at_ms is not None


def test_a_coachee_that_differs_is_listed_with_both_copies_and_settled_either_way(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop, uid = bram_renamed_on_the_desk(machines)
    laptop.store.set_archived(laptop.coachee_id("Bram"), True, 1_796_000_000_000)
    assert laptop.sync().to_settle == ()  # changed only there since the last round: up
    assert server_coachee(practice, uid) == ("Bram", "", 1_796_000_000_000)

    (found,) = desk.sync().to_settle  # changed on both sides: the coach chooses
    assert (found.uid, found.kind, found.what) == (uid, COACHEE, ("name", "note", "archive mark"))
    assert found.copies == (
        CoacheeCopy("Bram Bakker", "prefers mornings", False),
        CoacheeCopy("Bram", "", True),
    )
    assert found.describe() == (
        "Coachee Bram Bakker: differs in name, note, archive mark. This computer: “Bram "
        "Bakker”, not archived, note “prefers mornings”; the server: “Bram”, archived, "
        "no note."
    )
    assert server_coachee(practice, uid) == ("Bram", "", 1_796_000_000_000)  # not overwritten
    assert desk.listed() == (replace(found, copies=None),)  # kept for after a restart
    assert "Bram" not in (desk.folder / LISTED_FILE).read_text(encoding="utf-8")
    assert desk.settle(uid, keep_here=True)
    assert server_coachee(practice, uid) == ("Bram Bakker", "prefers mornings", None)
    assert desk.listed() == () and desk.sync().to_settle == ()

    laptop.store.rename_coachee(laptop.coachee_id("Bram"), "B. Bakker")
    (found,) = laptop.sync().to_settle
    assert found.what == ("name", "note", "archive mark")
    assert found.copies == (
        CoacheeCopy("B. Bakker", "", True),
        CoacheeCopy("Bram Bakker", "prefers mornings", False),
    )
    assert laptop.settle(uid, keep_here=False)
    assert [(c.name, c.note, c.archived_at_ms) for c in laptop.records().coachees] == [
        ("Bram Bakker", "prefers mornings", None)
    ]
    assert laptop.sync().to_settle == () and desk.sync().to_settle == ()
    assert laptop.records() == desk.records()


def test_a_rename_travels_while_notes_stay_home_and_the_note_here_stays(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    add_session(desk.store, desk.clock, "Bram")
    desk.store.set_coachee_note(desk.coachee_id("Bram"), "Qx9 stays on the desk")
    desk.sync(notes=False)
    laptop.sync(notes=False)
    (uid,) = [c.uid for c in desk.records().coachees]
    laptop.store.rename_coachee(laptop.coachee_id("Bram"), "Bram Bakker")
    assert laptop.sync(notes=False).to_settle == ()
    assert desk.sync(notes=False).to_settle == ()  # the note never went up: no difference
    assert [(c.name, c.note) for c in desk.records().coachees] == [
        ("Bram Bakker", "Qx9 stays on the desk")
    ]
    assert server_coachee(practice, uid) == ("Bram Bakker", "", None)


def test_a_coachee_named_as_another_here_is_not_taken_and_is_listed(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    add_session(desk.store, desk.clock, "Bram")
    desk.sync()
    laptop.sync()
    (uid,) = [c.uid for c in desk.records().coachees]
    laptop.store.rename_coachee(laptop.coachee_id("Bram"), "Chris")
    laptop.sync()  # the server calls Bram "Chris" now
    add_session(desk.store, desk.clock, "Chris")  # a coachee of its own on the desk
    (found,) = desk.sync().to_settle
    assert found.uid == uid and found.what == ("name",)
    with pytest.raises(InvalidInput, match="Another coachee on this computer is called Chris"):
        desk.settle(uid, keep_here=False)
    assert sorted(c.name for c in desk.records().coachees) == ["Bram", "Chris"]
    assert [d.uid for d in desk.listed()] == [uid]  # still to settle


def test_a_coachee_archived_on_both_sides_at_other_times_is_reported_not_listed(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    add_session(desk.store, desk.clock, "Bram")
    desk.sync()
    laptop.sync()
    desk.store.set_archived(desk.coachee_id("Bram"), True, 1_795_000_000_000)
    laptop.store.set_archived(laptop.coachee_id("Bram"), True, 1_796_000_000_000)
    desk.sync()
    assert desk.settle(desk.records().coachees[0].uid, keep_here=True)  # the desk's goes up
    report = laptop.sync()
    assert report.to_settle == ()  # archived on both: nothing for the coach to choose
    assert [d for d in report.differences if "differs on the server" in d] != []


def test_a_machine_keeping_notes_home_never_takes_a_coachees_note_away_from_another(
    practice: Practice, machines: dict[str, Machine]
) -> None:
    desk, laptop = machines["anna-desk"], machines["anna-laptop"]
    add_session(desk.store, desk.clock, "Bram")
    desk.store.set_coachee_note(desk.coachee_id("Bram"), "prefers mornings")
    desk.sync()
    laptop.sync(notes=False)  # the laptop keeps notes home: the server's are taken off
    laptop.store.rename_coachee(laptop.coachee_id("Bram"), "Bram Bakker")
    assert laptop.sync(notes=False).to_settle == ()
    assert desk.sync().to_settle == ()  # the new name comes down; the note here stays
    assert [(c.name, c.note) for c in desk.records().coachees] == [
        ("Bram Bakker", "prefers mornings")
    ]


def test_a_coachee_edited_here_while_a_round_runs_is_not_overwritten(
    machines: dict[str, Machine],
) -> None:
    desk = machines["anna-desk"]
    add_session(desk.store, desk.clock, "Bram")
    (bram,) = desk.records().coachees
    desk.store.rename_coachee(desk.coachee_id("Bram"), "Bram B.")  # after the round read it
    was = (bram.name, bram.note, bram.archived_at_ms)
    assert not desk.store.replace_coachee(bram.uid, "Bram Bakker", "", None, was)
    assert [c.name for c in desk.records().coachees] == ["Bram B."]
    assert desk.store.replace_coachee(bram.uid, "Bram Bakker", "", None)  # settled: taken
    assert [c.name for c in desk.records().coachees] == ["Bram Bakker"]
