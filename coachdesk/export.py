"""Writing tally events out as CSV or JSON, for a spreadsheet or another tool."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TextIO

from coachdesk.i18n import _
from coachdesk.model import session_ref

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


def spreadsheet_safe(value: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (``=``, ``+``, ``-``, ``@``)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(rows: Iterable[ExportRow], out: TextIO) -> int:
    """Write a header and one line per event; return the number of events."""
    writer = csv.writer(out, lineterminator="\n")
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
