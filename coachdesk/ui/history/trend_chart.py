"""The history charts: two small charts one above the other on one date axis, the coachee's
share (%) above and advice per hour below, never two scales on one chart; sessions and periods
stand at their dates, a period that only partly counts drawn hollow; the coach's target as a
dashed line. Built from the domain's figures, themed like the review's charts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QDateTimeAxis,
    QLegend,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QLocale, QMargins, QObject, QPointF, Qt, QTime
from PySide6.QtGui import QColor, QCursor, QPalette, QPen
from PySide6.QtWidgets import QToolTip

from coachdesk.domain.i18n import _
from coachdesk.ui.charts import SideColours, themed

SHARE_SERIES = "shareSeries"
ADVICE_SERIES = "adviceSeries"
TARGET_LINE = "targetLine"
PARTIAL_SERIES = "partialSeries"
TIPS = "pointTips"
#: Dates on the axis are written the same way in every language: 2026-07-27.
DATE_FORMAT = "yyyy-MM-dd"
DAY_MS = 86_400_000


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One session, or one week or month, at its date."""

    at_ms: int  # where it stands on the date axis (a session's start, a period's first day)
    share: float | None  # None: nothing noted, a gap in the share line
    advice_per_hour: float | None  # None: no active time
    partial: bool = False  # only part of the period counts: drawn hollow
    tip: str = ""  # the counts behind the point, shown when the pointer rests on it


class PointTips(QObject):
    """Shows a point's counts in a tooltip while the pointer rests on it."""

    def __init__(self, tips: dict[int, str], parent: QObject) -> None:
        super().__init__(parent)
        self.tips = tips

    def text_at(self, at_ms: float) -> str:
        """The tip of the point nearest ``at_ms`` (a hovered point's x, as QtCharts gives it)."""
        if not self.tips:
            return ""
        return self.tips[min(self.tips, key=lambda at: abs(at - at_ms))]

    def _on_series_hovered(self, point: QPointF, state: bool) -> None:
        QToolTip.showText(QCursor.pos(), self.text_at(point.x()) if state else "")


def day_ms(day: date) -> int:
    """Local midnight of ``day`` as epoch milliseconds, for the date axis."""
    return QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0)).toMSecsSinceEpoch()


def _date_axis(points: Sequence[TrendPoint]) -> QDateTimeAxis:
    axis = QDateTimeAxis()
    axis.setFormat(DATE_FORMAT)
    axis.setTickCount(3)  # a date is wide: three fit a narrow chart (200%, 640 wide) whole
    if points:
        first, last = points[0].at_ms, points[-1].at_ms
    else:
        first = last = QDateTime.currentMSecsSinceEpoch()
    pad = max((last - first) // 25, DAY_MS)
    axis.setRange(
        QDateTime.fromMSecsSinceEpoch(first - pad), QDateTime.fromMSecsSinceEpoch(last + pad)
    )
    return axis


def _figure_chart(
    points: Sequence[TrendPoint],
    values: Sequence[float | None],
    y: QValueAxis,
    name: str,
    colour: QColor,
    object_name: str,
    partial_name: str,
) -> QChart:
    chart = QChart()
    x = _date_axis(points)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    line = _line(name, colour, object_name, 2)
    whole = QScatterSeries()
    whole.setColor(colour)
    whole.setBorderColor(colour)
    whole.setMarkerSize(7)
    hollow = QScatterSeries()
    hollow.setName(partial_name)
    hollow.setObjectName(PARTIAL_SERIES)
    hollow.setColor(QColor(Qt.GlobalColor.transparent))
    hollow.setBorderColor(colour)
    hollow.setMarkerSize(9)
    for point, value in zip(points, values, strict=True):
        if value is None:
            continue
        line.append(point.at_ms, value)
        (hollow if point.partial else whole).append(point.at_ms, value)
    for series in (line, whole, hollow):
        chart.addSeries(series)
        series.attachAxis(x)
        series.attachAxis(y)
    tips = PointTips({p.at_ms: p.tip for p in points if p.tip}, chart)
    tips.setObjectName(TIPS)
    whole.hovered.connect(tips._on_series_hovered)
    hollow.hovered.connect(tips._on_series_hovered)
    for marker in chart.legend().markers(whole):
        marker.setVisible(False)
    for marker in chart.legend().markers(hollow):
        marker.setVisible(hollow.count() > 0)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
    return chart


def trend_charts(
    points: Sequence[TrendPoint],
    colours: SideColours,
    target_share: float | None,
    palette: QPalette,
    partial_name: str = "",
) -> tuple[QChart, QChart]:
    """The coachee's share (%) and advice per hour, each on a chart of its own over the same
    dates; ``points`` run oldest first."""
    share_axis = QValueAxis()
    share_axis.setRange(0, 100)
    share_axis.setLabelFormat("%.0f")
    share_axis.setTickCount(3)
    share_axis.setTitleText("%")  # short enough for a small chart; the legend names the line
    share = _figure_chart(
        points,
        [None if p.share is None else p.share * 100 for p in points],
        share_axis,
        _("coachee share"),
        colours.coachee,
        SHARE_SERIES,
        partial_name,
    )
    if target_share is not None:
        target = _line(_("your target"), QColor("#888888"), TARGET_LINE, 2)
        target.setPen(QPen(QColor("#888888"), 2, Qt.PenStyle.DashLine))
        x = share.axes(Qt.Orientation.Horizontal)[0]
        assert isinstance(x, QDateTimeAxis)
        level = target_share * 100
        target.append(
            [
                QPointF(x.min().toMSecsSinceEpoch(), level),
                QPointF(x.max().toMSecsSinceEpoch(), level),
            ]
        )
        share.addSeries(target)
        target.attachAxis(x)
        target.attachAxis(share_axis)
    rates = [p.advice_per_hour for p in points if p.advice_per_hour is not None]
    rate_axis = QValueAxis()
    rate_axis.setRange(0, max([1.0, *rates]) * 1.1)
    rate_axis.setLabelFormat("%.0f")
    rate_axis.setTickCount(3)
    rate_axis.applyNiceNumbers()  # no axis title: the legend under this chart names its line
    rate = _figure_chart(
        points,
        [p.advice_per_hour for p in points],
        rate_axis,
        _("advice per hour"),
        colours.coach,
        ADVICE_SERIES,
        partial_name,
    )
    return themed(share, palette, QLocale()), themed(rate, palette, QLocale())


class PlotAligner(QObject):
    """Keeps the plot areas of charts stacked one above the other at the same left edge,
    so one date stands at one x in all of them, whatever their value labels' widths."""

    def __init__(self, views: Sequence[QChartView], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._views = list(views)
        self.watch()

    def watch(self) -> None:
        """Follow the charts now in the views (call after replacing one)."""
        for view in self._views:
            view.chart().plotAreaChanged.connect(self._align)
        self._align()

    def _align(self) -> None:
        charts = [view.chart() for view in self._views]
        axis_widths = [c.plotArea().left() - c.margins().left() for c in charts]
        widest = max(axis_widths)
        for chart, width in zip(charts, axis_widths, strict=True):
            margins = chart.margins()
            left = BASE_MARGIN + round(widest - width)
            if margins.left() != left:
                chart.setMargins(QMargins(left, margins.top(), margins.right(), margins.bottom()))


BASE_MARGIN = 4  # as :func:`coachdesk.ui.charts.themed` sets it


def _line(name: str, colour: QColor, object_name: str, width: float) -> QLineSeries:
    line = QLineSeries()
    line.setName(name)
    line.setObjectName(object_name)
    line.setPen(QPen(colour, width))
    return line
