"""A chart axis is a claim: the timeline's tick labels, read off the real charts."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCharts import QCategoryAxis, QLegend, QLegendMarker, QLineSeries
from PySide6.QtCore import QLocale, QRectF, Qt
from PySide6.QtWidgets import QApplication, QGraphicsScene, QLabel
from pytestqt.qtbot import QtBot

from coachdesk.ui.report import charts_for
from tests.ui.chart_text import bottom_tick_labels, top_labels
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
    share = desk.window.coachee_view()
    assert share is not None
    qtbot.waitExposed(share)
    assert bottom_tick_labels(share.timeline.chart()) == labels
    share.close()

    printed, _height = charts_for(desk.review.report(with_notes=False), QLocale())["chart:timeline"]
    scene = QGraphicsScene()  # as draw_chart lays it out on the PDF page, kept to be read
    scene.addItem(printed)
    printed.setGeometry(QRectF(0, 0, 900, 300))
    assert bottom_tick_labels(printed) == labels


def declare(desk: Desk, qtbot: QtBot, hat_key: Qt.Key) -> None:
    qtbot.keyClick(desk.window, Qt.Key.Key_3)
    panel = desk.window.session_panel
    assert panel is not None
    qtbot.keyClick(panel.hat_menu, hat_key)


def test_hats_named_close_together_never_overlap_and_both_counts_stay_visible(
    desk: Desk, qtbot: QtBot
) -> None:
    """Coach, assessor, manager, mentor and expert within a minute of a 47-minute session."""
    window, clock = desk.window, desk.clock
    qtbot.keyClicks(window.picker.name_edit, "Bram")
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    clock.advance(60_000)
    qtbot.keyClick(window, Qt.Key.Key_1)  # advice and an action at the same minute: level lines
    qtbot.keyClick(window, Qt.Key.Key_2)
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5):
        clock.advance(10_000)
        declare(desk, qtbot, key)
    clock.advance(46 * 60_000)
    panel = window.session_panel
    assert panel is not None
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    page = window.review_page
    assert page is not None
    for width in (560, 900, 1400):
        page.timeline_view.resize(width, page.timeline_view.minimumHeight())
        QApplication.processEvents()
        labels = top_labels(page.timeline_view.chart())
        names = [text.strip("\u200b") for text, _rect in labels]
        # Two rows of names; a name within seconds of two others finds no room and is left
        # out (its dashed line stays, and "Hats named" counts it), never written over another.
        assert names[:2] == ["coach", "assessor"], names
        assert bottom_tick_labels(page.timeline_view.chart()) == ["0", "10", "20", "30", "40"]
        for i, (_text, rect) in enumerate(labels):
            for _other, other in labels[i + 1 :]:
                assert not rect.intersects(other), names

    chart = page.timeline_view.chart()
    pens = {s.name(): s.pen().widthF() for s in chart.series() if isinstance(s, QLineSeries)}
    drawn = [s.name() for s in chart.series() if s.name()]
    # The advice line is drawn first and wider, so the action line on top leaves it in sight.
    assert drawn.index("advice given") < drawn.index("coachee action noted")
    assert pens["advice given"] > pens["coachee action noted"] + 2


def drawn_shape(legend: QLegend, marker: QLegendMarker) -> QLegend.MarkerShape:
    """The shape a marker is drawn in: its own, or else the legend's."""
    own = marker.shape()
    return legend.markerShape() if own == QLegend.MarkerShape.MarkerShapeDefault else own


def test_legend_markers_are_drawn_as_the_lines_they_stand_for(desk: Desk, qtbot: QtBot) -> None:
    end_after(desk, qtbot, 3 * 60_000)
    page = desk.window.review_page
    assert page is not None
    legend = page.timeline_view.chart().legend()
    shown = {m.label(): drawn_shape(legend, m) for m in legend.markers() if m.isVisible()}
    assert set(shown) == {"advice given", "coachee action noted"}
    assert set(shown.values()) == {QLegend.MarkerShape.MarkerShapeFromSeries}

    page.target_share = 0.5
    page.refresh()
    legend = page.balance_view.chart().legend()
    shown = {m.label(): drawn_shape(legend, m) for m in legend.markers() if m.isVisible()}
    assert shown["your target"] == QLegend.MarkerShape.MarkerShapeFromSeries  # a dashed line
    assert shown["coachee actions"] == QLegend.MarkerShape.MarkerShapeRectangle  # a filled bar


def test_thirds_give_their_counts_an_empty_third_says_so_and_few_tallies_are_named(
    desk: Desk, qtbot: QtBot
) -> None:
    end_after(desk, qtbot, 6 * 60_000)  # one advice at 3:00: the middle third
    page = desk.window.review_page
    assert page is not None
    page.thirds_view.resize(700, 260)
    QApplication.processEvents()
    assert bottom_tick_labels(page.thirds_view.chart()) == [
        "opening\nnone",
        "middle\n0 of 1",  # the coachee's tallies of all noted in that third
        "close\nnone",
    ]
    assert page.few.isVisible()
    assert page.few.text() == "This share rests on 1 tally: too few to say much."
    assert page.few_in_thirds.isVisible()
    assert "fewer than 5 tallies" in page.few_in_thirds.text()


def test_hats_named_stay_together_after_a_hat_is_added_in_fix_the_record(
    desk: Desk, qtbot: QtBot
) -> None:
    end_after(desk, qtbot, 6 * 60_000)
    page = desk.window.review_page
    assert page is not None
    fixer = page.fixer
    for hat in ("expert", "mentor"):
        fixer.kind_box.setCurrentIndex(fixer.kind_box.findText("role hat declared"))
        fixer.hat_box.setCurrentIndex(fixer.hat_box.findText(hat))
        qtbot.mouseClick(fixer.add_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    grid = page.figures
    names = [
        w
        for i in range(grid.count())
        if (item := grid.itemAt(i)) is not None
        and isinstance(w := item.widget(), QLabel)
        and w.text() in ("Hats named", "mentor", "expert")
    ]
    tops = sorted(w.geometry().top() for w in names)
    assert len(tops) == 3
    gaps = [b - a for a, b in pairwise(tops)]
    assert max(gaps) <= 2 * names[0].sizeHint().height(), gaps  # one row apart, no blank gap
