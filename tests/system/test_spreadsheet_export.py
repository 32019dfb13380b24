"""The exports opened as a spreadsheet opens them: LibreOffice, headless, in Dutch.

A practice whose coachees have hostile names is exported by the command line; LibreOffice
converts the CSV to .xlsx with the separator and locale a Dutch user's spreadsheet uses, and
openpyxl reads the cells back. No cell may hold a formula. The spreadsheet CSV must also
give the names as text (accents and emoji intact), offsets as numbers and dates as dates.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import Cell, MergedCell

from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store
from tests.fakes import FakeClock

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice")
ROOT = Path(__file__).resolve().parents[2]

HOSTILE_NAMES = (
    "Jan;=1+1",
    "a\n=1+1",
    '=HYPERLINK("x")',
    "@SUM(1)",
    "+1",
    "-1",
    "Anna\t=1+1",
    "b,=1+1",
    "Zoë Çelik-Özdemir 🙂",
)

# LibreOffice's CSV filter options: separator, text delimiter ("), character set (76 is
# UTF-8), first line, column formats (none), language (1043 nl-NL, 1033 en-US).
SEMICOLON_NL = "CSV:59,34,76,1,,1043"
COMMA_EN = "CSV:44,34,76,1,,1033"
TAB_NL = "CSV:9,34,76,1,,1043"


@pytest.fixture
def practice(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store = open_store(data / "coachdesk.sqlite3")
    clock = FakeClock(now_ms=1_796_402_592_000)  # 2026-12-04 16:43:12 UTC
    for n, _ in enumerate(HOSTILE_NAMES):
        session = LiveSession.start(store, clock, f"coachee {n}", 60)
        clock.advance(233_221)
        session.tally(session.kinds[0].id)
        session.end()
        clock.advance(60_000)
    store.close()
    # The app refuses control characters in a name it is given; a file from elsewhere (an
    # older version, a hand edit) may still hold them, and the export must stay safe.
    with closing(sqlite3.connect(data / "coachdesk.sqlite3")) as conn, conn:
        for n, name in enumerate(HOSTILE_NAMES):
            conn.execute("UPDATE coachee SET name = ? WHERE name = ?", (name, f"coachee {n}"))
    return data


def export(data: Path, fmt: str, out: Path) -> None:
    where = ["--data-dir", str(data)]
    done = subprocess.run(
        [sys.executable, "-m", "coachdesk", *where, "export", "--format", fmt, "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        env=dict(os.environ) | {"TZ": "Europe/Amsterdam"},
    )
    assert done.returncode == 0, done.stderr


def to_xlsx(source: Path, infilter: str, profile: Path) -> list[list[Cell | MergedCell]]:
    """Convert ``source`` with LibreOffice as ``infilter`` reads it; the cells, row by row."""
    outdir = source.parent / f"xlsx-{infilter.replace(':', '-').replace(',', '_')}"
    done = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",  # not the user's, not shared
            "--headless",
            f"--infilter={infilter}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(outdir),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    converted = outdir / (source.stem + ".xlsx")
    assert converted.exists(), (done.stdout, done.stderr)
    sheet = openpyxl.load_workbook(converted).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows()]


def assert_no_formula(rows: list[list[Cell | MergedCell]]) -> None:
    formulas = [c.value for row in rows for c in row if c.data_type == "f"]
    assert formulas == []


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_the_spreadsheet_csv_opens_in_dutch_with_text_numbers_and_dates(
    practice: Path, tmp_path: Path
) -> None:
    source = tmp_path / "tallies.csv"
    export(practice, "spreadsheet", source)
    rows = to_xlsx(source, SEMICOLON_NL, tmp_path / "profile")
    assert_no_formula(rows)
    header = [c.value for c in rows[0]]
    assert header[0] == "coachee"  # the byte order mark is not part of the first name
    assert len(rows) == 1 + len(HOSTILE_NAMES)
    for name, row in zip(HOSTILE_NAMES, rows[1:], strict=True):
        cells = dict(zip(header, row, strict=True))
        coachee = cells["coachee"]
        assert coachee.data_type == "s"
        assert str(coachee.value).replace("'", "") == name.replace("'", "")
        assert cells["offset_s"].value == pytest.approx(233.221)
        assert cells["session_id"].value == HOSTILE_NAMES.index(name) + 1
        assert isinstance(cells["session_start_date"].value, datetime)
        assert isinstance(cells["date"].value, datetime)
        assert isinstance(cells["time"].value, time)
    first = dict(zip(header, rows[1], strict=True))
    assert first["session_start_date"].value == datetime(2026, 12, 4)
    assert first["session_start_time"].value == time(17, 43, 12)  # Amsterdam, UTC+1
    assert first["time"].value == time(17, 47, 5)
    assert rows[-1][0].value == "Zoë Çelik-Özdemir 🙂"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
@pytest.mark.parametrize("infilter", [SEMICOLON_NL, COMMA_EN, TAB_NL])
def test_the_plain_csv_makes_no_formula_whatever_separator_opens_it(
    practice: Path, tmp_path: Path, infilter: str
) -> None:
    source = tmp_path / "tallies.csv"
    export(practice, "csv", source)
    rows = to_xlsx(source, infilter, tmp_path / "profile")
    assert_no_formula(rows)
    assert len(rows) > len(HOSTILE_NAMES)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_the_workbook_opens_in_libreoffice_with_text_numbers_and_dates(
    practice: Path, tmp_path: Path
) -> None:
    """The .xlsx as LibreOffice reads it (opened and saved again by it): no formula, names
    as text whatever they start with, offsets as numbers, moments as dates and times."""
    source = tmp_path / "tallies.xlsx"
    export(practice, "xlsx", source)
    assert_no_formula([list(row) for row in openpyxl.load_workbook(source).worksheets[0].rows])
    rows = to_xlsx(source, "Calc MS Excel 2007 XML", tmp_path / "profile")
    assert_no_formula(rows)
    header = [c.value for c in rows[0]]
    assert header[:9] == [
        "coachee", "session_id", "session_start_utc", "kind_key", "kind_label", "detail",
        "offset_s", "timestamp_utc", "session_ref",
    ]  # fmt: skip
    assert header[9:] == ["session_start_date", "session_start_time", "date", "time"]
    assert len(rows) == 1 + len(HOSTILE_NAMES)
    for name, row in zip(HOSTILE_NAMES, rows[1:], strict=True):
        cells = dict(zip(header, row, strict=True))
        assert cells["coachee"].data_type == "s"
        assert cells["coachee"].value == name  # the name itself, with no ' before it
        assert cells["offset_s"].data_type == "n"
        assert cells["offset_s"].value == pytest.approx(233.221)
        assert cells["session_id"].value == HOSTILE_NAMES.index(name) + 1
        assert isinstance(cells["session_start_utc"].value, datetime)
        assert isinstance(cells["timestamp_utc"].value, datetime)
        assert isinstance(cells["session_start_date"].value, datetime)
        assert isinstance(cells["time"].value, time)
    first = dict(zip(header, rows[1], strict=True))
    assert first["session_start_utc"].value == datetime(2026, 12, 4, 16, 43, 12)
    assert first["session_start_date"].value == datetime(2026, 12, 4)
    assert first["session_start_time"].value == time(17, 43, 12)  # Amsterdam, UTC+1
    assert first["time"].value == time(17, 47, 5)
