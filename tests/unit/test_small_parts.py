"""Balance, export formatting and settings: pure functions on hand-checked examples."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain import settings
from coachdesk.domain.balance import Balance, balance_of
from coachdesk.domain.export import ExportRow, spreadsheet_safe, utc_iso, write_csv
from coachdesk.domain.model import SessionId, Side, Tally, TallyId, TallyKind, TallyKindId


def kind(n: int, side: Side) -> TallyKind:
    return TallyKind(TallyKindId(n), f"k{n}", f"kind {n}", side, n, "#000000")


def tally(n: int, kind_id: int) -> Tally:
    return Tally(TallyId(n), SessionId(1), TallyKindId(kind_id), n * 1000, n * 1000)


def test_balance_counts_sides_and_ignores_neutral_kinds() -> None:
    kinds = [kind(1, Side.COACH), kind(2, Side.COACHEE), kind(3, Side.NEUTRAL)]
    tallies = [tally(1, 1), tally(2, 2), tally(3, 2), tally(4, 3), tally(5, 2)]
    result = balance_of(kinds, tallies)
    assert result == Balance(coach=1, coachee=3)
    assert result.coachee_share == 0.75
    assert result.sentence() == "Coachee's share: 3 of 4 noted contributions (75%)."


def test_nothing_noted_has_no_share() -> None:
    assert Balance(0, 0).coachee_share is None
    assert Balance(0, 0).sentence() == "No advice and no coachee actions were noted."
    assert Balance(0, 1).sentence() == "Coachee's share: 1 of 1 noted contribution (100%)."


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_share_stays_between_zero_and_one(coach: int, coachee: int) -> None:
    share = Balance(coach, coachee).coachee_share
    assert share is None or 0 <= share <= 1


def test_spreadsheet_formulas_are_defused() -> None:
    assert [spreadsheet_safe(v) for v in ("=1+1", "+31 6", "-x", "@SUM", "Anna", "")] == [
        "'=1+1",
        "'+31 6",
        "'-x",
        "'@SUM",
        "Anna",
        "",
    ]


def test_csv_has_a_header_even_when_empty() -> None:
    out = io.StringIO()
    assert write_csv([], out) == 0
    assert out.getvalue().startswith("coachee,session_id,")


def test_utc_iso_to_the_millisecond() -> None:
    assert utc_iso(0) == "1970-01-01T00:00:00.000Z"
    assert utc_iso(1_795_000_000_250) == "2026-11-18T11:06:40.250Z"
    row = ExportRow("A", 1, 0, "advice", "advice given", None, 1_250, 1_250)
    assert row.as_dict()["offset_s"] == 1.25


def test_settings_round_trip_and_bad_files_give_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    assert settings.load(path) == settings.Settings()
    settings.save(path, settings.Settings(language="nl"))
    assert settings.load(path) == settings.Settings(language="nl")
    assert path.stat().st_mode & 0o777 == 0o600
    for junk in ("{", "[]", '{"version": 1, "language": 5}'):
        path.write_text(junk)
        assert settings.load(path) == settings.Settings()


def test_a_share_on_few_tallies_says_so_plainly_and_ten_or_more_say_nothing() -> None:
    from coachdesk.domain.balance import FEW_NOTED, Balance, few_in_parts_note, few_note

    assert few_note(Balance(coach=0, coachee=0)) == ""  # no share at all: nothing to qualify
    assert few_note(Balance(coach=1, coachee=5)) == (
        "This share rests on 6 tallies: too few to say much."
    )
    assert few_note(Balance(coach=FEW_NOTED - 5, coachee=5)) == ""
    assert few_in_parts_note([Balance(5, 5), Balance(0, 0), Balance(3, 4)]) == ""
    assert "fewer than 5" in few_in_parts_note([Balance(5, 5), Balance(1, 2), Balance(3, 4)])


def test_a_period_is_partial_when_it_has_not_ended_or_the_dates_chosen_cut_it() -> None:
    from datetime import date

    from coachdesk.domain.history import Grain, HistoryFilter, is_partial, period_last_day

    assert period_last_day(date(2026, 12, 1), Grain.MONTH) == date(2026, 12, 31)
    assert period_last_day(date(2026, 2, 1), Grain.MONTH) == date(2026, 2, 28)
    assert period_last_day(date(2026, 7, 27), Grain.WEEK) == date(2026, 8, 2)
    today = date(2026, 12, 4)
    every = HistoryFilter()
    assert not is_partial(date(2026, 7, 1), Grain.MONTH, every, today)
    assert is_partial(date(2026, 12, 1), Grain.MONTH, every, today)  # half-finished December
    assert is_partial(date(2026, 11, 30), Grain.WEEK, every, today)  # this week
    cut = HistoryFilter(first_day=date(2026, 7, 15), last_day=date(2026, 9, 10))
    assert is_partial(date(2026, 7, 1), Grain.MONTH, cut, today)  # starts mid-July
    assert not is_partial(date(2026, 8, 1), Grain.MONTH, cut, today)
    assert is_partial(date(2026, 9, 1), Grain.MONTH, cut, today)  # ends on the 10th
