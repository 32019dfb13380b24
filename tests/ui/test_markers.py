"""Marking a moment in the real window: one key, stored at once, a note in a small field that
hands the keyboard back; shown on the review's timeline, in its list and in the report."""

from __future__ import annotations

from PySide6.QtCharts import QLineSeries, QScatterSeries
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QTableWidget
from pytestqt.qtbot import QtBot

from coachdesk.ui.charts import moment_tooltip
from coachdesk.ui.report import report_html
from tests.dbcheck import rows, tally_rows
from tests.ui.conftest import Desk
from tests.ui.driving import counts, start

MIN = 60_000
MARKERS = "SELECT offset_ms, note FROM marker ORDER BY id"


def press_m(desk: Desk, qtbot: QtBot) -> None:
    qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_M)


def test_m_marks_at_once_and_enter_saves_the_note(
    desk: Desk, qtbot: QtBot, heard: list[str]
) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.clock.advance(5 * MIN)
    press_m(desk, qtbot)
    assert rows(desk.database, MARKERS) == [(5 * MIN, "")]  # on disk as the field opens
    bar = panel.marker_bar
    assert bar.isVisible() and bar.label.text() == "Moment marked at 5:00."
    assert QApplication.focusWidget() is bar.note
    assert "Moment marked at 5:00." in heard
    desk.clock.advance(10_000)  # the session goes on while the coach types
    qtbot.keyClicks(bar.note, "silence, then her own plan")
    qtbot.keyClick(bar.note, Qt.Key.Key_Return)
    assert not bar.isVisible()
    assert rows(desk.database, MARKERS) == [(5 * MIN, "silence, then her own plan")]
    assert not isinstance(QApplication.focusWidget(), QLineEdit)  # the keys tally again
    qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_2)
    assert counts(panel) == [0, 1, 0]


def test_esc_keeps_the_mark_without_a_note(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.clock.advance(MIN)
    press_m(desk, qtbot)
    qtbot.keyClicks(panel.marker_bar.note, "not this")
    qtbot.keyClick(panel.marker_bar.note, Qt.Key.Key_Escape)
    assert not panel.marker_bar.isVisible()
    assert rows(desk.database, MARKERS) == [(MIN, "")]
    qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_1)
    assert counts(panel) == [1, 0, 0]


def deliver(kind: QEvent.Type, timestamp: int) -> None:
    """A key event of M as X11 delivers it, to whatever has the focus now."""
    event = QKeyEvent(kind, Qt.Key.Key_M, Qt.KeyboardModifier.NoModifier, "m", False)
    event.setTimestamp(timestamp)
    target = QApplication.focusWidget()
    assert target is not None
    QApplication.sendEvent(target, event)
    QApplication.processEvents()


def test_a_held_m_is_one_mark_and_types_nothing(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    deliver(QEvent.Type.KeyPress, 10_000)
    for moment in range(10_500, 11_500, 33):  # X11's repeat pairs, delivered apart
        deliver(QEvent.Type.KeyRelease, moment)
        deliver(QEvent.Type.KeyPress, moment)
    deliver(QEvent.Type.KeyRelease, 11_500)
    assert rows(desk.database, "SELECT COUNT(*) FROM marker") == [(1,)]
    assert panel.marker_bar.note.text() == ""
    qtbot.keyClicks(panel.marker_bar.note, "mm")  # a new press in the field is typing
    assert panel.marker_bar.note.text() == "mm"


def test_marks_are_on_the_review_timeline_in_its_list_and_in_the_report(
    desk: Desk, qtbot: QtBot
) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.clock.advance(2 * MIN)
    qtbot.keyClick(desk.window, Qt.Key.Key_2)
    desk.clock.advance(3 * MIN)
    press_m(desk, qtbot)
    qtbot.keyClicks(panel.marker_bar.note, "her own plan")
    qtbot.keyClick(panel.marker_bar.note, Qt.Key.Key_Return)
    desk.clock.advance(MIN)
    press_m(desk, qtbot)
    qtbot.keyClicks(panel.marker_bar.note, "typed, then ended")  # saved with the end
    qtbot.keyClick(desk.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window.stack.currentWidget() is desk.window.review_page)
    assert rows(desk.database, MARKERS) == [
        (5 * MIN, "her own plan"),
        (6 * MIN, "typed, then ended"),
    ]

    page = desk.window.review_page
    assert page is not None
    moments = "Moments marked: 1 at 5:00, her own plan \u00b7 2 at 6:00, typed, then ended"
    assert page.moments.isVisible() and page.moments.text() == moments
    assert moments in page.timeline_view.accessibleDescription()
    series = page.timeline_view.chart().series()
    lines = [s for s in series if isinstance(s, QLineSeries) and s.name() == "moment marked"]
    assert [[p.x() for p in s.points()] for s in lines] == [[5.0, 5.0], [6.0, 6.0]]
    tips = [s for s in series if isinstance(s, QScatterSeries) and s.name() == "moment marked"]
    assert [(s.points()[0].x(), s.pointLabelsFormat()) for s in tips] == [(5.0, "1"), (6.0, "2")]
    record = desk.review.record
    assert record is not None
    assert moment_tooltip(1, record.markers[0]) == "Moment 1 at 5:00: her own plan"
    report = desk.review.report(with_notes=False)
    assert any(moments in block for block in report_html(report, page.locale()))
    assert [kind for kind, _o, _d in tally_rows(desk.database)] == ["coachee_action"]


def test_a_review_without_marks_shows_no_list(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    qtbot.keyClick(desk.window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.window.stack.currentWidget() is desk.window.review_page)
    page = desk.window.review_page
    assert page is not None and not page.moments.isVisible() and page.moments.text() == ""


def test_a_mark_made_by_mistake_can_be_taken_back(
    desk: Desk, qtbot: QtBot, heard: list[str]
) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.clock.advance(3 * MIN)
    press_m(desk, qtbot)
    assert rows(desk.database, MARKERS) == [(3 * MIN, "")]
    bar = panel.marker_bar
    qtbot.keyClick(bar.note, Qt.Key.Key_Tab)  # the keyboard reaches it from the note
    assert QApplication.focusWidget() is bar.remove_button
    qtbot.keyClick(bar.remove_button, Qt.Key.Key_Space)
    assert not bar.isVisible()
    assert rows(desk.database, MARKERS) == []
    assert "Mark at 3:00 removed." in heard
    session = desk.controller.session
    assert session is not None and session.markers == ()


def test_ctrl_z_takes_back_a_mark_made_last_and_redo_brings_it_back_with_its_note(
    desk: Desk, qtbot: QtBot, heard: list[str]
) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.clock.advance(MIN)
    qtbot.keyClick(desk.window, Qt.Key.Key_1)
    desk.clock.advance(MIN)
    press_m(desk, qtbot)
    qtbot.keyClicks(panel.marker_bar.note, "her own plan")
    qtbot.keyClick(panel.marker_bar.note, Qt.Key.Key_Return)
    undo = desk.window.actions_.undo
    assert undo.text().startswith("Undo the last tally or mark")
    focused = QApplication.focusWidget() or desk.window
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(desk.database, MARKERS) == []  # the mark was the last thing done
    assert tally_rows(desk.database) == [("advice", MIN, None)]
    assert panel.note_label.text().startswith("Undone: mark at 2:00.")
    assert "Mark at 2:00 removed." in heard
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert counts(panel) == [0, 0, 0] and tally_rows(desk.database) == []
    redo = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(focused, Qt.Key.Key_Z, redo)
    qtbot.keyClick(focused, Qt.Key.Key_Z, redo)
    assert counts(panel) == [1, 0, 0]
    assert rows(desk.database, MARKERS) == [(2 * MIN, "her own plan")]
    assert panel.note_label.text() == "Brought back: mark at 2:00."
    assert "Brought back: mark at 2:00." in heard
    assert not panel.marker_bar.isVisible()  # brought back with its note: nothing to ask


def test_undo_closes_the_field_of_the_mark_it_takes_back(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.clock.advance(MIN)
    press_m(desk, qtbot)
    assert panel.marker_bar.isVisible()
    desk.window.actions_.undo.trigger()  # Session > Undo, with the mouse
    assert not panel.marker_bar.isVisible()
    assert rows(desk.database, MARKERS) == []
    qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_2)  # keys tally again
    assert counts(panel) == [0, 1, 0]


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def click_cell(qtbot: QtBot, table: QTableWidget, row: int, column: int = 0) -> None:
    item = table.item(row, column)
    assert item is not None
    table.scrollToItem(item)
    centre = table.visualItemRect(item).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_fix_the_record_notes_and_removes_marks_at_once_with_undo_and_redo(
    desk: Desk, qtbot: QtBot
) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.clock.advance(2 * MIN)
    press_m(desk, qtbot)
    qtbot.keyClicks(panel.marker_bar.note, "the silence")
    qtbot.keyClick(panel.marker_bar.note, Qt.Key.Key_Return)
    desk.clock.advance(MIN)
    qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_2)
    press_m(desk, qtbot)
    qtbot.keyClick(panel.marker_bar.note, Qt.Key.Key_Escape)  # no note in the session
    desk.clock.advance(MIN)
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    page = desk.window.review_page
    assert page is not None and desk.window.stack.currentWidget() is page
    fixer = page.fixer
    assert fixer.marks.isVisible() and fixer.marks.rowCount() == 2
    assert not fixer.save_note_button.isEnabled()  # nothing chosen yet

    click_cell(qtbot, fixer.marks, 1)
    assert fixer.mark_note.text() == ""
    qtbot.keyClicks(fixer.mark_note, "her own plan")
    qtbot.keyClick(fixer.mark_note, Qt.Key.Key_Return)  # committed at once
    assert rows(desk.database, MARKERS) == [(2 * MIN, "the silence"), (3 * MIN, "her own plan")]
    assert cell(fixer.marks, 1, 1) == "her own plan"
    assert page.moments.text() == "Moments marked: 1 at 2:00, the silence · 2 at 3:00, her own plan"

    click_cell(qtbot, fixer.marks, 0)
    assert fixer.mark_note.text() == "the silence"
    qtbot.mouseClick(fixer.remove_mark_button, Qt.MouseButton.LeftButton)
    assert rows(desk.database, MARKERS) == [(3 * MIN, "her own plan")]
    assert fixer.marks.rowCount() == 1
    assert page.moments.text() == "Moments marked: 1 at 3:00, her own plan"
    series = page.timeline_view.chart().series()
    tips = [s for s in series if isinstance(s, QScatterSeries) and s.name() == "moment marked"]
    assert [s.points()[0].x() for s in tips] == [3.0]  # the timeline follows

    qtbot.mouseClick(fixer.undo_button, Qt.MouseButton.LeftButton)  # the mark comes back
    assert rows(desk.database, MARKERS) == [(2 * MIN, "the silence"), (3 * MIN, "her own plan")]
    qtbot.mouseClick(fixer.undo_button, Qt.MouseButton.LeftButton)  # and the note goes
    assert rows(desk.database, MARKERS) == [(2 * MIN, "the silence"), (3 * MIN, "")]
    assert cell(fixer.marks, 1, 1) == ""
    qtbot.mouseClick(fixer.redo_button, Qt.MouseButton.LeftButton)
    assert rows(desk.database, MARKERS) == [(2 * MIN, "the silence"), (3 * MIN, "her own plan")]
    assert tally_rows(desk.database) == [("coachee_action", 3 * MIN, None)]  # tallies untouched

    click_cell(qtbot, fixer.marks, 0)
    fixer.mark_note.selectAll()
    fixer.mark_note.insert("a\u0007bell")  # pasted, with a control character
    qtbot.mouseClick(fixer.save_note_button, Qt.MouseButton.LeftButton)
    assert rows(desk.database, MARKERS)[0] == (2 * MIN, "the silence")
    assert desk.window.banner.text() == "A marker's note must be plain text on one line."


def test_fix_the_record_has_no_marks_part_when_nothing_was_marked(desk: Desk, qtbot: QtBot) -> None:
    panel = start(desk, qtbot, "Anna")
    desk.clock.advance(MIN)
    qtbot.keyClick(desk.window, Qt.Key.Key_1)
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    page = desk.window.review_page
    assert page is not None and page.fixer.table.isVisible()
    assert not page.fixer.marks.isVisible() and not page.fixer.marks_label.isVisible()
