"""A chart axis is a claim: the timeline's tick labels, read off the real charts."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QCategoryAxis
from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtWidgets import QApplication, QGraphicsScene
from pytestqt.qtbot import QtBot

from coachdesk.ui.report import charts_for
from tests.ui.chart_text import bottom_tick_labels
from tests.ui.conftest import Desk

SECOND = 1_000


def end_after(desk: Desk, qtbot: QtBot, active_ms: int) -> None:
    """Bram: one advice halfway, the session ended after ``active_ms`` of active time."""
    window, clock = desk.window, desk.clock
    qtbot.keyClicks(window.picker.name_edit, "Bram")
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    clock.advance(active_ms // 2)
    qtbot.keyClick(window, Qt.Key.Key_1)
    clock.advance(active_ms - active_ms // 2)
    panel = window.session_panel
    assert panel is not None
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("active_ms", "title", "labels"),
    [
        (40 * SECOND, "active seconds", ["0", "10", "20", "30", "40"]),
        (3 * 60 * SECOND, "active minutes", ["0", "1", "2", "3"]),
        (47 * 60 * SECOND, "active minutes", ["0", "10", "20", "30", "40"]),
        (71 * 60 * SECOND, "active minutes", ["0", "10", "20", "30", "40", "50", "60", "70"]),
        (100 * 60 * SECOND, "active minutes", ["0", "15", "30", "45", "60", "75", "90"]),
    ],
)
def test_the_timeline_reads_round_ticks_in_the_review_the_coachee_view_and_the_pdf(
    desk: Desk, qtbot: QtBot, active_ms: int, title: str, labels: list[str]
) -> None:
    end_after(desk, qtbot, active_ms)
    page = desk.window.review_page
    assert page is not None
    page.timeline_view.resize(900, 320)
    QApplication.processEvents()
    chart = page.timeline_view.chart()
    assert bottom_tick_labels(chart) == labels
    (x_axis,) = chart.axes(Qt.Orientation.Horizontal, chart.series()[0])
    assert x_axis.titleText() == title
    assert isinstance(x_axis, QCategoryAxis)
    assert x_axis.max() == pytest.approx(active_ms / 60_000)  # ends at the session's end

    qtbot.mouseClick(page.share_button, Qt.MouseButton.LeftButton)
    share = desk.window.share_view
    assert share is not None
    qtbot.waitExposed(share)
    assert bottom_tick_labels(share.timeline.chart()) == labels
    share.close()

    printed, _height = charts_for(desk.review, QLocale())["chart:timeline"]
    scene = QGraphicsScene()  # as draw_chart lays it out on the PDF page, kept to be read
    scene.addItem(printed)
    printed.setGeometry(QRectF(0, 0, 900, 300))
    assert bottom_tick_labels(printed) == labels
