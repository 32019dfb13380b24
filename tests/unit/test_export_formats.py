"""The CSV exports: no part of a field becomes a formula, the plain CSV keeps its bytes, and
the spreadsheet CSV has what a Dutch spreadsheet reads."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain.archive import Archive, CoacheeEntry, KindEntry, SessionEntry, TallyEntry
from coachdesk.domain.export import ExportRow, spreadsheet_safe, write_csv, write_spreadsheet_csv
from coachdesk.domain.record import record_files

HOSTILE = {
    "Jan;=1+1": "Jan;'=1+1",
    "a\n=1+1": "a\n'=1+1",
    "a\r\n+1": "a\r\n'+1",
    "Anna\t=1+1": "Anna\t'=1+1",
    "x,@SUM(1)": "x,'@SUM(1)",
    '=HYPERLINK("x")': '\'=HYPERLINK("x")',
    "@SUM(1)": "'@SUM(1)",
    "+1": "'+1",
    "-1": "'-1",
    "\t=1": "'\t'=1",
    # Left alone: a formula character that cannot start a cell.
    "Jan-Piet": "Jan-Piet",
    "1+1=2": "1+1=2",
    "Zoë 🙂 Özdemir": "Zoë 🙂 Özdemir",
    "": "",
}

CELL_BREAKS = re.compile(r"[,;\t\r\n]")


def row(coachee: str, detail: str | None = None) -> ExportRow:
    # 2026-12-04 16:43:12 UTC, the event 233.221 s of active time later
    return ExportRow(
        coachee, 7, 1_796_402_592_000, "q", "question", detail, 233_221, 1_796_402_825_221
    )


def test_formulas_are_defused_wherever_a_cell_could_start() -> None:
    assert {name: spreadsheet_safe(name) for name in HOSTILE} == HOSTILE


@given(st.text(alphabet=st.sampled_from("ab=+-@'\t\r\n,;\"")))
def test_no_piece_of_an_escaped_field_starts_a_formula(value: str) -> None:
    safe = spreadsheet_safe(value)
    assert [p for p in CELL_BREAKS.split(safe) if p[:1] in ("=", "+", "-", "@")] == []
    assert safe.replace("'", "") == value.replace("'", "")  # only apostrophes were added


@given(st.text(), st.one_of(st.none(), st.text()))
def test_plain_csv_round_trips_through_the_csv_module(coachee: str, detail: str | None) -> None:
    out = io.StringIO()
    write_csv([row(coachee, detail)], out)
    _, line = csv.reader(io.StringIO(out.getvalue(), newline=""))
    assert line[0] == spreadsheet_safe(coachee)
    assert line[5] == ("" if detail is None else spreadsheet_safe(detail))
    assert line[6] == "233.221"


def test_plain_csv_keeps_its_bytes_for_ordinary_fields() -> None:
    out = io.StringIO()
    write_csv([row("Anna de Vries", "mentor")], out)
    assert out.getvalue() == (
        "coachee,session_id,session_start_utc,kind_key,kind_label,detail,offset_s,"
        "timestamp_utc,session_ref\n"
        "Anna de Vries,7,2026-12-04T16:43:12.000Z,q,question,mentor,233.221,"
        "2026-12-04T16:47:05.221Z,\n"
    )


def test_plain_csv_defuses_a_name_split_on_another_separator() -> None:
    out = io.StringIO()
    write_csv([row("Jan;=1+1")], out)
    assert out.getvalue().splitlines()[1].startswith("Jan;'=1+1,7,")


def test_spreadsheet_csv_has_a_bom_semicolons_a_decimal_comma_and_local_dates() -> None:
    out = io.StringIO()
    amsterdam_winter = timezone(timedelta(hours=1))
    assert write_spreadsheet_csv([row("Jan;=1+1"), row("Zoë 🙂")], out, tz=amsterdam_winter) == 2
    text = out.getvalue()
    assert text.startswith("\ufeffcoachee;session_id;")
    header, first, second = csv.reader(io.StringIO(text[1:], newline=""), delimiter=";")
    assert header[-4:] == ["session_start_date", "session_start_time", "date", "time"]
    assert first == [
        "Jan;'=1+1",
        "7",
        "2026-12-04T16:43:12.000Z",
        "q",
        "question",
        "",
        "233,221",
        "2026-12-04T16:47:05.221Z",
        "",
        "2026-12-04",
        "17:43:12",
        "2026-12-04",
        "17:47:05",
    ]
    assert second[0] == "Zoë 🙂"


def test_spreadsheet_csv_dates_follow_the_zone_across_midnight() -> None:
    out = io.StringIO()
    write_spreadsheet_csv([row("A")], out, tz=timezone(timedelta(hours=8)))
    _, line = csv.reader(io.StringIO(out.getvalue()[1:], newline=""), delimiter=";")
    assert line[-4:] == ["2026-12-05", "00:43:12", "2026-12-05", "00:47:05"]


def test_plain_csv_quotes_a_lone_carriage_return_instead_of_breaking_the_row() -> None:
    out = io.StringIO()
    write_csv([row("a\rb")], out)
    assert out.getvalue().split("\n")[1].startswith('"a\rb",7,')
    assert out.getvalue().endswith(",\n")


def test_a_coachee_records_tallies_csv_is_escaped_too() -> None:
    kinds = (KindEntry("advice", "Jan;=1+1", "coach", 1, "#c0392b", None),)
    tally = TallyEntry("t1", "advice", 1_500, 1_796_402_593_500, None)
    sessions = (SessionEntry("s1", 1_796_402_592_000, None, 2_000, None, (), (tally,)),)
    files = record_files(Archive(1, kinds, (CoacheeEntry("c1", "a\r=1", 1, sessions),)))
    _, line = csv.reader(io.StringIO(files["tallies.csv"].decode("utf-8"), newline=""))
    assert line[4] == "Jan;'=1+1"
