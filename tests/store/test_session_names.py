"""How the command line finds what a coach names: a session by its number or its reference,
a coachee by a name matched as search matches it."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.domain.clock import SystemClock
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.model import SessionId, session_ref
from coachdesk.store import SqlStore, open_store
from coachdesk.wiring.data_service import MAX_NAMES_LISTED, DataService
from tests.fakes import FakeClock
from tests.practice import add_session
from tests.store.support import exported, imported


def set_uid(store: SqlStore, session_id: int, uid: str) -> None:
    store.connection.execute("UPDATE coaching_session SET uid = ? WHERE id = ?", (uid, session_id))
    store.connection.commit()


@pytest.fixture
def three(store: SqlStore) -> list[int]:
    clock = FakeClock(now_ms=1_800_000_000_000)
    return [add_session(store, clock, name).id for name in ("Anna", "Bram", "Chris")]


def test_a_session_is_found_by_number_or_by_reference(store: SqlStore, three: list[int]) -> None:
    set_uid(store, three[1], "3f2a9c1e-0b7d-4c55-9a41-6f0d2e8b7c10")
    assert store.find_session(str(three[1])) == three[1]
    assert store.find_session("3f2a9c1e") == three[1]
    assert store.find_session(" 3F2A9C1E ") == three[1]  # as copied from a page, in capitals
    assert store.find_session("3f2a") == three[1]  # an unambiguous start is enough
    assert store.find_session("3f2a9c1e-0b7d-4c55-9a41-6f0d2e8b7c10") == three[1]
    assert store.session_record(SessionId(three[1])).ref == "3f2a9c1e"


def test_a_reference_of_digits_is_a_reference_and_a_number_stays_a_number(
    store: SqlStore, three: list[int]
) -> None:
    set_uid(store, three[0], "12345678-0000-4000-8000-000000000000")
    assert store.find_session("12345678") == three[0]  # the reference, not session 12345678
    assert store.find_session(str(three[2])) == three[2]
    with pytest.raises(InvalidInput, match="There is no session 87654321"):
        store.find_session("87654321")  # fits no reference: read as a number, and there is none


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("999", "There is no session 999."),
        ("abcdef12", "There is no session with the reference abcdef12."),
        ("3f2", "3f2 is neither a session number nor a session reference"),
        ("last", "last is neither a session number nor a session reference"),
        ("3f2a9c1e", "More than one session has a reference starting 3f2a9c1e: give all of it."),
    ],
)
def test_a_session_that_cannot_be_named_is_refused_saying_why(
    store: SqlStore, three: list[int], given: str, says: str
) -> None:
    set_uid(store, three[0], "3f2a9c1e-0b7d-4c55-9a41-6f0d2e8b7c10")
    set_uid(store, three[1], "3f2a9c1e-ffff-4c55-9a41-6f0d2e8b7c10")
    with pytest.raises(InvalidInput) as refused:
        store.find_session(given)
    assert says in str(refused.value)
    assert "\n" not in str(refused.value)


def test_the_reference_is_the_same_after_an_import_that_renumbers(
    tmp_path: Path, store: SqlStore, three: list[int]
) -> None:
    """On another machine the same session gets another number; its reference stays."""
    elsewhere = tmp_path / "elsewhere" / "coachdesk.sqlite3"
    other = open_store(elsewhere)
    clock = FakeClock(now_ms=1_700_000_000_000)
    for _ in range(5):
        add_session(other, clock, "Someone else")
    other.close()
    ref = store.session_record(SessionId(three[2])).ref
    store.close()
    imported(elsewhere, exported(store.path))
    other = open_store(elsewhere)
    try:
        found = other.find_session(ref)
        record = other.session_record(found)
        assert found != three[2]  # the number changed...
        assert record.ref == ref and record.coachee.name == "Chris"  # ...the reference did not
    finally:
        other.close()


def test_session_ref_is_the_start_of_the_uid() -> None:
    assert session_ref("3F2A9C1E-0b7d-4c55-9a41-6f0d2e8b7c10") == "3f2a9c1e"


# -- coachees, by name --------------------------------------------------------------------


def service_with(store: SqlStore, *names: str) -> DataService:
    for name in names:
        store.coachee_named(name, 1_800_000_000_000)
    return DataService(store, store.path.parent, SystemClock())


@pytest.mark.parametrize(
    ("given", "found"),
    [
        ("Özdemir", "Özdemir"),
        ("ozdemir", "Özdemir"),  # case and accents ignored, as in search
        ("  OZDEMIR ", "Özdemir"),
        ("ayse", "Ayşe Kaya"),  # one name the words find
        ("kaya ay", "Ayşe Kaya"),
        ("Bas", "Bas"),  # the exact name wins over "Bas Madeup", which it also finds
        ("bas", "Bas"),  # and so does the name equal but for case
    ],
)
def test_a_coachee_is_found_as_search_finds_them(store: SqlStore, given: str, found: str) -> None:
    service = service_with(store, "Özdemir", "Ayşe Kaya", "Bas", "Bas Madeup", "Sem Nepstra")
    assert service.coachee_named(given).name == found


def test_several_matches_are_counted_and_listed_only_when_asked(store: SqlStore) -> None:
    service = service_with(store, "Bas Madeup", "Sem Madeup", "Anna")
    with pytest.raises(InvalidInput) as quiet:
        service.coachee_named("madeup")
    assert str(quiet.value) == "2 coachees' names match madeup: give more of the name."
    with pytest.raises(InvalidInput) as listed:
        service.coachee_named("MADEUP", list_names=True)
    assert str(listed.value).splitlines() == [
        "2 coachees' names match MADEUP: give more of the name.",
        "  Bas Madeup",
        "  Sem Madeup",
    ]


def test_at_most_ten_names_are_listed(store: SqlStore) -> None:
    service = service_with(store, *(f"Coachee {n:02}" for n in range(13)))
    with pytest.raises(InvalidInput) as listed:
        service.coachee_named("coachee", list_names=True)
    lines = str(listed.value).splitlines()
    assert lines[0] == "13 coachees' names match coachee: give more of the name."
    assert lines[1 : MAX_NAMES_LISTED + 1] == [f"  Coachee {n:02}" for n in range(10)]
    assert lines[MAX_NAMES_LISTED + 1 :] == ["  and 3 more"]


@pytest.mark.parametrize("given", ["Nobody", "", "   "])
def test_no_match_is_said_plainly(store: SqlStore, given: str) -> None:
    service = service_with(store, "Anna")
    with pytest.raises(InvalidInput, match="No coachee's name matches"):
        service.coachee_named(given, list_names=True)
