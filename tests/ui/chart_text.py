"""What a chart shows in words: the text items QtCharts lays out, as a user reads them."""

from __future__ import annotations

import shiboken6
from PySide6.QtCharts import QChart, QChartView, QXYSeries
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsTextItem

_TEXT_ITEM = 8  # QGraphicsTextItem::Type; QtCharts' axis labels are private subclasses of it


def _as_text(item: QGraphicsItem) -> QGraphicsTextItem | None:
    """The text item behind ``item``; PySide wraps QtCharts' private label classes as plain
    QGraphicsItem, so cast through the QGraphicsObject it really is."""
    if item.type() != _TEXT_ITEM or (obj := item.toGraphicsObject()) is None:
        return None
    text = shiboken6.wrapInstance(shiboken6.getCppPointer(obj)[0], QGraphicsTextItem)
    assert isinstance(text, QGraphicsTextItem)
    return text


def shown_texts(chart: QChart) -> list[tuple[str, QRectF]]:
    """Every non-empty visible text of the laid-out ``chart`` with where it stands (scene)."""
    scene = chart.scene()
    assert scene is not None, "lay the chart out in a view or scene first"
    found = []
    for item in scene.items():
        text = _as_text(item)
        if text is not None and text.isVisible() and text.toPlainText().strip():
            found.append((text.toPlainText(), text.sceneBoundingRect()))
    return found


def bottom_tick_labels(chart: QChart) -> list[str]:
    """The labels just under the plot area, left to right: the bottom axis as read."""
    plot = chart.mapToScene(chart.plotArea()).boundingRect()
    row = [
        (rect.center().x(), text)
        for text, rect in shown_texts(chart)
        if plot.bottom() <= rect.top() <= plot.bottom() + rect.height() / 2
        and plot.left() - rect.width() <= rect.center().x() <= plot.right() + rect.width()
    ]
    return [text for _x, text in sorted(row)]


def top_labels(chart: QChart) -> list[tuple[str, QRectF]]:
    """The labels just above the plot area, left to right, with their rectangles."""
    plot = chart.mapToScene(chart.plotArea()).boundingRect()
    row = [
        (text, rect)
        for text, rect in shown_texts(chart)
        if plot.top() - 6 * rect.height() <= rect.bottom() <= plot.top() + 1
        and plot.left() - rect.width() <= rect.center().x() <= plot.right() + rect.width()
    ]
    return sorted(row, key=lambda found: found[1].center().x())


def series_points(view: QChartView) -> dict[str, list[tuple[float, float]]]:
    """Each named line or scatter series of the chart with its points."""
    chart = view.chart()
    found: dict[str, list[tuple[float, float]]] = {}
    for series in chart.series():
        if isinstance(series, QXYSeries) and series.name():
            found[series.name()] = [(p.x(), p.y()) for p in series.points()]
    return found
