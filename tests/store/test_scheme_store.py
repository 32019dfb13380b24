"""Tally schemes in the store: the Balance scheme's first version recorded for every session,
an edit saved as the next version, a version with sessions never changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.model import SessionId
from coachdesk.domain.recorder import LiveSession
from coachdesk.domain.scheme_presets import BALANCE_SCHEME, first_version, preset
from coachdesk.domain.schemes import Recolour, Rename, Words, edited
from coachdesk.domain.session_report import read_report
from coachdesk.store import SqlStore
from tests.dbcheck import rows
from tests.fakes import FakeClock


def recorded(store: SqlStore, name: str = "Anna") -> SessionId:
    clock = FakeClock()
    session = LiveSession.start(store, clock, name, 45)
    clock.advance(60_000)
    session.tally(session.kinds[0].id)
    session.tally(session.kinds[1].id)
    session.end()
    return session.id


def test_a_new_database_holds_the_balance_scheme_and_new_sessions_record_it(
    store: SqlStore, database: Path
) -> None:
    (scheme,) = store.schemes()
    assert scheme == first_version(store.tally_kinds()).scheme
    assert (scheme.key, scheme.version, scheme.kinds) == ("balance", 1, BALANCE_SCHEME.kinds)
    assert store.kind_keys() == {k.id: k.key for k in store.tally_kinds()}

    session = recorded(store)
    assert store.session_scheme(session) == scheme
    assert rows(database, "SELECT scheme_version_id FROM coaching_session") == [(1,)]


def test_an_edit_is_a_new_version_and_the_old_session_reads_as_before(
    store: SqlStore, database: Path
) -> None:
    old = recorded(store)
    report_before = read_report(store, old, with_notes=True)
    first = store.scheme_version("balance", 1)

    renamed = edited(first, Rename("advice", Words("Tip given", "Tip gegeven")))
    store.save_scheme(renamed)

    assert store.schemes() == [renamed]
    assert store.scheme_version("balance", 2) == renamed
    assert store.scheme_version("balance", 1) == first
    assert store.session_scheme(old) == first
    assert read_report(store, old, with_notes=True) == report_before
    assert rows(database, "SELECT scheme_id, version FROM scheme_version ORDER BY id") == [
        (1, 1),
        (1, 2),
    ]


def test_a_version_with_sessions_is_never_changed(store: SqlStore, database: Path) -> None:
    recorded(store)
    first = store.scheme_version("balance", 1)
    document = rows(database, "SELECT document FROM scheme_version")
    changed = edited(first, Recolour("advice", "teal"))

    with pytest.raises(InvalidInput, match="has sessions"):
        store.save_scheme(replace(changed, version=1))
    assert rows(database, "SELECT document FROM scheme_version") == document


def test_a_version_without_sessions_may_be_saved_again_but_none_skipped(
    store: SqlStore, database: Path
) -> None:
    second = edited(store.scheme_version("balance", 1), Recolour("advice", "teal"))
    store.save_scheme(second)
    again = edited(second, Rename("hat", Words("Hat", "Pet")))
    store.save_scheme(replace(again, version=2))
    assert store.scheme_version("balance", 2).kind("hat").label.en == "Hat"  # type: ignore[union-attr]

    with pytest.raises(InvalidInput, match="the next one is 3, not 5"):
        store.save_scheme(replace(again, version=5))
    assert rows(database, "SELECT COUNT(*) FROM scheme_version") == [(2,)]


def test_a_preset_is_stored_as_a_scheme_of_its_own(store: SqlStore) -> None:
    store.save_scheme(preset("grow"))
    assert [s.key for s in store.schemes()] == ["balance", "grow"]
    assert store.scheme_version("grow", 1) == preset("grow")
    with pytest.raises(InvalidInput, match="no version 2"):
        store.scheme_version("grow", 2)


@pytest.mark.parametrize(
    ("language", "goal", "advice"),
    [("en", "Goal", "advice given"), ("nl", "Doel", "advies gegeven")],
)
def test_the_exports_name_each_kind_as_its_sessions_scheme_does(
    store: SqlStore, language: str, goal: str, advice: str
) -> None:
    from coachdesk.domain import i18n
    from coachdesk.domain.record import record_files
    from tests.practice import add_scheme_session

    recorded(store, "Bram")  # Balance
    add_scheme_session(store, FakeClock(now_ms=1_900_000_000_000), "Bram")  # GROW
    i18n.install(language)
    try:
        labels = {(r.kind_key, r.as_dict()["kind_label"]) for r in store.export_rows()}
        (bram,) = store.coachees()
        record = record_files(store.read_archive(0, bram.id))
    finally:
        i18n.install("en")
    assert ("grow.goal", goal) in labels and ("advice", advice) in labels
    assert f",grow.goal,{goal}," in record["tallies.csv"].decode("utf-8")


def test_before_compares_a_session_with_earlier_ones_of_its_own_scheme(store: SqlStore) -> None:
    """A Listening session's advice is the coach's side with nothing on the coachee's: as a
    Balance session's "before" it would read as a share of 0%."""
    from coachdesk.domain.balance import Balance
    from coachdesk.domain.model import SchemeRef
    from tests.practice import add_scheme_session

    clock = FakeClock(now_ms=1_900_000_000_000)
    first = LiveSession.start(store, clock, "Anna", 45)
    action = next(k for k in first.kinds if k.key == "coachee_action")
    for _ in range(3):
        clock.advance(60_000)
        first.tally(action.id)
    clock.advance(60_000)
    first.end()
    listening = preset("listening")
    add_scheme_session(store, clock, "Anna", listening, ("advice_without_permission",) * 6)
    last = LiveSession.start(store, clock, "Anna", 45, SchemeRef("balance", 1))
    clock.advance(60_000)
    last.end()
    report = read_report(store, last.id, with_notes=False)
    assert report.previous == (Balance(coach=0, coachee=3),)  # the Balance session only
    assert report.balance_rows()[1] == ("previous session", Balance(coach=0, coachee=3))


def test_a_later_version_keeps_each_kinds_party(store: SqlStore) -> None:
    """Its tallies already stored count for that party in the history's figures."""
    from coachdesk.domain.model import Side
    from coachdesk.domain.schemes import SetParty
    from tests.schemes import OWN

    store.save_scheme(OWN)
    with pytest.raises(InvalidInput, match="a kind keeps whose contribution it counts"):
        store.save_scheme(edited(OWN, SetParty("silence", Side.NEUTRAL)))
    assert [s.version for s in store.schemes() if s.key == OWN.key] == [1]
    store.save_scheme(edited(OWN, Rename("silence", Words("pause held", "stilte"))))
