"""The review and the report of a session recorded with a preset other than Balance: the time
under each state, the preset's own figures, MITI's thresholds only when the coach turns them
on, and an old session's report unchanged after its scheme is edited."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from coachdesk.domain.schemes import Rename, Words, edited
from coachdesk.domain.session_report import read_report
from coachdesk.ui.report import report_html
from coachdesk.ui.review_page import ReviewPage
from tests.dbcheck import tally_rows
from tests.ui.chart_text import series_points
from tests.ui.conftest import Desk
from tests.ui.scheme_driving import OWN, end, new_session, start_with


def review_page(desk: Desk) -> ReviewPage:
    page = desk.window.review_page
    assert page is not None and desk.window.stack.currentWidget() is page
    return page


def figure_texts(page: ReviewPage) -> list[str]:
    grid = page.figures
    found = []
    for index in range(grid.count()):
        item = grid.itemAt(index)
        widget = item.widget() if item is not None else None
        if isinstance(widget, QLabel) and widget.text():
            found.append(widget.text())
    return found


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def press(qtbot: QtBot, desk: Desk, *keys: Qt.Key, every_ms: int = 60_000) -> None:
    for key in keys:
        qtbot.keyClick(desk.window, key)
        desk.clock.advance(every_ms)


def report_text(desk: Desk) -> str:
    page = review_page(desk)
    record = desk.window.review.record
    assert record is not None
    report = read_report(desk.store, record.id, with_notes=False)
    assert page.review.report(with_notes=False).kinds == report.kinds
    return "".join(report_html(report, QLocale()))


def test_a_grow_session_shows_the_time_in_each_phase_and_their_order(
    desk: Desk, qtbot: QtBot
) -> None:
    panel = start_with(qtbot, desk, "Anna", "GROW phases")
    press(qtbot, desk, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_1, Qt.Key.Key_3)
    end(qtbot, panel)
    page = review_page(desk)
    assert page.scheme_lines.text().splitlines() == [
        "Phases in the order they came: Goal → Reality → Goal → Options.",
        "The phase Will (way forward) was not reached: the coachee's own next step.",
    ]
    texts = figure_texts(page)
    start = texts.index("Time in each state")
    assert texts[start + 1 :] == [
        "Goal",
        "2\u00d7",
        "2:00",
        "Reality",
        "1\u00d7",
        "1:00",
        "Options",
        "1\u00d7",
        "1:00",
        "Will (way forward)",
        "0\u00d7",
        "0:00",
    ]
    assert "Hats named" not in texts
    assert not page.thresholds_check.isVisible()
    # GROW counts for neither side: no balance to show, and no coachee's view of one.
    assert page.scheme_name.text() == "Tally scheme: GROW phases"
    assert page.balance_title.text() == "GROW phases"
    assert not page.balance_view.isVisible() and not page.sentence.isVisible()
    assert not page.thirds_view.isVisible() and not page.share_button.isEnabled()
    html = report_text(desk)
    assert "chart:balance" not in html and "chart:thirds" not in html
    assert "Tally scheme: GROW phases" in html
    assert "Phases in the order they came: Goal → Reality → Goal → Options." in html
    assert "Time in each state" in html and "Hats named" not in html


def test_mitis_thresholds_only_when_the_coach_turns_them_on(desk: Desk, qtbot: QtBot) -> None:
    panel = start_with(qtbot, desk, "Bram", "Listening (MI-style)")
    # open question, two simple reflections, a complex one
    press(qtbot, desk, Qt.Key.Key_1, Qt.Key.Key_3, Qt.Key.Key_3, Qt.Key.Key_4)
    end(qtbot, panel)
    page = review_page(desk)
    assert page.scheme_lines.text() == ("Reflections per question: 3.0; complex reflections: 33%.")
    assert page.thresholds_check.isVisible() and not page.thresholds_check.isChecked()
    # Points for neither side are drawn each as its own running count.
    assert series_points(page.timeline_view)["simple reflection"][-1] == (4.0, 2)
    assert "MITI" not in report_text(desk)
    page.thresholds_check.setFocus()
    qtbot.keyClick(page.thresholds_check, Qt.Key.Key_Space)
    lines = page.scheme_lines.text().splitlines()
    assert lines[1] == (
        "MITI 4.2.1: reflections per question fair 1.0, good 2.0; "
        "complex reflections fair 40%, good 50%."
    )
    assert lines[2] == (
        "MITI 4.2.1 thresholds: expert opinion for motivational interviewing, "
        "not norms for coaching."
    )
    pdf_text = "".join(report_html(page.review.report(with_notes=False), QLocale()))
    assert "not norms for coaching" in pdf_text


def test_an_old_sessions_report_is_unchanged_after_its_scheme_is_edited(
    desk: Desk, qtbot: QtBot
) -> None:
    panel = start_with(qtbot, desk, "Anna", "GROW phases")
    press(qtbot, desk, Qt.Key.Key_1, Qt.Key.Key_4)
    end(qtbot, panel)
    before = report_text(desk)
    assert "Goal" in before
    first = desk.store.scheme_version("grow", 1)
    desk.store.save_scheme(edited(first, Rename("goal", Words("Aim", "Streven"))))
    desk.window.offer_schemes()
    new_session(qtbot, desk)
    panel = start_with(qtbot, desk, "Anna", None)  # Anna's last scheme, now version 2
    assert panel.buttons[0].label.text() == "Aim"
    press(qtbot, desk, Qt.Key.Key_1)
    end(qtbot, panel)
    assert "Aim" in report_text(desk)
    sessions = desk.store.sessions_of(desk.store.coachees()[0].id)
    desk.window.review.open(min(sessions, key=lambda s: s.started_at_ms).id)
    assert report_text(desk) == before


def test_fixing_the_record_offers_a_kinds_own_choices(desk: Desk, qtbot: QtBot) -> None:
    desk.store.save_scheme(OWN)
    desk.window.offer_schemes()
    panel = start_with(qtbot, desk, "Bram", "My questions")
    qtbot.keyClick(desk.window, Qt.Key.Key_Q)
    qtbot.waitUntil(panel.hat_menu.isVisible)
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_1)  # scaling
    qtbot.waitUntil(lambda: not panel.hat_menu.isVisible())
    desk.clock.advance(60_000)
    end(qtbot, panel)
    fixer = review_page(desk).fixer
    assert cell(fixer.table, 0, 1) == "question asked"
    assert cell(fixer.table, 0, 2) == "scaling"
    fixer.table.selectRow(0)
    assert [fixer.hat_box.itemText(i) for i in range(fixer.hat_box.count())] == [
        "scaling",
        "miracle",
        "exception",
    ]
    fixer.hat_box.setCurrentIndex(fixer.hat_box.findText("exception"))
    qtbot.mouseClick(fixer.apply_button, Qt.MouseButton.LeftButton)
    assert tally_rows(desk.database) == [("mine.question", 0, "exception")]
    assert cell(fixer.table, 0, 2) == "exception"
    fixer.kind_box.setCurrentIndex(fixer.kind_box.findText("silence held"))
    assert not fixer.hat_box.isEnabled()  # a kind without choices has no detail
