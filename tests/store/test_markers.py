"""Moments marked in a session: on disk before they are reported, read back with the session,
carried by archives (an archive from before imports as before) and the CSV and JSON exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from coachdesk.domain import archive
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.export import write_csv, write_json
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import SqlStore, open_store
from coachdesk.store.transfer import import_archive, read_archive
from tests.dbcheck import rows
from tests.fakes import FakeClock

MIN = 60_000
MARKERS = "SELECT session_id, offset_ms, at_ms, note FROM marker ORDER BY id"


def marked_session(store: SqlStore) -> tuple[LiveSession, FakeClock]:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna", 45)
    clock.advance(3 * MIN)
    session.tally(session.kinds[0].id)
    clock.advance(2 * MIN)
    first = session.mark()
    session.note_marker(first.marker, "  the silence after the question ")
    clock.advance(MIN)
    session.mark()  # kept without a note
    return session, clock


def test_a_marker_is_on_disk_before_it_is_reported(store: SqlStore, database: Path) -> None:
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna")
    clock.advance(90_000)
    added = session.mark()
    assert rows(database, MARKERS) == [(session.id, 90_000, clock.wall, "")]
    assert added.marker.offset_ms == 90_000 and session.markers == (added.marker,)
    noted = session.note_marker(added.marker, "first real goal")
    assert rows(database, "SELECT note FROM marker") == [("first real goal",)]
    assert noted.marker.note == "first real goal"


def test_markers_come_back_with_the_session_after_a_crash(store: SqlStore, database: Path) -> None:
    session, _clock = marked_session(store)
    record = store.open_session()
    assert record is not None
    assert [(m.offset_ms, m.note) for m in record.markers] == [
        (5 * MIN, "the silence after the question"),
        (6 * MIN, ""),
    ]
    again = LiveSession.recover(store, FakeClock(), record)
    assert again.markers == session.markers
    assert again.elapsed_ms() == 6 * MIN  # a marker is stored time reached, as a tally is


@pytest.mark.parametrize(
    ("note", "problem"),
    [("x" * 81, "at most 80"), ("two\nlines", "plain text"), ("esc \x1b[2J", "plain text")],
)
def test_a_note_is_a_few_words_of_plain_text(
    store: SqlStore, database: Path, note: str, problem: str
) -> None:
    session = LiveSession.start(store, FakeClock(), "Anna")
    added = session.mark()
    with pytest.raises(InvalidInput, match=problem):
        session.note_marker(added.marker, note)
    assert rows(database, "SELECT note FROM marker") == [("",)]


def test_no_marker_once_the_session_has_ended(store: SqlStore, database: Path) -> None:
    session = LiveSession.start(store, FakeClock(), "Anna")
    session.end()
    with pytest.raises(InvalidInput):
        session.mark()
    assert rows(database, MARKERS) == []


def test_the_exports_carry_markers_as_events_of_their_own(store: SqlStore) -> None:
    session, _clock = marked_session(store)
    session.end()
    out = io.StringIO()
    assert write_csv(store.export_rows(), out) == 3
    lines = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["kind_key"], r["kind_label"], r["detail"], r["offset_s"]) for r in lines] == [
        ("advice", "advice given", "", "180.0"),
        ("moment", "moment marked", "the silence after the question", "300.0"),
        ("moment", "moment marked", "", "360.0"),
    ]
    out = io.StringIO()
    write_json(store.export_rows(), out)
    events = json.loads(out.getvalue())["events"]
    assert [(e["kind_key"], e["detail"]) for e in events[1:]] == [
        ("moment", "the silence after the question"),
        ("moment", None),
    ]


def test_an_archive_carries_markers_and_one_from_before_imports(
    store: SqlStore, tmp_path: Path
) -> None:
    session, _clock = marked_session(store)
    session.end()
    whole = read_archive(store.connection, 0)
    text = archive.dumps(whole)
    assert b'"markers":[{"offset_ms":300000' in text
    assert archive.parse(text) == whole
    other = open_store(tmp_path / "b" / "coachdesk.sqlite3")
    try:
        import_archive(other.connection, archive.parse(text))
        assert read_archive(other.connection, 0) == whole
        assert import_archive(other.connection, whole) == archive.ImportReport()  # no conflict
    finally:
        other.close()

    # An archive written before markers existed: no "markers" key anywhere.
    document = json.loads(text)
    for coachee in document["coachees"]:
        for s in coachee["sessions"]:
            del s["markers"]
    before = json.dumps(document).encode()
    third = open_store(tmp_path / "c" / "coachdesk.sqlite3")
    try:
        import_archive(third.connection, archive.parse(before))
        assert rows(tmp_path / "c" / "coachdesk.sqlite3", "SELECT COUNT(*) FROM tally") == [(1,)]
        assert rows(tmp_path / "c" / "coachdesk.sqlite3", "SELECT COUNT(*) FROM marker") == [(0,)]
    finally:
        third.close()


def test_an_archive_marker_is_checked(store: SqlStore) -> None:
    session, _clock = marked_session(store)
    session.end()
    document = json.loads(archive.dumps(read_archive(store.connection, 0)))
    document["coachees"][0]["sessions"][0]["markers"][0]["note"] = "\x1b[2J"
    with pytest.raises(InvalidInput, match="markers"):
        archive.parse(json.dumps(document).encode())


def test_a_session_without_markers_writes_the_archive_as_before(store: SqlStore) -> None:
    session = LiveSession.start(store, FakeClock(), "Anna")
    session.end()
    assert b'"markers"' not in archive.dumps(read_archive(store.connection, 0))


def test_a_marker_taken_back_is_gone_from_disk(store: SqlStore, database: Path) -> None:
    session, _clock = marked_session(store)
    first, second = session.markers
    removed = session.remove_marker(second)
    assert removed.marker == second and session.markers == (first,)
    assert rows(database, "SELECT note FROM marker") == [("the silence after the question",)]
    with pytest.raises(InvalidInput):
        session.remove_marker(second)
