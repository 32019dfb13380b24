"""A name is one name whichever Unicode form it was typed in (NFC at every way in), and a
name that is no text, or holds a control character, is refused before it is stored."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from pathlib import Path

import pytest

from coachdesk.domain import archive
from coachdesk.domain.clock import SystemClock
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.recorder import LiveSession, validate_coachee_name
from coachdesk.store import SqlStore
from coachdesk.store.transfer import import_archive, read_archive
from coachdesk.wiring.data_service import DataService
from tests.fakes import FakeClock

COMPOSED = "\u00d6zdemir"  # Ö as one character
DECOMPOSED = "O\u0308zdemir"  # O and a combining diaeresis, as macOS input may give it


def test_composed_and_decomposed_are_one_coachee(store: SqlStore) -> None:
    clock = FakeClock()
    LiveSession.start(store, clock, COMPOSED).end()
    LiveSession.start(store, clock, DECOMPOSED).end()
    assert [c.name for c in store.coachees()] == [COMPOSED]
    store.rename_coachee(store.coachees()[0].id, "  Ba\u0308r ")
    assert [c.name for c in store.coachees()] == ["B\u00e4r"]


def test_a_name_stored_before_normalising_is_found_by_either_form(
    store: SqlStore, database: Path
) -> None:
    conn = sqlite3.connect(database)
    with conn:
        conn.execute(
            "INSERT INTO coachee (uid, name, created_at_ms) VALUES (?, ?, 0)",
            ("00000000-0000-4000-8000-000000000001", DECOMPOSED),
        )
    conn.close()
    LiveSession.start(store, FakeClock(), COMPOSED).end()
    assert [c.name for c in store.coachees()] == [DECOMPOSED]  # no second, look-alike coachee
    service = DataService(store, database.parent, SystemClock())
    assert service.coachee_named(COMPOSED).name == DECOMPOSED
    assert service.coachee_named(DECOMPOSED).name == DECOMPOSED
    LiveSession.start(store, FakeClock(), "Anna").end()
    anna = next(c for c in store.coachees() if c.name == "Anna")
    with pytest.raises(InvalidInput, match="already called"):
        store.rename_coachee(anna.id, COMPOSED)


def test_an_archive_in_the_other_form_adds_no_look_alike(store: SqlStore) -> None:
    LiveSession.start(store, FakeClock(), COMPOSED).end()
    whole = read_archive(store.connection, 0)
    doc = archive.to_document(whole)
    doc["coachees"][0]["uid"] = "00000000-0000-4000-8000-000000000002"  # made elsewhere
    doc["coachees"][0]["name"] = DECOMPOSED
    doc["coachees"][0]["sessions"] = []
    report = import_archive(store.connection, archive.parse(json.dumps(doc).encode()))
    assert report.coachees == 0 and "another coachee here has that name" in report.conflicts[0]
    assert [unicodedata.is_normalized("NFC", c.name) for c in store.coachees()] == [True]


@pytest.mark.parametrize(
    ("name", "words"),
    [("K\udcff", "not valid text"), ("K\x1b[2J", "control character"), ("a\tb", "control")],
)
def test_a_name_that_is_no_text_or_holds_a_control_character_is_refused(
    name: str, words: str
) -> None:
    with pytest.raises(InvalidInput, match=words) as refused:
        validate_coachee_name(name)
    assert "\x1b" not in str(refused.value)  # the message itself is safe to print
