"""The review a coach sees when a session ends: figures, charts, notes and corrections."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCharts import (
    QAbstractAxis,
    QAbstractBarSeries,
    QChartView,
)
from PySide6.QtCore import QDateTime, Qt, QTime
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.domain import i18n
from coachdesk.ui.report import PNG_MARGIN
from coachdesk.ui.review_page import ReviewPage
from tests.dbcheck import rows, tally_rows
from tests.ui.chart_text import bottom_tick_labels, series_points
from tests.ui.conftest import Desk, make_desk


def end_a_session(desk: Desk, qtbot: QtBot) -> ReviewPage:
    """Anna: advice at 1 min, three actions at 2-4 min, a mentor hat at 5 min, end at 6."""
    window, clock = desk.window, desk.clock
    qtbot.keyClicks(window.picker.name_edit, "Anna")
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_2, Qt.Key.Key_2):
        clock.advance(60_000)
        qtbot.keyClick(window, key)
    clock.advance(60_000)
    qtbot.keyClick(window, Qt.Key.Key_3)
    panel = window.session_panel
    assert panel is not None
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_4)  # mentor
    clock.advance(60_000)
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    page = window.review_page
    assert page is not None and window.stack.currentWidget() is page
    return page


def bar_values(view: QChartView) -> dict[str, list[float]]:
    (series,) = view.chart().series()
    assert isinstance(series, QAbstractBarSeries)
    return {s.label(): [s.at(i) for i in range(s.count())] for s in series.barSets()}


def test_ending_a_session_opens_its_review(desk: Desk, qtbot: QtBot) -> None:
    page = end_a_session(desk, qtbot)
    assert page.sentence.text() == "Coachee's share: 3 of 4 noted contributions (75%)."
    assert "advice given: 1" in page.counts.text()
    assert "coachee action noted: 3" in page.counts.text()
    assert "Anna" in page.summary.text() and "6:00 active" in page.summary.text()
    (uid,) = desk.store.connection.execute("SELECT uid FROM coaching_session").fetchone()
    assert page.summary.text().endswith(f" · reference {uid[:8]}")  # the same on every machine
    assert page.trend.text() == "No earlier sessions with this coachee to compare with yet."
    assert page.few.text() == "This share rests on 4 tallies: too few to say much."
    timeline = series_points(page.timeline_view)
    assert timeline["advice given"][-1] == (6.0, 1)  # one step up, held to the end
    assert timeline["coachee action noted"][-1] == (6.0, 3)
    assert bar_values(page.thirds_view) == {
        "coachee actions": [0.0, 2.0, 1.0],  # at 2:00 and 3:00, then 4:00 (thirds of 6:00)
        "advice given": [1.0, 0.0, 0.0],
    }
    top = [
        a for a in page.timeline_view.chart().axes() if a.alignment() == Qt.AlignmentFlag.AlignTop
    ]
    assert [label.strip("\u200b") for label in top[0].categoriesLabels()] == ["mentor"]  # type: ignore[attr-defined]
    figures = [w.text() for w in page.findChildren(QLabel) if w.isVisible()]
    assert "mentor" in figures and "1\u00d7" in figures and "1:00" in figures  # worn 5:00 to 6:00


def test_fixing_a_tally_changes_the_database_the_figures_and_can_be_undone(
    desk: Desk, qtbot: QtBot
) -> None:
    page = end_a_session(desk, qtbot)
    fixer = page.fixer
    assert fixer.table.rowCount() == 5
    fixer.table.selectRow(0)  # the advice at 1:00
    fixer.kind_box.setCurrentIndex(fixer.kind_box.findText("coachee action noted"))
    qtbot.mouseClick(fixer.apply_button, Qt.MouseButton.LeftButton)
    assert [key for key, _offset, _detail in tally_rows(desk.database)].count("advice") == 0
    assert page.sentence.text() == "Coachee's share: 4 of 4 noted contributions (100%)."
    assert series_points(page.timeline_view)["coachee action noted"][-1] == (6.0, 4)

    fixer.kind_box.setCurrentIndex(fixer.kind_box.findText("advice given"))
    fixer.at.setTime(QTime(0, 5, 0))
    qtbot.mouseClick(fixer.add_button, Qt.MouseButton.LeftButton)  # a forgotten advice
    assert ("advice", 300_000, None) in tally_rows(desk.database)
    assert page.sentence.text() == "Coachee's share: 4 of 5 noted contributions (80%)."

    qtbot.mouseClick(fixer.undo_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(fixer.undo_button, Qt.MouseButton.LeftButton)
    assert page.sentence.text() == "Coachee's share: 3 of 4 noted contributions (75%)."
    assert [key for key, _offset, _detail in tally_rows(desk.database)].count("advice") == 1
    assert fixer.redo_button.isEnabled()

    fixer.table.selectRow(4)  # the hat
    qtbot.mouseClick(fixer.delete_button, Qt.MouseButton.LeftButton)
    assert [key for key, _o, _d in tally_rows(desk.database)] == ["advice", *["coachee_action"] * 3]
    assert not fixer.redo_button.isEnabled()  # a new change forgets what could be redone


def test_notes_are_saved_as_typed_and_survive_a_restart(
    desk: Desk, qtbot: QtBot, tmp_path: Path
) -> None:
    page = end_a_session(desk, qtbot)
    note = page.notes.edits["note"]
    qtbot.keyClicks(note, "Anna named her next step herself.")
    qtbot.keyClicks(page.notes.edits["own"], "Chose to call her manager")
    assert rows(desk.database, "SELECT field, text FROM session_note ORDER BY field") == [
        ("note", "Anna named her next step herself."),
        ("own", "Chose to call her manager"),
    ]
    session_id = desk.review.record.id if desk.review.record else None
    desk.close()  # as if the app stopped here

    again = make_desk(qtbot, desk.database, desk.clock)
    assert session_id is not None and again.review.open(session_id)
    again.window.show_review()
    reopened = again.window.review_page
    assert reopened is not None
    assert reopened.notes.edits["note"].toPlainText() == "Anna named her next step herself."
    assert reopened.notes.edits["own"].toPlainText() == "Chose to call her manager"
    again.close()


def test_a_note_past_the_limit_is_refused_with_a_message(desk: Desk, qtbot: QtBot) -> None:
    page = end_a_session(desk, qtbot)
    note = page.notes.edits["note"]
    note.setPlainText("x" * 20_000)
    assert rows(desk.database, "SELECT length(text) FROM session_note") == [(20_000,)]
    qtbot.keyClicks(note, "y")
    assert page.notes.error_label.isVisible()
    assert "20,000" in page.notes.error_label.text()
    assert rows(desk.database, "SELECT length(text) FROM session_note") == [(20_000,)]


def test_the_share_view_shows_no_name_and_no_note(desk: Desk, qtbot: QtBot) -> None:
    page = end_a_session(desk, qtbot)
    qtbot.keyClicks(page.notes.edits["note"], "Private: Anna struggles with her manager")
    qtbot.mouseClick(page.share_button, Qt.MouseButton.LeftButton)
    share = desk.window.coachee_view()
    assert share is not None
    qtbot.waitExposed(share)
    shown: list[str] = [share.windowTitle()]
    shown += [w.text() for w in share.findChildren(QLabel)]
    shown += [w.toPlainText() for w in share.findChildren(QPlainTextEdit)]
    for view in share.findChildren(QChartView):
        chart = view.chart()
        shown += [chart.title(), *(s.name() for s in chart.series())]
        for axis in chart.axes():
            assert isinstance(axis, QAbstractAxis)
            shown.append(axis.titleText())
            shown += list(getattr(axis, "categoriesLabels", list)())
    assert "Of the 4 moments we noted, 3 were your own actions (75%)." in shown
    assert not [text for text in shown if "Anna" in text or "Private" in text]
    assert not [w for w in share.findChildren(QWidget) if w.objectName().startswith("note_")]
    share.close()


def test_the_coachee_view_fills_the_screen_in_large_plain_words_and_closes_with_the_app(
    desk: Desk, qtbot: QtBot
) -> None:
    page = end_a_session(desk, qtbot)
    body = page.widget()
    assert body is not None
    header = page.share_button.mapTo(body, page.share_button.rect().topLeft())
    notes = page.notes.mapTo(body, page.notes.rect().topLeft())
    assert header.y() < notes.y()  # the actions come before the notes, in reach at once
    assert page.share_button.visibleRegion().boundingRect().height() > 0
    qtbot.mouseClick(page.share_button, Qt.MouseButton.LeftButton)
    share = desk.window.coachee_view()
    assert share is not None
    qtbot.waitExposed(share)
    qtbot.waitUntil(share.isFullScreen)
    assert share.screen() is page.chosen_screen()
    assert share.sentence.font().pointSizeF() >= 24
    words = [share.sentence.text()]
    for view in (share.balance, share.timeline):
        chart = view.chart()
        for axis in chart.axes():
            assert axis.labelsFont().pointSizeF() >= 12  # readable across a table
            words.append(axis.titleText())
        words += [m.label() for m in chart.legend().markers() if m.isVisible()]
    assert "your actions" in words and "my advice" in words
    for view in (share.balance, share.timeline):  # the large type fits: nothing cut to "..."
        assert not [t for t in bottom_tick_labels(view.chart()) if t.endswith("...")]
    assert not [w for w in words if "contribution" in w or "coachee action" in w]  # jargon
    with qtbot.waitSignal(share.destroyed):
        desk.window.close()  # the app closes: the coachee's view goes with it


def test_saving_suggests_a_name_confirms_the_path_and_leaves_notes_out_unless_asked(
    desk: Desk, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = end_a_session(desk, qtbot)
    qtbot.keyClicks(page.notes.edits["note"], "Private: Anna struggles with her manager")
    suggested: list[str] = []

    def answer(_parent: object, _title: str, proposed: str, _filter: str) -> tuple[str, str]:
        suggested.append(proposed)
        return str(tmp_path / Path(proposed).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    record = desk.review.record
    assert record is not None
    day = QDateTime.fromMSecsSinceEpoch(record.started_at_ms).toString("yyyy-MM-dd")
    when = QDateTime.fromMSecsSinceEpoch(record.started_at_ms).toString("yyyy-MM-dd HH:mm t")
    assert f" · {when} · " in page.summary.text() and " · session 1 · " in page.summary.text()

    qtbot.mouseClick(page.png_button, Qt.MouseButton.LeftButton)
    png = tmp_path / f"anna-{day}-session-1.png"
    assert Path(suggested[-1]).name == png.name  # coachee-YYYY-MM-DD-session-N
    assert page.saved.isVisible() and page.saved.text() == f"Saved: {png}"
    image = QImage(str(png))
    charts = page.charts.grab()
    assert image.width() == charts.width() + 2 * PNG_MARGIN  # a margin all round
    background = image.pixel(0, 0)
    assert all(image.pixel(x, 2) == background for x in range(image.width()))  # no text at edge
    assert all(image.pixel(2, y) == background for y in range(image.height()))

    assert not page.notes_in_report.isChecked()  # notes go in only when asked
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    pdf = tmp_path / f"anna-{day}-session-1.pdf"
    assert page.saved.text() == f"Saved: {pdf}"
    text = " ".join(p.extract_text() or "" for p in PdfReader(pdf).pages)
    assert f"Session 1 with this coachee, {when}" in " ".join(text.split())
    assert "Private" not in text
    page.notes_in_report.setChecked(True)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert "Private: Anna struggles" in " ".join(
        " ".join(p.extract_text() or "" for p in PdfReader(pdf).pages).split()
    )


def test_fix_the_record_adds_to_the_second_in_one_scroll_with_columns_sized_to_content(
    desk: Desk, qtbot: QtBot
) -> None:
    page = end_a_session(desk, qtbot)
    fixer = page.fixer
    assert fixer.at.displayFormat() == "mm:ss"
    fixer.kind_box.setCurrentIndex(fixer.kind_box.findText("coachee action noted"))
    fixer.at.setTime(QTime(0, 4, 30))
    qtbot.mouseClick(fixer.add_button, Qt.MouseButton.LeftButton)
    assert ("coachee_action", 270_000, None) in tally_rows(desk.database)  # 4:30, not 4:00
    assert [fixer.table.model().index(r, 0).data() for r in (3, 4)] == ["4:00", "4:30"]
    table = fixer.table
    assert table.rowCount() == 6
    last = table.visualRect(table.model().index(5, 0))
    assert last.bottom() <= table.viewport().height()  # every row shown: no inner scroll
    assert not table.verticalScrollBar().isVisible()
    header = table.horizontalHeader()
    widths = [header.sectionSize(c) for c in range(3)]
    assert widths[2] <= header.sectionSizeHint(2) + 2 * table.fontMetrics().averageCharWidth() + 20


@pytest.fixture
def dutch() -> Iterator[None]:
    i18n.install("nl")
    yield
    i18n.install("en")


def test_the_dutch_review_fits_a_640_wide_window_as_at_200_percent_on_1280x800(
    dutch: None, desk: Desk, qtbot: QtBot
) -> None:
    page = end_a_session(desk, qtbot)
    desk.window.resize(640, 400)  # 1280x800 at 200%: the logical pixels a window can have
    qtbot.waitUntil(lambda: desk.window.width() <= 640)
    QApplication.processEvents()
    assert page.title.text() == "Sessiebespreking"
    assert page.horizontalScrollBar().maximum() == 0  # no sideways scroll
    viewport = page.viewport().rect()
    for widget in (
        page.share_button,
        page.new_button,
        page.png_button,
        page.pdf_button,
        page.notes_in_report,
        page.fixer.add_button,
        page.fixer.delete_button,
    ):
        shown = widget.rect().translated(widget.mapTo(page.viewport(), widget.rect().topLeft()))
        assert viewport.left() <= shown.left() and shown.right() <= viewport.right(), widget
        assert widget.width() >= widget.sizeHint().width(), widget  # not cut off
