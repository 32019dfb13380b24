"""Writing tally events out as CSV or JSON, for a spreadsheet or another tool."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from _csv import Writer

from coachdesk.domain.i18n import _
from coachdesk.domain.model import session_ref

COLUMNS = (
    "coachee",
    "session_id",
    "session_start_utc",
    "kind_key",
    "kind_label",
    "detail",
    "offset_s",
    "timestamp_utc",
    "session_ref",  # last, so readers of the earlier columns keep working
)


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One tally event with what a reader needs to place it."""

    coachee: str
    session_id: int
    session_started_at_ms: int
    kind_key: str
    kind_label: str
    detail: str | None
    offset_ms: int
    at_ms: int
    session_uid: str = ""

    def as_dict(self) -> dict[str, str | int | float | None]:
        return {
            "coachee": self.coachee,
            "session_id": self.session_id,
            "session_start_utc": utc_iso(self.session_started_at_ms),
            "kind_key": self.kind_key,
            "kind_label": _(self.kind_label),
            "detail": self.detail,
            "offset_s": self.offset_ms / 1000,
            "timestamp_utc": utc_iso(self.at_ms),
            "session_ref": session_ref(self.session_uid),
        }


def utc_iso(ms: int) -> str:
    """``2026-11-22T09:30:00.250Z``: ISO 8601 in UTC, to the millisecond."""
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


# A cell can start at a field's start and, when a spreadsheet splits on another separator
# than the file's or on a line break, after any of these characters.
_CELL_STARTS = re.compile(r"(?:^|(?<=[,;\t\r\n]))(?=[=+\-@\t\r])")


def spreadsheet_safe(value: str) -> str:
    """Keep a spreadsheet from reading any part of a field as a formula.

    A ``'`` goes before ``=``, ``+``, ``-``, ``@``, a tab or a carriage return wherever a
    cell could start: at the field's start and after a comma, semicolon, tab or line break
    (a name ``Jan;=1+1`` in a comma file opened with ``;`` would split into a formula).
    """
    return _CELL_STARTS.sub("'", value)


class _LineFeedRows:
    r"""Ends each row that ``csv.writer`` writes with ``\n`` instead of ``\r\n``.

    With ``lineterminator="\n"`` the writer leaves a field holding a lone ``\r`` unquoted,
    and every reader then breaks the row there; with ``"\r\n"`` such fields are quoted.
    """

    def __init__(self, out: TextIO) -> None:
        self._out = out

    def write(self, line: str) -> int:
        return self._out.write(line[:-2] + "\n" if line.endswith("\r\n") else line)


def csv_writer(out: TextIO) -> Writer:
    r"""The plain CSV's writer: ``,``, ``\n`` after each row, fields quoted only when needed."""
    return csv.writer(_LineFeedRows(out), lineterminator="\r\n")


def write_csv(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write a header and one line per event; return the number of events."""
    writer = csv_writer(out)
    writer.writerow(COLUMNS)
    n = 0
    for row in rows:
        cells = row.as_dict()
        writer.writerow(
            spreadsheet_safe(v) if isinstance(v, str) else ("" if v is None else v)
            for v in cells.values()
        )
        n += 1
    return n


# The columns of ``write_spreadsheet_csv``: the plain ones in their places, then local date
# and time as separate columns that a spreadsheet reads as a date and a time.
SPREADSHEET_COLUMNS = (
    *COLUMNS,
    "session_start_date",
    "session_start_time",
    "date",
    "time",
)


def _local(ms: int, tz: tzinfo | None) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).astimezone(tz)


def write_spreadsheet_csv(
    rows: Iterable[ExportRow], out: TextIO, *, tz: tzinfo | None = None
) -> int:
    """The CSV that Dutch and other spreadsheets open with a double click; return the count.

    UTF-8 with a byte order mark, ``;`` between fields, a decimal comma in offsets, and the
    local (``tz``, default this computer's zone) date ``2026-12-04`` and time ``16:43:12`` of
    the session start and of each event. Fields are escaped as in ``write_csv``.
    """
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(SPREADSHEET_COLUMNS)
    n = 0
    for row in rows:
        cells: list[str | int] = []
        for v in row.as_dict().values():
            if isinstance(v, str):
                cells.append(spreadsheet_safe(v))
            elif isinstance(v, float):
                cells.append(repr(v).replace(".", ","))
            else:
                cells.append("" if v is None else v)
        start, at = _local(row.session_started_at_ms, tz), _local(row.at_ms, tz)
        for moment in (start, at):
            cells += (moment.date().isoformat(), moment.time().isoformat("seconds"))
        writer.writerow(cells)
        n += 1
    return n


def write_json(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write one JSON document ``{"format", "version", "events": [...]}``; return the count."""
    events = [row.as_dict() for row in rows]
    json.dump(
        {"format": "coachdesk-tallies", "version": 1, "events": events},
        out,
        ensure_ascii=False,
        indent=2,
    )
    out.write("\n")
    return len(events)
