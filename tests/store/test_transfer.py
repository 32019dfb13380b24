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
from coachdesk.domain.scheme_presets import FOUR_LEGS_SCHEME, GROW_SCHEME
from coachdesk.domain.schemes import Detail, Rename, Scheme, SetDetails, Words, edited
from coachdesk.store import SqlStore, open_store
from coachdesk.store.connection import transaction
from tests.dbcheck import rows
from tests.fakes import FakeClock
from tests.practice import MARKED_NAME, add_scheme_session, add_session, make_practice
from tests.schemes import OWN
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


# -- schemes --------------------------------------------------------------------------------


@pytest.fixture
def grow_practice(practice: Path) -> Path:
    """The practice, and one session of Bram's recorded with the GROW scheme."""
    store = open_store(practice)
    try:
        add_scheme_session(store, FakeClock(now_ms=1_900_000_000_000), "Bram")
    finally:
        store.close()
    return practice


def newest_with_scheme(database: Path) -> tuple[SessionId, Scheme, list[tuple[str, str]]]:
    """The newest session: its id, scheme, and its tallies' (row key, key in the scheme)."""
    store = open_store(database)
    try:
        sid = newest_session(store)
        tallies = rows(
            database,
            "SELECT k.key, k.kind_key FROM tally t JOIN tally_kind k ON k.id = t.kind_id "
            f"WHERE t.session_id = {sid} ORDER BY t.id",
        )
        return sid, store.session_scheme(sid), [(str(a), str(b)) for a, b in tallies]
    finally:
        store.close()


def test_a_grow_session_moves_with_its_scheme(grow_practice: Path, tmp_path: Path) -> None:
    whole = exported(grow_practice)
    assert whole.schemes == (GROW_SCHEME,)
    assert archive.parse(archive.dumps(whole)) == whole
    other = tmp_path / "b" / "coachdesk.sqlite3"
    report = imported(other, whole)
    assert (report.sessions, report.tallies, report.schemes, report.conflicts) == (7, 28, 1, ())

    _sid, scheme, tallies = newest_with_scheme(other)
    assert scheme == GROW_SCHEME
    assert tallies == [
        ("grow.goal", "goal"),
        ("grow.reality", "reality"),
        ("grow.goal", "goal"),
        ("grow.will", "will"),
    ]
    assert newest_with_scheme(other)[1:] == newest_with_scheme(grow_practice)[1:]
    # Every kind row, of the GROW scheme or Balance, knows its key in its scheme.
    assert rows(other, "SELECT key, kind_key FROM tally_kind ORDER BY key") == rows(
        grow_practice, "SELECT key, kind_key FROM tally_kind ORDER BY key"
    )
    assert exported(other) == whole
    assert imported(other, whole) == archive.ImportReport()  # a second time: nothing


def test_a_grow_scheme_version_here_already_is_used_as_it_is(
    grow_practice: Path, tmp_path: Path
) -> None:
    other = tmp_path / "b" / "coachdesk.sqlite3"
    store = open_store(other)
    store.save_scheme(GROW_SCHEME)
    store.close()
    report = imported(other, exported(grow_practice))
    assert (report.schemes, report.conflicts) == (0, ())
    assert newest_with_scheme(other)[1] == GROW_SCHEME


def test_a_later_version_is_saved_as_that_version(grow_practice: Path, tmp_path: Path) -> None:
    store = open_store(grow_practice)
    second = edited(GROW_SCHEME, Rename("goal", Words("Aim", "Doel")))
    third = edited(second, Rename("will", Words("Next step", "Volgende stap")))
    store.save_scheme(second)
    store.save_scheme(third)
    assert third.version == 3
    add_scheme_session(store, FakeClock(now_ms=1_950_000_000_000), "Chris", third)
    store.close()
    whole = exported(grow_practice)
    assert [(s.key, s.version) for s in whole.schemes] == [("grow", 1), ("grow", 3)]
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, whole)
    _sid, scheme, _tallies = newest_with_scheme(other)
    assert scheme == third
    assert rows(
        other,
        "SELECT v.version FROM scheme_version v JOIN scheme s ON s.id = v.scheme_id "
        "WHERE s.key = 'grow' ORDER BY v.version",
    ) == [(1,), (3,)]


def test_an_archive_from_before_schemes_imports_as_balance(practice: Path, tmp_path: Path) -> None:
    doc = archive.to_document(exported(practice))
    assert doc["version"] == 1 and "schemes" not in doc
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, archive.parse(json.dumps(doc).encode()))
    assert rows(other, "SELECT DISTINCT scheme_version_id FROM coaching_session") == [(1,)]
    assert rows(other, "SELECT key, kind_key FROM tally_kind ORDER BY key") == rows(
        practice, "SELECT key, kind_key FROM tally_kind ORDER BY key"
    )


def test_a_kind_an_old_archive_brings_gets_its_own_key(practice: Path, tmp_path: Path) -> None:
    whole = exported(practice)
    extra = archive.KindEntry("laughs", "laughs", "coachee", 9, "#336699", None)
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, replace(whole, kinds=(*whole.kinds, extra)))
    assert rows(other, "SELECT kind_key FROM tally_kind WHERE key = 'laughs'") == [("laughs",)]


def test_a_scheme_version_neither_side_holds_is_refused_saying_where(
    grow_practice: Path, tmp_path: Path
) -> None:
    whole = replace(exported(grow_practice), schemes=())
    other = tmp_path / "b" / "coachdesk.sqlite3"
    open_store(other).close()
    before = counts(other)
    with pytest.raises(
        InvalidInput,
        match=r"coachees\[\d\]\.sessions\[2\]\.scheme: .*version 1 of the scheme “grow”, "
        r"which did not come with it and is not on this computer\. Nothing was imported",
    ):
        imported(other, whole)
    assert counts(other) == before
    assert rows(other, "SELECT COUNT(*) FROM scheme_version") == [(1,)]


def test_a_tally_of_a_kind_not_in_its_scheme_is_refused(
    grow_practice: Path, tmp_path: Path
) -> None:
    whole = exported(grow_practice)
    fewer = replace(GROW_SCHEME, kinds=GROW_SCHEME.kinds[:3])  # no "will"
    other = tmp_path / "b" / "coachdesk.sqlite3"
    open_store(other).close()
    before = counts(other)
    with pytest.raises(
        InvalidInput,
        match=r"sessions\[2\]\.tallies\[3\]\.kind: version 1 of the scheme “grow” has no "
        r"tally kind “will”",
    ):
        imported(other, replace(whole, schemes=(fewer,)))
    assert counts(other) == before


def test_a_differing_version_here_is_kept_and_the_session_recorded_under_it(
    grow_practice: Path, tmp_path: Path
) -> None:
    ours = replace(GROW_SCHEME, name=Words("Our GROW", "Onze GROW"))
    other = tmp_path / "b" / "coachdesk.sqlite3"
    store = open_store(other)
    store.save_scheme(ours)
    store.close()
    report = imported(other, exported(grow_practice))
    assert report.conflicts == ("Scheme grow version 1: differs here; ours was kept.",)
    assert (report.sessions, report.schemes) == (7, 0)
    assert newest_with_scheme(other)[1] == ours


def test_a_differing_version_here_without_a_kind_used_refuses_the_import(
    grow_practice: Path, tmp_path: Path
) -> None:
    ours = replace(GROW_SCHEME, kinds=GROW_SCHEME.kinds[:3])  # no "will"
    other = tmp_path / "b" / "coachdesk.sqlite3"
    store = open_store(other)
    store.save_scheme(ours)
    store.close()
    before = counts(other)
    with pytest.raises(
        InvalidInput,
        match=r"tallies\[3\]\.kind: version 1 of the scheme “grow” differs here, and ours has "
        r"no tally kind “will”, which the session uses\. Nothing was imported",
    ):
        imported(other, exported(grow_practice))
    assert counts(other) == before


def test_a_kind_an_earlier_import_left_without_its_key_gets_it(
    practice: Path, tmp_path: Path
) -> None:
    whole = exported(practice)
    extra = archive.KindEntry("laughs", "laughs", "coachee", 9, "#336699", None)
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, replace(whole, kinds=(*whole.kinds, extra)))
    store = open_store(other)
    with transaction(store.connection, write=True):  # as imports left it before
        store.connection.execute("UPDATE tally_kind SET kind_key = '' WHERE key = 'laughs'")
    store.close()
    report = imported(other, replace(whole, kinds=(*whole.kinds, extra)))
    assert report == archive.ImportReport()
    assert rows(other, "SELECT kind_key FROM tally_kind WHERE key = 'laughs'") == [("laughs",)]


def test_a_sync_leaves_a_session_out_whose_scheme_does_not_fit_and_takes_the_rest(
    grow_practice: Path, tmp_path: Path
) -> None:
    whole = replace(exported(grow_practice), schemes=())
    other = tmp_path / "b" / "coachdesk.sqlite3"
    store = open_store(other)
    try:
        report = store.import_archive(whole, (), leave_out_unfit=True)
    finally:
        store.close()
    assert report.sessions == 6  # all but the GROW session
    (left_out,) = report.conflicts
    assert left_out.startswith("Session ") and left_out.endswith(
        "version 1 of the scheme “grow”, which did not come with it and is not on this "
        "computer; that session was left out."
    )


def test_a_session_of_balance_second_version_moves_with_it(practice: Path, tmp_path: Path) -> None:
    store = open_store(practice)
    second = edited(store.scheme_version("balance", 1), Rename("advice", Words("Tip", "Tip")))
    store.save_scheme(second)
    add_scheme_session(
        store, FakeClock(now_ms=1_900_000_000_000), "Bram", second, ("advice", "coachee_action")
    )
    store.close()
    whole = exported(practice)
    assert whole.schemes == (second,)
    other = tmp_path / "b" / "coachdesk.sqlite3"
    report = imported(other, whole)
    assert (report.schemes, report.conflicts) == (1, ())
    _sid, scheme, tallies = newest_with_scheme(other)
    assert scheme == second
    assert tallies == [("advice", "advice"), ("coachee_action", "coachee_action")]
    assert exported(other) == whole


def test_a_kinds_own_detail_choices_move_with_the_session(practice: Path, tmp_path: Path) -> None:
    store = open_store(practice)
    try:
        add_scheme_session(
            store,
            FakeClock(now_ms=1_900_000_000_000),
            "Bram",
            OWN,
            ("question=miracle", "silence", "question=scaling"),
        )
    finally:
        store.close()
    whole = exported(practice)
    assert archive.parse(archive.dumps(whole)) == whole
    other = tmp_path / "b" / "coachdesk.sqlite3"
    imported(other, whole)
    assert newest_with_scheme(other)[1] == OWN
    details = "SELECT k.key, t.detail FROM tally t JOIN tally_kind k ON k.id = t.kind_id"
    assert rows(other, details + " WHERE k.key LIKE 'mine.%' ORDER BY t.id") == [
        ("mine.question", "miracle"),
        ("mine.silence", None),
        ("mine.question", "scaling"),
    ]
    assert exported(other) == whole


def test_a_kind_given_detail_choices_in_a_later_version_still_moves(
    practice: Path, tmp_path: Path
) -> None:
    store = open_store(practice)
    clock = FakeClock(now_ms=1_900_000_000_000)
    try:
        add_scheme_session(store, clock, "Bram", FOUR_LEGS_SCHEME, ("socio_emotional",))
        choices = (
            Detail("friend", Words("friend", "vriend")),
            Detail("kin", Words("kin", "familie")),
        )
        second = edited(FOUR_LEGS_SCHEME, SetDetails("socio_emotional", choices))
        add_scheme_session(store, clock, "Bram", second, ("socio_emotional=friend",))
    finally:
        store.close()
    whole = exported(practice)
    other = tmp_path / "b" / "coachdesk.sqlite3"
    report = imported(other, whole)
    assert (report.schemes, report.conflicts) == (2, ())
    details = "SELECT t.detail FROM tally t JOIN tally_kind k ON k.id = t.kind_id"
    assert rows(other, details + " WHERE k.key = 'four_legs.socio_emotional' ORDER BY t.id") == [
        (None,),
        ("friend",),
    ]
