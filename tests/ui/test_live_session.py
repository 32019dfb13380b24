"""A coach's session through the real main window: what is shown is what is stored."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.dbcheck import rows, tally_rows
from tests.ui.conftest import Desk, activate
from tests.ui.driving import counts, start


def test_a_whole_session(desk: Desk, qtbot: QtBot) -> None:
    window, clock = desk.window, desk.clock
    assert window.windowTitle() == "coachdesk"
    assert window.stack.currentWidget() is window.picker

    panel = start(desk, qtbot, "Anna", planned=1)
    assert panel.coachee_label.full_text() == "Anna"
    assert [b.label.text() for b in panel.buttons] == [
        "advice given",
        "coachee action noted",
        "role hat declared",
    ]
    undo, redo = window.actions_.undo, window.actions_.redo
    assert not undo.isEnabled() and not redo.isEnabled()  # nothing to take back yet

    clock.advance(5_000)
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert undo.isEnabled() and not redo.isEnabled()
    clock.advance(5_000)
    qtbot.keyClick(window, Qt.Key.Key_2)
    qtbot.keyClick(window, Qt.Key.Key_2)
    qtbot.mouseClick(panel.buttons[1], Qt.MouseButton.LeftButton)
    assert counts(panel) == [1, 3, 0]

    qtbot.keyClick(window, Qt.Key.Key_3)  # the hat popup opens; one more key names the hat
    qtbot.waitUntil(panel.hat_menu.isVisible)
    assert counts(panel) == [1, 3, 0]
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: not panel.hat_menu.isVisible())
    activate(qtbot, window)  # offscreen Qt leaves a closed popup active; a desktop does not
    assert counts(panel) == [1, 3, 1]
    assert panel.buttons[2].detail_label.text() == "last: assessor"
    assert tally_rows(desk.database) == [
        ("advice", 5_000, None),
        ("coachee_action", 10_000, None),
        ("coachee_action", 10_000, None),
        ("coachee_action", 10_000, None),
        ("hat", 10_000, "assessor"),
    ]

    clock.advance(20_000)
    qtbot.waitUntil(lambda: panel.timer_label.text() == "0:30")
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.state_label.text() == "Paused"
    clock.advance(600_000)  # ten minutes of pause count for nothing
    panel.refresh_clock()
    assert panel.timer_label.text() == "0:30"
    qtbot.keyClick(window, Qt.Key.Key_P)  # P resumes
    assert panel.state_label.text() == ""
    clock.advance(31_000)
    qtbot.waitUntil(lambda: panel.timer_label.text() == "1:01")
    assert panel.timer_label.property("overtime") is True  # planned minute reached, quietly
    assert panel.planned_label.text() == "planned 1:00, reached"

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert counts(panel) == [1, 2, 0]
    assert panel.buttons[2].detail_label.text() == ""
    assert (
        panel.note_label.text()
        == "Undone: coachee action noted at 0:10. Ctrl+Shift+Z brings it back."
    )
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert counts(panel) == [1, 3, 0]
    assert panel.note_label.text() == "Brought back: coachee action noted at 0:10."
    assert redo.isEnabled()  # the hat can still come back
    assert len(tally_rows(desk.database)) == 4

    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    assert panel.confirm_bar.isVisible()
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    review = window.review_page
    assert review is not None and window.stack.currentWidget() is review
    assert "advice given: 1" in review.counts.text()
    assert "1:01 active" in review.summary.text()
    assert review.sentence.text() == "Coachee's share: 3 of 4 noted contributions (75%)."
    assert rows(
        desk.database, "SELECT active_ms, ended_at_ms IS NOT NULL FROM coaching_session"
    ) == [(61_000, 1)]
    assert rows(desk.database, "SELECT offset_ms, ended_at_ms - started_at_ms FROM pause") == [
        (30_000, 600_000)
    ]

    qtbot.keyClick(window, Qt.Key.Key_1)  # keys are dead once the session has ended
    assert len(tally_rows(desk.database)) == 4


def test_holding_a_key_records_one_tally(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    qtbot.keyPress(desk.window, Qt.Key.Key_1)
    for _ in range(10):  # what the keyboard sends while the key is held down
        repeat = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_1, Qt.KeyboardModifier.NoModifier, "1", True
        )
        QApplication.sendEvent(desk.window, repeat)
    qtbot.keyRelease(desk.window, Qt.Key.Key_1)
    assert counts(panel) == [1, 0, 0]
    assert len(tally_rows(desk.database)) == 1


def test_escape_closes_the_hat_popup_and_records_nothing(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    qtbot.mouseClick(panel.buttons[2], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(panel.hat_menu.isVisible)
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.hat_menu.isVisible())
    assert counts(panel) == [0, 0, 0]
    assert tally_rows(desk.database) == []


def test_blank_name_is_refused_inline(desk: Desk, qtbot: QtBot) -> None:
    picker = desk.window.picker
    qtbot.keyClicks(picker.name_edit, "   ")
    qtbot.mouseClick(picker.start_button, Qt.MouseButton.LeftButton)
    assert picker.error_label.isVisible()
    assert picker.error_label.text() == "Enter a name, pseudonym or code for the coachee."
    assert desk.window.stack.currentWidget() is picker
    assert rows(desk.database, "SELECT COUNT(*) FROM coachee") == [(0,)]
    qtbot.keyClicks(picker.name_edit, "x")  # typing again clears the message
    assert not picker.error_label.isVisible()


def test_long_emoji_and_rtl_names_are_stored_exactly_and_shown_elided(
    desk: Desk, qtbot: QtBot
) -> None:
    name = ("مريم 👩🏽‍💼 " + "Özdemir-" * 1250)[:9_997] + "end"
    assert len(name) == 10_000
    picker = desk.window.picker
    picker.name_edit.setText(name)
    qtbot.mouseClick(picker.start_button, Qt.MouseButton.LeftButton)
    assert rows(desk.database, "SELECT name FROM coachee") == [(name,)]
    panel = desk.window.session_panel
    assert panel is not None
    shown = panel.coachee_label.text()
    assert shown != name and shown.endswith("…")
    assert panel.coachee_label.full_text() == name
    assert panel.coachee_label.width() < 1000


def test_a_known_coachee_is_found_by_typing_and_no_names_show_before(
    desk: Desk, qtbot: QtBot
) -> None:
    for at, name in enumerate(("Bert", "Chantal", "Robert", "Anna")):
        desk.store.coachee_named(name, at)
    desk.window.show_picker()
    picker = desk.window.picker
    popup = picker.matches
    shown = [w for w in picker.findChildren(QWidget) if w.isVisible()]
    assert not any(isinstance(w, QAbstractItemView) for w in shown)
    assert not [w.text() for w in shown if isinstance(w, QLabel) and "Bert" in w.text()]

    qtbot.keyClicks(picker.name_edit, "ber")
    qtbot.waitUntil(popup.isVisible)
    matches = [popup.model().index(i, 0).data() for i in range(popup.model().rowCount())]
    assert matches == ["Robert", "Bert"]  # the most recent first; Anna and Chantal stay hidden
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert picker.name_edit.text() == "Bert"
    assert not popup.isVisible()
    qtbot.mouseClick(picker.start_button, Qt.MouseButton.LeftButton)
    assert rows(
        desk.database,
        "SELECT c.name FROM coaching_session s JOIN coachee c ON c.id = s.coachee_id",
    ) == [("Bert",)]
    assert rows(desk.database, "SELECT COUNT(*) FROM coachee") == [(4,)]  # no new one


def test_a_name_typed_decomposed_finds_and_starts_the_same_coachee(
    desk: Desk, qtbot: QtBot
) -> None:
    """macOS input may give "Ö" as "O" and a combining diaeresis: one name all the same."""
    desk.store.coachee_named("\u00d6zdemir", 0)
    desk.store.coachee_named("Anna", 1)
    desk.window.show_picker()
    picker = desk.window.picker
    picker.name_edit.setFocus()
    typed = QInputMethodEvent()
    typed.setCommitString("O\u0308zd")  # as an input method hands it over
    QApplication.sendEvent(picker.name_edit, typed)
    qtbot.waitUntil(picker.matches.isVisible)
    model = picker.matches.model()
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["\u00d6zdemir"]
    qtbot.keyClicks(picker.name_edit, "emir")
    qtbot.mouseClick(picker.start_button, Qt.MouseButton.LeftButton)
    assert rows(desk.database, "SELECT name FROM coachee ORDER BY id") == [
        ("\u00d6zdemir",),
        ("Anna",),
    ]


def test_a_decomposed_name_that_matches_none_shows_no_names(desk: Desk, qtbot: QtBot) -> None:
    desk.store.coachee_named("\u00d6zdemir", 0)
    desk.window.show_picker()
    picker = desk.window.picker
    picker.name_edit.setFocus()
    typed = QInputMethodEvent()
    typed.setCommitString("Bu\u0308lent")
    QApplication.sendEvent(picker.name_edit, typed)
    QApplication.processEvents()
    assert picker.name_edit.text() == "B\u00fclent"
    assert not picker.matches.isVisible()
