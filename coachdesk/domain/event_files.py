"""Every tally event written to a file in the form a coach chose: the plain CSV, the CSV for a
spreadsheet, an Excel workbook or JSON. The file is private (0600) and put in place whole."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.domain.i18n import N_
from coachdesk.domain.private_files import private_file

if TYPE_CHECKING:
    from coachdesk.domain.export import ExportRow

#: The forms, in the order they are offered, each with its file name suffix and its name.
FORMS: dict[str, tuple[str, str]] = {
    "csv": (".csv", N_("Plain CSV, for scripts (the documented columns, times in UTC)")),
    "spreadsheet": (".csv", N_("CSV for a spreadsheet (';', decimal comma, local dates)")),
    "xlsx": (".xlsx", N_("Excel workbook (.xlsx), for Excel and LibreOffice")),
    "json": (".json", N_("JSON, for other programs")),
}
#: The form offered first: a workbook opens the same in every language.
DEFAULT_FORM = "xlsx"


def with_suffix(target: Path, form: str) -> Path:
    """``target`` ending in the form's suffix (added when the coach typed a name without it)."""
    suffix = FORMS[form][0]
    return target if target.suffix.lower() == suffix else target.with_name(target.name + suffix)


def write_events(rows: Iterable[ExportRow], form: str, target: Path) -> int:
    """Write ``rows`` to ``target`` in ``form`` (a key of :data:`FORMS`); return the count.

    Raises:
        InvalidInput: the file cannot be written (an older file there stays whole).
    """
    from coachdesk.domain import export

    with private_file(target) as tmp:
        if form == "xlsx":
            from coachdesk.domain.workbook import write_xlsx

            with tmp.open("wb") as binary:
                return write_xlsx(rows, binary)
        write = {
            "csv": export.write_csv,
            "spreadsheet": export.write_spreadsheet_csv,
            "json": export.write_json,
        }[form]
        with tmp.open("w", encoding="utf-8", newline="") as text:
            return write(rows, text)
