"""The app as a coach starts it: the command line, the composition root and the real window."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coachdesk.ui.main_window import MainWindow
from tests.dbcheck import rows, tally_rows
from tests.ui.conftest import activate
from tests.ui.driving import main_windows, run_app


def test_start_opens_straight_into_a_session(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"

    def tally_twice(window: MainWindow) -> None:
        assert window.windowTitle() == "coachdesk"
        panel = window.session_panel
        assert panel is not None and window.stack.currentWidget() is panel
        assert panel.coachee_label.full_text() == "Anna"
        assert panel.planned_label.text() == "planned 30:00"
        qtbot.keyClick(window, Qt.Key.Key_1)
        qtbot.keyClick(window, Qt.Key.Key_2)
        assert [b.count for b in panel.buttons] == [1, 1, 0]

    args = ["--data-dir", str(data), "start", "--coachee", "Anna", "--planned-minutes", "30"]
    assert run_app(qtbot, args, tally_twice) == 0
    database = data / "coachdesk.sqlite3"
    assert rows(
        database,
        "SELECT c.name, s.planned_minutes FROM coaching_session s "
        "JOIN coachee c ON c.id = s.coachee_id",
    ) == [("Anna", 30)]
    assert [k for k, _, _ in tally_rows(database)] == ["advice", "coachee_action"]
    assert (data / "config" / "window.ini").stat().st_mode & 0o777 == 0o600
    assert data.stat().st_mode & 0o777 == 0o700


def test_dutch_from_the_command_line_and_switched_in_the_app(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"

    def switch_to_english_and_back(window: MainWindow) -> None:
        assert window.picker.start_button.text() == "Sessie starten"
        window.picker.name_edit.setText("Anna")
        qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
        qtbot.keyClick(window, Qt.Key.Key_2)
        panel = window.session_panel
        assert panel is not None
        assert [b.label.text() for b in panel.buttons] == [
            "advies gegeven",
            "actie van de coachee",
            "pet benoemd",
        ]
        english = next(a for a in window.actions_.languages if a.objectName() == "language_en")
        english.trigger()
        qtbot.waitUntil(lambda: len(main_windows()) == 1 and main_windows()[0] is not window)
        rebuilt = main_windows()[0]
        new_panel = rebuilt.session_panel
        assert new_panel is not None and rebuilt.stack.currentWidget() is new_panel
        assert new_panel.buttons[0].label.text() == "advice given"
        assert [b.count for b in new_panel.buttons] == [0, 1, 0]  # the same session goes on
        activate(qtbot, rebuilt)
        qtbot.keyClick(rebuilt, Qt.Key.Key_2)
        assert [b.count for b in new_panel.buttons] == [0, 2, 0]

        qtbot.mouseClick(new_panel.end_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(new_panel.confirm_end_button, Qt.MouseButton.LeftButton)
        assert rebuilt.stack.currentWidget() is rebuilt.review_page
        dutch = next(a for a in rebuilt.actions_.languages if a.objectName() == "language_nl")
        dutch.trigger()
        qtbot.waitUntil(lambda: len(main_windows()) == 1 and main_windows()[0] is not rebuilt)
        again = main_windows()[0]
        page = again.review_page
        assert page is not None and again.stack.currentWidget() is page  # still the review
        assert page.title.text() == "Sessiebespreking"
        assert "Aandeel van de coachee: 2 van 2" in page.sentence.text()

    assert (
        run_app(qtbot, ["--data-dir", str(data), "--lang", "nl"], switch_to_english_and_back) == 0
    )
    saved = json.loads((data / "config" / "settings.json").read_text())
    assert (saved["version"], saved["language"]) == (1, "nl")
    assert len(tally_rows(data / "coachdesk.sqlite3")) == 2


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"", "is empty"), (b"garbage" * 100, "not a coachdesk database")],
    ids=["empty", "corrupt"],
)
def test_a_bad_database_file_is_named_and_left_alone(
    qtbot: QtBot, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    database = data / "coachdesk.sqlite3"
    database.write_bytes(content)

    def check(window: MainWindow) -> None:
        panel = window.damage
        assert panel is not None and window.stack.currentWidget() is panel
        assert str(database) in panel.finding.text()
        assert words in panel.finding.text()
        assert "There is no good backup to restore" in panel.offer.text()
        assert not panel.restore_button.isVisible()

    run_app(qtbot, ["--data-dir", str(data)], check)
    assert database.read_bytes() == content
    assert sorted(p.name for p in data.iterdir()) == ["coachdesk.sqlite3", "config"]
    assert str(database) in capsys.readouterr().err


def test_a_data_folder_that_cannot_be_made_is_named_not_waited_on(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    data = blocker / "data"

    def check(window: MainWindow) -> None:
        assert window.message is not None
        assert window.stack.currentWidget() is window.message
        assert "cannot create its data folder" in window.message.text.text()
        assert str(data) in window.message.text.text()

    run_app(qtbot, ["--data-dir", str(data)], check)
    assert blocker.read_text() == "not a folder"
