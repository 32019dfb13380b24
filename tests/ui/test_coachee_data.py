"""The Coachees menu: export a coachee's record and erase a coachee, as a coach does it."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from coachdesk.ui.coachee_data import ChooseCoacheeDialog, EraseDialog, PurgeBackupsDialog
from coachdesk.wiring.data_service import DataService
from tests.fakes import FakeClock
from tests.practice import MARKED_NAME, MARKER, files_holding, make_practice
from tests.ui.conftest import Desk, make_desk
from tests.ui.driving import save_as, start


@pytest.fixture
def practice_desk(qtbot: QtBot, tmp_path: Path) -> Iterator[Desk]:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    clock = FakeClock()
    make_practice(database, clock)
    made = make_desk(qtbot, database, clock)
    made.window.attach_data(DataService(made.store, database.parent, clock))
    yield made
    made.close()


def choose(desk: Desk, qtbot: QtBot, action_name: str, name: str) -> ChooseCoacheeDialog:
    action = getattr(desk.window.actions_, action_name)
    menus = [m.title() for m in desk.window.menuBar().findChildren(QMenu) if action in m.actions()]
    assert menus == ["&Coachees"]
    action.trigger()
    assert desk.window.rights is not None
    dialog = desk.window.rights.dialog
    assert isinstance(dialog, ChooseCoacheeDialog)
    qtbot.waitExposed(dialog)
    assert not dialog.go_button.isEnabled()  # nothing chosen, and no names shown, yet
    popup = dialog.name_edit.completer().popup()
    assert popup is not None and not popup.isVisible()
    qtbot.keyClicks(dialog.name_edit, name)
    assert dialog.go_button.isEnabled()
    qtbot.mouseClick(dialog.go_button, Qt.MouseButton.LeftButton)
    return dialog


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The umask a desktop session may have: what coachdesk writes must be private anyway."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.mark.usefixtures("open_umask")
def test_export_a_record_as_a_zip(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "bram.zip"
    asked = save_as(monkeypatch, target)
    choose(practice_desk, qtbot, "export_record", "bram")
    assert asked == ["Export the record of Bram"]
    assert target.stat().st_mode & 0o777 == 0o600
    with zipfile.ZipFile(target) as zipped:
        names = sorted(zipped.namelist())
        record = json.loads(zipped.read("record.json"))
    assert {"record.json", "sessions.csv", "tallies.csv"} < set(names)
    assert len([n for n in names if n.endswith(".pdf")]) == 2
    assert [c["name"] for c in record["coachees"]] == ["Bram"]
    message = practice_desk.window.statusBar().currentMessage()
    assert message == f"Wrote the record of Bram to {target}."


def test_the_records_tallies_csv_carries_the_marked_moments(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = practice_desk
    panel = start(desk, qtbot, "Quinten")
    desk.clock.advance(90_000)
    qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_1)
    qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_M)
    qtbot.keyClicks(panel.marker_bar.note, "=her own plan")
    qtbot.keyClick(panel.marker_bar.note, Qt.Key.Key_Return)
    desk.clock.advance(30_000)
    qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_M)  # no note
    qtbot.keyClick(panel.marker_bar.note, Qt.Key.Key_Escape)
    panel.end_button.click()
    panel.confirm_end_button.click()
    target = tmp_path / "quinten.zip"
    save_as(monkeypatch, target)
    choose(desk, qtbot, "export_record", "quinten")
    with zipfile.ZipFile(target) as zipped:
        text = zipped.read("tallies.csv").decode("utf-8")
    rows = [
        (r["tally_uid"] != "", r["kind_key"], r["kind_label"], r["detail"], r["offset_s"])
        for r in csv.DictReader(io.StringIO(text))
    ]
    assert rows == [
        (True, "advice", "advice given", "", "90.0"),
        (False, "moment", "moment marked", "'=her own plan", "90.0"),  # no formula either
        (False, "moment", "moment marked", "", "120.0"),
    ]


def test_an_unknown_name_cannot_be_chosen(practice_desk: Desk, qtbot: QtBot) -> None:
    practice_desk.window.actions_.erase_coachee.trigger()
    assert practice_desk.window.rights is not None
    dialog = practice_desk.window.rights.dialog
    assert isinstance(dialog, ChooseCoacheeDialog)
    qtbot.keyClicks(dialog.name_edit, "Bra")
    assert not dialog.go_button.isEnabled()
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.chosen is None and dialog.isVisible()


def test_erase_names_what_goes_and_asks_for_the_name_again(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    desk = practice_desk
    backups = desk.database.parent / "backups"
    backups.mkdir()
    desk.store.connection.backup(sqlite3.connect(backups / "coachdesk-20260101-000000Z.sqlite3"))
    qtbot.keyClicks(desk.window.picker.name_edit, MARKED_NAME)  # typed, then not started
    choose(desk, qtbot, "erase_coachee", MARKED_NAME.upper())
    assert desk.window.rights is not None
    dialog = desk.window.rights.dialog
    assert isinstance(dialog, EraseDialog)
    qtbot.waitExposed(dialog)
    assert "2 sessions, 8 tallies and 5 notes" in dialog.what.text()
    assert MARKED_NAME in dialog.what.text()
    qtbot.keyClicks(dialog.confirm_edit, MARKED_NAME[:-1])
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_edit, MARKED_NAME[-1])
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    purge = desk.window.rights.dialog
    assert isinstance(purge, PurgeBackupsDialog)
    what = purge.findChild(type(dialog.what), "purgeWhat")
    assert what is not None
    assert what.text() == "1 backup made before the erasure still holds this coachee."
    assert files_holding(desk.database.parent, MARKER) == [
        backups / "coachdesk-20260101-000000Z.sqlite3"
    ]
    qtbot.mouseClick(purge.delete_button, Qt.MouseButton.LeftButton)
    assert files_holding(desk.database.parent, MARKER) == []
    assert desk.window.statusBar().currentMessage() == "Deleted 1 backup."
    assert desk.window.picker.name_edit.text() == ""
    names = desk.window.picker.known
    assert MARKED_NAME not in [names.item(i).text() for i in range(names.rowCount())]
    assert MARKED_NAME not in [c.name for c in desk.store.coachees()]


def test_a_backup_that_cannot_be_read_is_named_after_the_erasure_and_kept(
    practice_desk: Desk, qtbot: QtBot
) -> None:
    desk = practice_desk
    backups = desk.database.parent / "backups"
    backups.mkdir()
    damaged = backups / "coachdesk-20260102-000000Z.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    choose(desk, qtbot, "erase_coachee", "Chris")
    assert desk.window.rights is not None
    dialog = desk.window.rights.dialog
    assert isinstance(dialog, EraseDialog)
    qtbot.keyClicks(dialog.confirm_edit, "Chris")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    shown = desk.window.statusBar().currentMessage()
    assert shown.startswith("Erased Chris. 1 backup could not be read to check it")
    assert str(damaged) in shown
    assert damaged.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 200


def test_cancelling_the_erasure_keeps_everything(practice_desk: Desk, qtbot: QtBot) -> None:
    desk = practice_desk
    choose(desk, qtbot, "erase_coachee", "Chris")
    assert desk.window.rights is not None
    dialog = desk.window.rights.dialog
    assert isinstance(dialog, EraseDialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert "Chris" in [c.name for c in desk.store.coachees()]


def test_the_coachees_menu_waits_while_a_session_runs(practice_desk: Desk, qtbot: QtBot) -> None:
    window = practice_desk.window
    assert window.actions_.erase_coachee.isEnabled()
    qtbot.keyClicks(window.picker.name_edit, "Dana")
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    assert not window.actions_.erase_coachee.isEnabled()
    assert not window.actions_.export_record.isEnabled()


@pytest.mark.usefixtures("open_umask")
def test_export_a_record_as_a_folder(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "records" / "chris"
    target.parent.mkdir()
    save_as(monkeypatch, target)
    choose(practice_desk, qtbot, "export_record", "Chris")
    assert target.stat().st_mode & 0o777 == 0o700
    files = sorted(target.iterdir())
    assert len(files) == 5
    assert all(f.stat().st_mode & 0o777 == 0o600 for f in files)
    assert [p.name for p in target.parent.iterdir()] == ["chris"]  # nothing half-made beside


@pytest.mark.usefixtures("open_umask")
def test_a_report_saved_from_the_review_is_private(
    practice_desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = practice_desk.window
    sessions = practice_desk.review.ended_sessions(practice_desk.store.coachees()[0])
    assert window.open_review(sessions[0].id)
    page = window.review_page
    assert page is not None
    for button, name in ((page.pdf_button, "report.pdf"), (page.png_button, "c.png")):
        save_as(monkeypatch, tmp_path / name)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600
        assert (tmp_path / name).stat().st_size > 1000


def test_erasing_the_coachee_under_review_leaves_the_review(
    practice_desk: Desk, qtbot: QtBot
) -> None:
    desk = practice_desk
    marked = next(c for c in desk.store.coachees() if c.name == MARKED_NAME)
    assert desk.window.open_review(desk.review.ended_sessions(marked)[0].id)
    assert desk.window.stack.currentWidget() is desk.window.review_page
    desk.window.erase(marked)  # as a list of coachees elsewhere would call it
    assert desk.window.rights is not None
    dialog = desk.window.rights.dialog
    assert isinstance(dialog, EraseDialog)
    qtbot.keyClicks(dialog.confirm_edit, MARKED_NAME)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert desk.window.stack.currentWidget() is desk.window.picker
    assert desk.window.statusBar().currentMessage() == f"Erased {MARKED_NAME}."
    assert files_holding(desk.database.parent, MARKER) == []


def test_a_name_typed_decomposed_chooses_and_confirms_the_coachee(
    practice_desk: Desk, qtbot: QtBot
) -> None:
    desk = practice_desk
    desk.store.coachee_named("\u00d6zdemir", 0)
    desk.window.actions_.erase_coachee.trigger()
    assert desk.window.rights is not None
    chooser = desk.window.rights.dialog
    assert isinstance(chooser, ChooseCoacheeDialog)
    chooser.name_edit.setText("O\u0308zdemir")  # as macOS input may give "Özdemir"
    assert chooser.go_button.isEnabled()
    qtbot.mouseClick(chooser.go_button, Qt.MouseButton.LeftButton)
    dialog = desk.window.rights.dialog
    assert isinstance(dialog, EraseDialog)
    dialog.confirm_edit.setText("O\u0308zdemir")
    assert dialog.erase_button.isEnabled()
    dialog.reject()
