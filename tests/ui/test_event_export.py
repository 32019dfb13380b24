"""Coachees > Export all sessions…: the coach picks a form, a file name is suggested, the file
holds every tally in the database, and the window says where it went."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu
from pytestqt.qtbot import QtBot

from coachdesk.domain.export import SPREADSHEET_COLUMNS
from coachdesk.ui.event_export import ExportEventsDialog
from coachdesk.wiring.data_service import DataService
from tests.fakes import FakeClock
from tests.practice import make_practice
from tests.ui.conftest import Desk, make_desk

HOSTILE = '=HYPERLINK("x");=1+1'


@pytest.fixture
def practice_desk(qtbot: QtBot, tmp_path: Path) -> Iterator[Desk]:
    """Three coachees, two sessions each; one named as if to start a formula."""
    database = tmp_path / "data" / "coachdesk.sqlite3"
    clock = FakeClock()
    make_practice(database, clock)
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("UPDATE coachee SET name = ? WHERE name = 'Bram'", (HOSTILE,))
    made = make_desk(qtbot, database, clock)
    made.window.attach_data(DataService(made.store, database.parent, clock))
    yield made
    made.close()


def stored(database: Path) -> list[tuple[str, int, float]]:
    """Each tally as the database holds it: coachee, session, offset in seconds."""
    with closing(sqlite3.connect(database)) as conn:
        return [
            (name, session, offset / 1000)
            for name, session, offset in conn.execute(
                "SELECT c.name, s.id, t.offset_ms FROM tally t "
                "JOIN coaching_session s ON s.id = t.session_id "
                "JOIN coachee c ON c.id = s.coachee_id ORDER BY s.started_at_ms, s.id, t.id"
            )
        ]


class SaveDialog:
    """The platform's save dialog (a real boundary): records what it was offered and
    answers with ``answer`` (None: the coach cancels)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, answer: Path | None) -> None:
        self.answer = answer
        self.offered: list[tuple[str, str, str]] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self)

    def __call__(
        self, _parent: object, title: str, suggested: str, filter_: str
    ) -> tuple[str, str]:
        self.offered.append((title, suggested, filter_))
        return (str(self.answer) if self.answer else "", "")


def open_dialog(desk: Desk, qtbot: QtBot) -> ExportEventsDialog:
    action = desk.window.actions_.export_events
    menus = [m.title() for m in desk.window.menuBar().findChildren(QMenu) if action in m.actions()]
    assert menus == ["&Coachees"]
    assert action.isEnabled()
    action.trigger()
    assert desk.window.event_export is not None
    dialog = desk.window.event_export.dialog
    assert isinstance(dialog, ExportEventsDialog)
    qtbot.waitExposed(dialog)
    return dialog


@pytest.fixture
def open_umask() -> Iterator[None]:
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.usefixtures("open_umask")
def test_a_workbook_holds_every_tally_with_typed_cells(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = practice_desk
    save = SaveDialog(monkeypatch, tmp_path / "practice")  # typed without its suffix
    dialog = open_dialog(desk, qtbot)
    forms = [b.text() for b in dialog.group.buttons()]
    assert forms == [
        "Plain CSV, for scripts (the documented columns, times in UTC)",
        "CSV for a spreadsheet (';', decimal comma, local dates)",
        "Excel workbook (.xlsx), for Excel and LibreOffice",
        "JSON, for other programs",
    ]
    assert dialog.choices["xlsx"].isChecked()  # offered first: the same in every language
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)

    target = tmp_path / "practice.xlsx"
    title, suggested, filter_ = save.offered[0]
    assert title == "Export all sessions"
    assert Path(suggested).name == f"coachdesk-sessions-{date.today().isoformat()}.xlsx"
    assert filter_ == "Excel (*.xlsx)"
    assert desk.window.statusBar().currentMessage() == f"Saved: {target}"
    assert target.stat().st_mode & 0o777 == 0o600
    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None
    lines = list(sheet.iter_rows())
    assert [c.value for c in lines[0]] == list(SPREADSHEET_COLUMNS)
    assert sheet.freeze_panes == "A2"
    assert [c for line in lines for c in line if c.data_type == "f"] == []  # no formula
    header = list(SPREADSHEET_COLUMNS)
    got = []
    for line in lines[1:]:
        cells = dict(zip(header, line, strict=True))
        assert cells["coachee"].data_type == "s"
        assert cells["session_id"].data_type == "n" and cells["offset_s"].data_type == "n"
        assert isinstance(cells["timestamp_utc"].value, datetime)
        assert isinstance(cells["date"].value, datetime) and cells["date"].is_date
        got.append((cells["coachee"].value, cells["session_id"].value, cells["offset_s"].value))
    assert got == stored(desk.database)
    assert HOSTILE in {name for name, _s, _o in got}
    assert "Saved:" in desk.window.statusBar().currentMessage()


def test_the_keyboard_chooses_the_spreadsheet_csv(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = practice_desk
    save = SaveDialog(monkeypatch, tmp_path / "for-excel.csv")
    dialog = open_dialog(desk, qtbot)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices["xlsx"])
    qtbot.keyClick(dialog.choices["xlsx"], Qt.Key.Key_Up)  # arrows move within the group
    assert dialog.choices["spreadsheet"].isChecked()
    qtbot.keyClick(dialog.choices["spreadsheet"], Qt.Key.Key_Return)  # the default button
    assert save.offered[0][2] == "CSV (*.csv)"
    raw = (tmp_path / "for-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcoachee;")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(table) - 1 == len(stored(desk.database))
    assert "'=HYPERLINK(\"x\");'=1+1" in {line[0] for line in table}  # defused


@pytest.mark.parametrize(("form", "suffix"), [("csv", ".csv"), ("json", ".json")])
def test_the_plain_csv_and_json_hold_what_the_database_holds(
    practice_desk: Desk,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    form: str,
    suffix: str,
) -> None:
    desk = practice_desk
    SaveDialog(monkeypatch, tmp_path / f"all{suffix}")
    dialog = open_dialog(desk, qtbot)
    radio = dialog.choices[form]
    on_label = QPoint(radio.width() // 8, radio.height() // 2)  # not the empty space after it
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=on_label)
    assert dialog.form == form
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    text = (tmp_path / f"all{suffix}").read_text(encoding="utf-8")
    if form == "json":
        events = json.loads(text)["events"]
        got = [(e["coachee"], e["session_id"], e["offset_s"]) for e in events]
        assert got == stored(desk.database)
    else:
        table = list(csv.DictReader(io.StringIO(text, newline="")))
        assert len(table) == len(stored(desk.database))
        assert table[0]["coachee"] and table[0]["offset_s"]


def test_cancelling_either_dialog_writes_nothing(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = practice_desk
    save = SaveDialog(monkeypatch, None)
    dialog = open_dialog(desk, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and save.offered == []
    dialog = open_dialog(desk, qtbot)
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    assert len(save.offered) == 1
    assert desk.window.statusBar().currentMessage() == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_file_that_cannot_be_written_is_said_in_the_banner(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = practice_desk
    SaveDialog(monkeypatch, tmp_path / "no-such-folder" / "all.xlsx")
    dialog = open_dialog(desk, qtbot)
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    assert desk.window.banner.isVisibleTo(desk.window)
    assert desk.window.banner.text().startswith(f"Cannot write {tmp_path / 'no-such-folder'}")


def test_not_offered_during_a_session(practice_desk: Desk, qtbot: QtBot) -> None:
    """No other coachee's name may come into view while a coachee can see the screen."""
    desk = practice_desk
    qtbot.keyClicks(desk.window.picker.name_edit, "Noor")
    qtbot.mouseClick(desk.window.picker.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window.stack.currentWidget() is desk.window.session_panel)
    assert not desk.window.actions_.export_events.isEnabled()
    assert QApplication.activeModalWidget() is None
