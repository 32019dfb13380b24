"""Settings > Tally schemes…: a scheme of the coach's own made from a preset, edited with the
keyboard and the mouse, saved as versions, shared as a file, imported from BORIS; a refused
file writes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from coachdesk.domain.scheme_colours import shade
from coachdesk.domain.scheme_files import dumps, parse
from coachdesk.domain.scheme_presets import GROW_SCHEME, PRESETS
from coachdesk.domain.schemes import HOTKEYS, Words
from coachdesk.store.repository import SqlStore
from coachdesk.ui.contrast import ratio
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.scheme_editor import SchemeEditor
from coachdesk.ui.style import stylesheet
from tests.dbcheck import rows as db_rows
from tests.ui.accessibility import unnamed
from tests.ui.driving import click, click_row, dark, light, run_app, save_as
from tests.unit.boris_files import STUDY, behaviour, project, saved


@pytest.fixture
def editor(qtbot: QtBot, store: SqlStore) -> Iterator[SchemeEditor]:
    dialog = SchemeEditor(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    handle = dialog.windowHandle()
    assert handle is not None
    handle.requestActivate()  # as a click on it would: the mnemonics need that
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    yield dialog
    dialog.done(0)  # closes without the question about changes not saved


def open_file(monkeypatch: pytest.MonkeyPatch, chosen: Path) -> None:
    """The platform's open dialog answers ``chosen``."""

    def answer(*_args: object) -> tuple[str, str]:
        return (str(chosen), "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, text)


def rows(editor: SchemeEditor) -> list[str]:
    return [editor.list.item(i).text() for i in range(editor.list.count())]


def own_in_store(store: SqlStore) -> list[tuple[str, int]]:
    preset_keys = {p.key for p in PRESETS}
    return [(s.key, s.version) for s in store.schemes() if s.key not in preset_keys]


def test_presets_are_listed_to_read_with_their_explanation(editor: SchemeEditor) -> None:
    assert rows(editor) == [f"{p.name.en} (preset)" for p in PRESETS]
    for row, preset in enumerate(PRESETS):
        editor.list.setCurrentRow(row)
        assert editor.explanation.text() == preset.explanation.en
        assert editor.name_en.isReadOnly() and not editor.hotkey.isEnabled()
        assert not editor.save_button.isEnabled()
        assert editor.new_button.isEnabled() and not editor.duplicate_button.isEnabled()
    assert unnamed(editor) == []


def test_make_edit_save_and_save_again_as_the_next_version(
    qtbot: QtBot, editor: SchemeEditor, store: SqlStore
) -> None:
    click_row(qtbot, editor.list, PRESETS.index(GROW_SCHEME))
    click(qtbot, editor.new_button)
    assert editor.title.text().endswith("new, not saved yet")
    retype(qtbot, editor.name_en, "My GROW")
    retype(qtbot, editor.name_nl, "Mijn GROW")
    click_row(qtbot, editor.kinds, 0)
    retype(qtbot, editor.label_en, "Aim")
    retype(qtbot, editor.label_nl, "Doel gesteld")
    assert editor.kinds.item(0).text() == "Aim (key 1)"

    # Bind the second kind to the first one's key: the clash is said in plain words.
    click_row(qtbot, editor.kinds, 1)
    editor.hotkey.setFocus()
    qtbot.keyClick(editor.hotkey, Qt.Key.Key_Up)
    assert editor.hotkey.currentText() == "1"
    assert "the key 1 is already bound to Aim" in editor.problems.text()
    assert editor.problems.isVisible() and not editor.save_button.isEnabled()
    qtbot.keyClick(editor.hotkey, Qt.Key.Key_Down)  # back to its own key
    assert editor.problems.text() == "" and editor.save_button.isEnabled()
    # An empty label, too.
    retype(qtbot, editor.label_nl, "")
    assert "the Dutch label is empty" in editor.problems.text()
    qtbot.keyClicks(editor.label_nl, "Realiteit")

    click(qtbot, editor.save_button)
    ((key, version),) = own_in_store(store)
    assert version == 1
    first = store.scheme_version(key, 1)
    assert first.name == Words("My GROW", "Mijn GROW")
    assert first.kinds[0].label == Words("Aim", "Doel gesteld")
    assert first.preset == GROW_SCHEME.key
    assert [k.key for k in first.kinds] == [k.key for k in GROW_SCHEME.kinds]
    assert rows(editor)[-1] == "My GROW, version 1"
    assert editor.list.currentRow() == len(PRESETS)

    # Edit the stored scheme: recolour, reorder, retire; Save makes version 2.
    click_row(qtbot, editor.kinds, 3)
    editor.colour.setFocus()
    qtbot.keyClick(editor.colour, Qt.Key.Key_Down)
    click(qtbot, editor.up_button)
    assert editor.kinds.currentRow() == 2
    editor.retired.setFocus()
    qtbot.keyClick(editor.retired, Qt.Key.Key_Space)
    click(qtbot, editor.save_button)
    assert own_in_store(store) == [(key, 2)]
    second = store.scheme_version(key, 2)
    assert store.scheme_version(key, 1) == first  # the first version stays as it was
    assert [k.key for k in second.kinds] == ["goal", "reality", "will", "options"]
    will = second.kind("will")
    assert will is not None and will.retired and will.colour != first.kinds[3].colour
    assert [k.key for k in second.active] == ["goal", "reality", "options"]
    assert [b.text() for b in editor.preview_buttons] == [
        f"{k.label.en}\nkey {k.hotkey}" for k in second.active
    ]


def test_changes_wait_while_another_scheme_is_read_and_closing_asks_first(
    qtbot: QtBot, editor: SchemeEditor, store: SqlStore
) -> None:
    click_row(qtbot, editor.list, 0)
    click(qtbot, editor.new_button)
    click(qtbot, editor.save_button)
    saved_row = len(PRESETS)
    retype(qtbot, editor.name_en, "Mine")
    assert editor.list.item(saved_row).text() == "Mine, version 1, changes not saved"
    click_row(qtbot, editor.list, 2)  # read a preset meanwhile
    click(qtbot, editor.new_button)  # and start another scheme
    assert editor.list.item(saved_row + 1).text() == "Learning-oriented (my own), new, not saved"
    click_row(qtbot, editor.list, saved_row)
    assert editor.name_en.text() == "Mine" and editor.save_button.isEnabled()

    click(qtbot, editor.close_button)
    question = editor.leave_question
    qtbot.waitExposed(question)
    assert question.text() == (
        "Close without saving the changes to Mine, Learning-oriented (my own)?"
    )
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    click(qtbot, editor.close_button)
    discard = editor.leave_question.button(QMessageBox.StandardButton.Discard)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    assert own_in_store(store) == [("balance_my_own", 1)]
    assert store.scheme_version("balance_my_own", 1).name.en == "Balance (my own)"


def test_added_kinds_take_the_free_keys_until_there_are_none(
    qtbot: QtBot, editor: SchemeEditor
) -> None:
    click_row(qtbot, editor.list, 0)
    click(qtbot, editor.new_button)
    draft = editor.draft()
    assert draft is not None
    for _ in range(len(HOTKEYS) - len(draft.active)):
        click(qtbot, editor.add_button)
    assert editor.problems.text() == ""
    click(qtbot, editor.add_button)  # one more than there are keys
    assert "34 kinds in use but only 33 keys to press" in editor.problems.text()
    assert not editor.save_button.isEnabled()


def test_export_then_import_comes_back_as_a_scheme_of_its_own(
    qtbot: QtBot,
    editor: SchemeEditor,
    store: SqlStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    click_row(qtbot, editor.list, 1)
    click(qtbot, editor.new_button)
    click(qtbot, editor.save_button)
    ((key, _version),) = own_in_store(store)
    mine = store.scheme_version(key, 1)
    path = tmp_path / "mine.json"
    save_as(monkeypatch, path)
    click(qtbot, editor.export_button)
    assert parse(path.read_bytes()) == mine

    open_file(monkeypatch, path)
    click(qtbot, editor.import_button)
    assert len(own_in_store(store)) == 2
    (again,) = [s for s in store.schemes() if s.key not in {*(p.key for p in PRESETS), key}]
    assert again.kinds == mine.kinds and again.name == mine.name and again.version == 1
    assert editor.status.text().startswith("Imported ")


def test_a_boris_project_written_here_becomes_a_new_scheme(
    qtbot: QtBot,
    editor: SchemeEditor,
    store: SqlStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "study.boris.gz"
    path.write_bytes(saved(STUDY, gzipped=True))
    open_file(monkeypatch, path)
    click(qtbot, editor.boris_button)
    assert own_in_store(store) == [("coaching_study", 1)]
    scheme = store.scheme_version("coaching_study", 1)
    assert [k.label.en for k in scheme.kinds][:3] == ["open question", "closed question", "Goal"]
    assert rows(editor)[-1] == "Coaching study, version 1"
    assert "Silence: BORIS's key F1 is now 2." in editor.status.text()


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("bad.json", b'{"format": "coachdesk-scheme-1", "key": ', "not a usable coachdesk"),
        (
            "other.json",
            json.dumps({**json.loads(dumps(GROW_SCHEME)), "format": "x"}).encode(),
            "not a usable coachdesk",
        ),
        (
            "bad.boris",
            saved(project(behaviour("", "p"))),
            "behaviors_conf.0.code: the behaviour has no code",
        ),
    ],
)
def test_a_refused_file_is_explained_and_writes_nothing(
    qtbot: QtBot,
    editor: SchemeEditor,
    store: SqlStore,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    data: bytes,
    said: str,
) -> None:
    before = store.schemes()
    path = tmp_path / name
    path.write_bytes(data)
    open_file(monkeypatch, path)
    button = editor.boris_button if name.endswith(".boris") else editor.import_button
    click(qtbot, button)
    assert said in editor.status.text() and "Nothing was imported" in editor.status.text()
    assert store.schemes() == before
    assert rows(editor) == [f"{p.name.en} (preset)" for p in PRESETS]


def alt(qtbot: QtBot, key: Qt.Key) -> None:
    """Alt and a letter, pressed where the focus is."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClick(focused, key, Qt.KeyboardModifier.AltModifier)


def test_keyboard_alone_makes_a_state_with_choices_and_saves(
    qtbot: QtBot, editor: SchemeEditor, store: SqlStore
) -> None:
    editor.list.setFocus()
    qtbot.keyClick(editor.list, Qt.Key.Key_Home)
    alt(qtbot, Qt.Key.Key_N)  # New from preset: a mnemonic clicks after a short animation
    qtbot.waitUntil(editor.name_en.hasFocus)
    qtbot.keyClicks(editor.name_en, "Roles")
    alt(qtbot, Qt.Key.Key_A)  # Add kind
    qtbot.waitUntil(editor.label_en.hasFocus)
    assert editor.kinds.currentRow() == 3
    qtbot.keyClicks(editor.label_en, "sparring partner")
    qtbot.keyClick(editor.label_en, Qt.Key.Key_Tab)
    assert editor.label_nl.hasFocus()
    retype(qtbot, editor.label_nl, "sparringpartner")
    alt(qtbot, Qt.Key.Key_T)  # Type
    assert editor.type.hasFocus()
    qtbot.keyClick(editor.type, Qt.Key.Key_Down)
    assert "kind 4 (kind): a state needs a group" in editor.problems.text()
    alt(qtbot, Qt.Key.Key_G)  # Group
    qtbot.keyClicks(editor.group, "role")
    assert editor.problems.text() == ""
    qtbot.keyClick(editor.group, Qt.Key.Key_Tab)
    assert editor.details_en.hasFocus()
    qtbot.keyClicks(editor.details_en, "listening, challenging")
    qtbot.keyClick(editor.details_en, Qt.Key.Key_Tab)
    assert "detail 2 (challenging): the Dutch label is empty" in editor.problems.text()
    qtbot.keyClicks(editor.details_nl, "luisterend, uitdagend")
    qtbot.keyClick(editor.details_nl, Qt.Key.Key_Tab)
    assert editor.problems.text() == ""
    alt(qtbot, Qt.Key.Key_V)  # Save (Sa&ve)
    qtbot.waitUntil(lambda: own_in_store(store) != [])
    ((key, version),) = own_in_store(store)
    added = store.scheme_version(key, version).kinds[-1]
    assert (added.label, added.type.value, added.group, added.hotkey) == (
        Words("sparring partner", "sparringpartner"),
        "state",
        "role",
        "4",
    )
    assert [(d.key, d.label) for d in added.details] == [
        ("listening", Words("listening", "luisterend")),
        ("challenging", Words("challenging", "uitdagend")),
    ]


def test_settings_opens_the_editor_on_the_apps_own_database(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"

    def make_one(window: MainWindow) -> None:
        (settings,) = [m for m in window.menuBar().findChildren(QMenu) if m.title() == "S&ettings"]
        assert window.actions_.schemes in settings.actions()
        window.actions_.schemes.trigger()
        editor = window.findChild(SchemeEditor)
        assert editor is not None
        qtbot.waitExposed(editor)
        click_row(qtbot, editor.list, PRESETS.index(GROW_SCHEME))
        click(qtbot, editor.new_button)
        click(qtbot, editor.save_button)
        click(qtbot, editor.close_button)

    assert run_app(qtbot, ["--data-dir", str(data)], make_one) == 0
    assert db_rows(
        data / "coachdesk.sqlite3",
        "SELECT s.key, v.version FROM scheme s JOIN scheme_version v ON v.scheme_id = s.id "
        "ORDER BY s.id",
    ) == [("balance", 1), ("grow_phases_my_own", 1)]


@pytest.fixture(params=["light", "dark"])
def styled(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app with the palette and stylesheet it starts with; as it was afterwards."""
    palette = light() if request.param == "light" else dark()
    before_palette, before_sheet = qapp.palette(), qapp.styleSheet()
    qapp.setPalette(palette)
    qapp.setStyleSheet(stylesheet(palette))
    yield str(request.param)
    qapp.setStyleSheet(before_sheet)
    qapp.setPalette(before_palette)


def test_the_preview_wears_the_shade_made_for_the_window(
    qtbot: QtBot, store: SqlStore, styled: str
) -> None:
    dialog = SchemeEditor(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    click_row(qtbot, dialog.list, PRESETS.index(GROW_SCHEME))
    window = dialog.palette().color(QPalette.ColorRole.Window)
    for button, kind in zip(dialog.preview_buttons, GROW_SCHEME.active, strict=True):
        wanted = shade(kind.colour, dark=styled == "dark")
        assert f"solid {wanted}" in button.styleSheet()
        assert ratio(QColor(wanted), window) >= 3  # WCAG's ratio for a graphic
        assert ratio(button.palette().color(QPalette.ColorRole.WindowText), window) >= 4.5
    dialog.close()


def test_a_scheme_of_ones_own_gets_an_explanation_in_both_languages(
    qtbot: QtBot, editor: SchemeEditor, store: SqlStore
) -> None:
    click_row(qtbot, editor.list, 0)  # a preset: its explanation is read, not written
    assert not editor.explain_en.isVisible() and editor.explanation.isVisible()
    click(qtbot, editor.new_button)
    assert editor.explain_en.isVisible() and not editor.explanation.isVisible()
    editor.explain_en.selectAll()
    qtbot.keyClicks(editor.explain_en, "What I count when I listen.")
    editor.explain_nl.selectAll()
    qtbot.keyClicks(editor.explain_nl, "Wat ik tel als ik luister.")
    editor.explain_nl.setFocus()
    qtbot.keyClick(editor.explain_nl, Qt.Key.Key_Tab)  # Tab leaves the field
    assert not editor.explain_nl.hasFocus()
    click(qtbot, editor.save_button)
    ((key, _version),) = own_in_store(store)
    assert store.scheme_version(key, 1).explanation == Words(
        "What I count when I listen.", "Wat ik tel als ik luister."
    )


def test_the_coachs_default_scheme_is_offered_to_a_new_coachee_and_remembered(
    qtbot: QtBot, tmp_path: Path
) -> None:
    data = tmp_path / "data"

    def choose_grow(window: MainWindow) -> None:
        window.actions_.schemes.trigger()
        editor = window.findChild(SchemeEditor)
        assert editor is not None
        qtbot.waitExposed(editor)
        click_row(qtbot, editor.list, PRESETS.index(GROW_SCHEME))
        assert not editor.default_check.isChecked()
        editor.default_check.setFocus()
        qtbot.keyClick(editor.default_check, Qt.Key.Key_Space)
        click(qtbot, editor.close_button)
        picker = window.picker
        qtbot.keyClicks(picker.name_edit, "Anna")  # new: the coach's default
        assert picker.scheme_box.currentText() == "GROW phases"

    assert run_app(qtbot, ["--data-dir", str(data)], choose_grow) == 0
    settings = json.loads((data / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings["default_scheme"] == "grow"

    def offered(window: MainWindow) -> None:  # a new run: the default is remembered
        qtbot.keyClicks(window.picker.name_edit, "Bram")
        assert window.picker.scheme_box.currentText() == "GROW phases"
        window.actions_.schemes.trigger()
        editor = window.findChild(SchemeEditor)
        assert editor is not None
        click_row(qtbot, editor.list, PRESETS.index(GROW_SCHEME))
        assert editor.default_check.isChecked()
        editor.default_check.setFocus()
        qtbot.keyClick(editor.default_check, Qt.Key.Key_Space)  # no default: the one used last
        click(qtbot, editor.close_button)

    assert run_app(qtbot, ["--data-dir", str(data)], offered) == 0
    settings = json.loads((data / "config" / "settings.json").read_text(encoding="utf-8"))
    assert settings["default_scheme"] is None


def test_a_stored_schemes_kind_keeps_its_party_in_the_next_version(
    qtbot: QtBot, editor: SchemeEditor, store: SqlStore
) -> None:
    click_row(qtbot, editor.list, PRESETS.index(GROW_SCHEME))
    click(qtbot, editor.new_button)
    click(qtbot, editor.save_button)  # version 1 of the coach's own
    click_row(qtbot, editor.kinds, 0)
    editor.party.setFocus()
    qtbot.keyClick(editor.party, Qt.Key.Key_Up)  # Goal: neither -> another party
    assert "a kind keeps whose contribution it counts" in editor.problems.text()
    assert not editor.save_button.isEnabled()
