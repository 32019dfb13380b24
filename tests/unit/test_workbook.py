"""The Excel workbook: every cell of the type it claims, no formula whatever a name holds."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta, timezone

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from coachdesk.domain.export import SPREADSHEET_COLUMNS, ExportRow
from coachdesk.domain.workbook import write_xlsx

AMSTERDAM_WINTER = timezone(timedelta(hours=1))


def row(coachee: str, detail: str | None = None) -> ExportRow:
    # 2026-12-04 16:43:12 UTC, the event 233.221 s of active time later
    return ExportRow(
        coachee, 7, 1_796_402_592_000, "hat", "role hat declared", detail, 233_221,
        1_796_402_825_221, "3f2a9c1e77",
    )  # fmt: skip


def read(rows: list[ExportRow]) -> Worksheet:
    out = io.BytesIO()
    assert write_xlsx(rows, out, tz=AMSTERDAM_WINTER) == len(rows)
    sheet = openpyxl.load_workbook(io.BytesIO(out.getvalue())).active
    assert isinstance(sheet, Worksheet)
    return sheet


def test_a_row_holds_text_numbers_dates_and_times() -> None:
    sheet = read([row("Zoë Çelik 🙂", "mentor")])
    assert [c.value for c in sheet[1]] == list(SPREADSHEET_COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"  # the header stays in view
    assert sheet.column_dimensions["A"].width >= 20
    cells = {name: c for name, c in zip(SPREADSHEET_COLUMNS, sheet[2], strict=True)}
    assert (cells["coachee"].value, cells["coachee"].data_type) == ("Zoë Çelik 🙂", "s")
    assert (cells["session_id"].value, cells["session_id"].data_type) == (7, "n")
    assert cells["offset_s"].value == 233.221 and cells["offset_s"].data_type == "n"
    assert cells["detail"].value == "mentor"
    assert cells["session_ref"].value == "3f2a9c1e"
    assert cells["session_start_utc"].value == datetime(2026, 12, 4, 16, 43, 12)
    assert cells["timestamp_utc"].value == datetime(2026, 12, 4, 16, 47, 5, 221_000)
    assert cells["session_start_date"].value == datetime(2026, 12, 4)
    assert cells["session_start_date"].number_format == "yyyy-mm-dd"
    assert cells["session_start_time"].value == time(17, 43, 12)
    assert cells["time"].value == time(17, 47, 5)
    assert cells["session_start_utc"].is_date and cells["time"].is_date


def test_a_name_that_looks_like_a_formula_is_text_with_a_quote_prefix() -> None:
    names = ["Jan;=1+1", '=HYPERLINK("x")', "@SUM(1)", "+1", "-1", "a\n=1+1", "Jan-Piet"]
    sheet = read([row(name) for name in names])
    got = [(c.value, c.data_type, c.quotePrefix) for c in sheet["A"][1:]]
    assert got == [
        ("Jan;=1+1", "s", False),
        ('=HYPERLINK("x")', "s", True),
        ("@SUM(1)", "s", True),
        ("+1", "s", True),
        ("-1", "s", True),
        ("a\n=1+1", "s", False),
        ("Jan-Piet", "s", False),
    ]


def test_a_control_character_from_an_older_file_does_not_stop_the_export() -> None:
    sheet = read([row("Bram\x01")])
    assert sheet["A2"].value == "Bram\ufffd"


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=30), st.one_of(st.none(), st.text(max_size=10)))
def test_no_name_or_detail_ever_becomes_a_formula(coachee: str, detail: str | None) -> None:
    sheet = read([row(coachee, detail)])
    assert [c for line in sheet.iter_rows() for c in line if c.data_type == "f"] == []
    assert sheet["A2"].data_type == "s"
