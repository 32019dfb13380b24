"""Every tally event as an Excel workbook (.xlsx), written with openpyxl.

A workbook says what each cell is, so no locale has to guess: names and labels are text cells
(never formulas, whatever they start with), offsets are numbers, and dates and times are date
and time cells. The columns are those of the spreadsheet CSV
(:data:`coachdesk.domain.export.SPREADSHEET_COLUMNS`); the two UTC columns hold the moment in
UTC, the last four the local date and time. openpyxl is imported only when a workbook is
written: start-up and the other exports never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, tzinfo
from typing import IO, TYPE_CHECKING

from coachdesk.domain.export import SPREADSHEET_COLUMNS, ExportRow
from coachdesk.domain.i18n import _
from coachdesk.domain.model import session_ref

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell

#: The one sheet's name.
SHEET_TITLE = "tallies"

# Characters XML 1.0 cannot hold; openpyxl refuses a string with one of them. The app refuses
# them in what it is given, but a file from elsewhere may still hold one.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# A text that a spreadsheet would take for a formula if the coach edited the cell and pressed
# Enter: it gets Excel's quote prefix (shown as a ', kept as text), as typing '=... would.
_FORMULA_START = re.compile(r"^[=+\-@]")

_DATETIME = "yyyy-mm-dd hh:mm:ss.000"
_DATE = "yyyy-mm-dd"
_TIME = "hh:mm:ss"
_SECONDS = "0.000"

# Widths in characters, by column: wide enough for the header and a usual value.
_WIDTHS = {
    "coachee": 24,
    "session_id": 11,
    "session_start_utc": 24,
    "kind_key": 14,
    "kind_label": 24,
    "detail": 16,
    "offset_s": 11,
    "timestamp_utc": 24,
    "session_ref": 12,
    "session_start_date": 19,
    "session_start_time": 19,
    "date": 12,
    "time": 10,
}

Value = str | int | float | datetime | date | time | None


def _utc(ms: int) -> datetime:
    """A spreadsheet has no time zones: the UTC moment as a naive date and time."""
    return datetime.fromtimestamp(ms / 1000, tz=UTC).replace(tzinfo=None)


def _local(ms: int, tz: tzinfo | None) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz).replace(tzinfo=None)


def cells(row: ExportRow, tz: tzinfo | None = None) -> list[Value]:
    """One event's values, in the order of :data:`SPREADSHEET_COLUMNS`."""
    start, at = _local(row.session_started_at_ms, tz), _local(row.at_ms, tz)
    return [
        row.coachee,
        row.session_id,
        _utc(row.session_started_at_ms),
        row.kind_key,
        _(row.kind_label),
        row.detail,
        row.offset_ms / 1000,
        _utc(row.at_ms),
        session_ref(row.session_uid),
        start.date(),
        start.time().replace(microsecond=0),
        at.date(),
        at.time().replace(microsecond=0),
    ]


def write_xlsx(rows: Iterable[ExportRow], out: IO[bytes], *, tz: tzinfo | None = None) -> int:
    """Write a workbook with a header row (frozen) and one row per event; return the count.

    Local dates and times are in ``tz`` (default: this computer's zone).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)  # rows go straight to the file: any size of practice
    sheet = book.create_sheet(SHEET_TITLE)
    for index, name in enumerate(SPREADSHEET_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 14)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Value) -> Cell:
        if isinstance(value, str):
            text = _NOT_IN_XML.sub("\ufffd", value)
            made = WriteOnlyCell(sheet, value=text)
            made.data_type = "s"  # openpyxl would take a leading = for a formula
            made.quotePrefix = bool(_FORMULA_START.match(text))
            return made
        made = WriteOnlyCell(sheet)
        made.value = value
        if isinstance(value, datetime):
            made.number_format = _DATETIME
        elif isinstance(value, date):
            made.number_format = _DATE
        elif isinstance(value, time):
            made.number_format = _TIME
        elif isinstance(value, float):
            made.number_format = _SECONDS
        return made

    header = []
    for name in SPREADSHEET_COLUMNS:
        head = cell(name)
        head.font = bold
        header.append(head)
    sheet.append(header)
    n = 0
    for row in rows:
        sheet.append([cell(value) for value in cells(row, tz)])
        n += 1
    book.save(out)
    return n
