"""Moving the practice: export, import into another database, merge by uid, all or nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.domain import archive
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.history import Counting
from coachdesk.domain.model import SessionId
from coachdesk.store import SqlStore, open_store
from tests.dbcheck import rows
from tests.fakes import FakeClock
from tests.practice import MARKED_NAME, add_session, make_practice
from tests.store.support import counts, exported, imported


def newest_session(store: SqlStore) -> SessionId:
    every = [s for c in store.coachees() for s in store.sessions_of(c.id)]
    return max(every, key=lambda s: (s.started_at_ms, s.id)).id


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    database = tmp_path / "a" / "coachdesk.sqlite3"
    make_practice(database)
    return database


def test_a_practice_moves_whole_and_reads_back_the_same(practice: Path, tmp_path: Path) -> None:
    whole = exported(practice)
    assert archive.parse(archive.dumps(whole)) == whole  # what export writes, import accepts
    other = tmp_path / "b" / "coachdesk.sqlite3"
    report = imported(other, whole)
    assert report == archive.ImportReport(
        coachees=3, sessions=6, tallies=24, pauses=6, notes=8, kinds=0
    )
    assert exported(other) == whole
    assert counts(other) == counts(practice)


def test_a_second_import_changes_nothing(practice: Path, tmp_path: Path) -> None:
    whole = exported(practice)
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, whole)
    before = other.read_bytes()
    report = imported(other, whole)
    assert report == archive.ImportReport()
    assert not report.changed
    assert exported(other) == whole and other.read_bytes() == before


def test_import_merges_new_sessions_into_a_coachee_already_here(
    practice: Path, tmp_path: Path
) -> None:
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, exported(practice))
    store = open_store(practice)
    add_session(store, FakeClock(now_ms=1_900_000_000_000), "Bram", "a later session")
    store.close()
    report = imported(other, exported(practice))
    assert report == archive.ImportReport(sessions=1, tallies=4, pauses=1, notes=2)
    assert exported(other) == exported(practice)


def test_conflicts_keep_ours_and_are_reported(practice: Path, tmp_path: Path) -> None:
    whole = exported(practice)
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, whole)
    bram = next(c for c in whole.coachees if c.name == "Bram")
    changed_session = replace(bram.sessions[0], active_ms=bram.sessions[0].active_ms + 1)
    theirs = replace(
        whole,
        coachees=tuple(
            replace(c, name="Bram B.", sessions=(changed_session, *c.sessions[1:]))
            if c is bram
            else c
            for c in whole.coachees
        ),
    )
    report = imported(other, theirs)
    assert report.conflicts == (
        f"Coachee {bram.uid}: named Bram B. in the archive, Bram here; ours was kept.",
        f"Session {changed_session.uid} of Bram B.: differs here; ours was kept.",
    )
    assert exported(other) == whole


def test_a_different_coachee_note_is_a_conflict(practice: Path, tmp_path: Path) -> None:
    whole = exported(practice)
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, whole)
    chris = whole.coachees[-1]
    assert chris.note == "Chris prefers mornings."
    theirs = replace(whole, coachees=(*whole.coachees[:-1], replace(chris, note="Evenings.")))
    report = imported(other, theirs)
    assert report.conflicts == (
        "Coachee Chris: their note or archive mark differs here; ours was kept.",
    )
    assert exported(other) == whole


def test_a_coachee_of_the_same_name_gets_the_sessions(practice: Path, tmp_path: Path) -> None:
    other = tmp_path / "b" / "coachdesk.sqlite3"
    store = open_store(other)
    add_session(store, FakeClock(now_ms=1_700_000_000_000), "Bram")
    store.close()
    report = imported(other, exported(practice))
    assert report.coachees == 2 and report.sessions == 6
    assert report.conflicts == (
        "Coachee Bram: another coachee here has that name; the archive's sessions were added "
        "to ours.",
    )
    assert imported(other, exported(practice)) == archive.ImportReport(conflicts=report.conflicts)


def test_an_open_session_here_and_there_refuses_the_whole_import(
    practice: Path, tmp_path: Path
) -> None:
    store = open_store(practice)
    add_session(store, FakeClock(now_ms=1_900_000_000_000), "Dana", end=False)
    store.close()
    other = tmp_path / "b" / "coachdesk.sqlite3"
    store = open_store(other)
    add_session(store, FakeClock(), "Eva", end=False)
    store.close()
    before = counts(other)
    with pytest.raises(InvalidInput, match=r"still open.*Nothing was imported"):
        imported(other, exported(practice))
    assert counts(other) == before


def test_erased_coachees_are_not_brought_back(practice: Path, tmp_path: Path) -> None:
    whole = exported(practice)
    marked = next(c for c in whole.coachees if c.name == MARKED_NAME)
    other = tmp_path / "b" / "coachdesk.sqlite3"
    report = imported(other, whole, frozenset({marked.uid}))
    assert report.skipped_erased == 2
    assert MARKED_NAME not in [c.name for c in exported(other).coachees]


def test_a_hostile_file_writes_nothing(practice: Path) -> None:
    doc = archive.to_document(exported(practice))
    doc["coachees"][2]["sessions"][1]["tallies"][3]["at_ms"] = "soon"
    before = practice.read_bytes()
    with pytest.raises(InvalidInput, match="expected a whole number"):
        archive.parse(json.dumps(doc).encode())
    assert practice.read_bytes() == before


def test_a_kind_whose_details_differ_refuses_the_whole_import(
    practice: Path, tmp_path: Path
) -> None:
    whole = exported(practice)
    theirs = replace(
        whole,
        kinds=tuple(replace(k, detail=None) if k.key == "hat" else k for k in whole.kinds),
    )
    other = tmp_path / "b" / "coachdesk.sqlite3"
    open_store(other).close()
    before = counts(other)
    with pytest.raises(InvalidInput, match="another kind of detail"):
        imported(other, theirs)
    assert counts(other) == before


def test_a_session_left_out_of_figures_moves_left_out(practice: Path, tmp_path: Path) -> None:
    store = open_store(practice)
    try:
        store.set_left_out(newest_session(store), True)
    finally:
        store.close()
    whole = exported(practice)
    text = archive.dumps(whole).decode()
    assert '"left_out":true' in text
    assert sum(s.left_out for c in whole.coachees for s in c.sessions) == 1
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, archive.parse(text.encode()))
    assert exported(other) == whole  # left out there too
    assert imported(other, whole) == archive.ImportReport()  # and no conflict the second time


def test_a_short_session_counted_anyway_moves_counted_anyway(
    practice: Path, tmp_path: Path
) -> None:
    store = open_store(practice)
    try:
        store.set_counting(newest_session(store), Counting.ANYWAY)
    finally:
        store.close()
    whole = exported(practice)
    text = archive.dumps(whole).decode()
    assert '"counted_anyway":true' in text and '"left_out"' not in text
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, archive.parse(text.encode()))
    assert exported(other) == whole  # counted anyway there too
    assert rows(other, "SELECT COUNT(*) FROM coaching_session WHERE left_out = 2") == [(1,)]
    assert imported(other, whole) == archive.ImportReport()  # and no conflict the second time


@pytest.mark.parametrize(
    "marks", [{"counted_anyway": 1}, {"counted_anyway": True, "left_out": True}]
)
def test_counted_anyway_is_true_or_false_and_never_with_left_out(
    practice: Path, marks: dict[str, object]
) -> None:
    document = json.loads(archive.dumps(exported(practice)))
    document["coachees"][0]["sessions"][0].update(marks)
    with pytest.raises(InvalidInput, match="counted_anyway"):
        archive.parse(json.dumps(document).encode())


def test_an_archive_from_before_left_out_counts_every_session(
    practice: Path, tmp_path: Path
) -> None:
    whole = exported(practice)
    assert b'"left_out"' not in archive.dumps(whole)  # nothing left out: the file as before
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, whole)
    assert not any(s.left_out for c in exported(other).coachees for s in c.sessions)


def test_left_out_must_be_true_or_false(practice: Path) -> None:
    document = json.loads(archive.dumps(exported(practice)))
    document["coachees"][0]["sessions"][0]["left_out"] = "yes"
    with pytest.raises(InvalidInput, match="left_out"):
        archive.parse(json.dumps(document).encode())
