"""The history charts: a coachee share line (left axis, %) with the advice rate per hour beside
it (right axis), along sessions or along weeks or months; the coach's target as a dashed
line. Built from the domain's figures, themed like the review's charts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import QCategoryAxis, QChart, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QPen

from coachdesk.i18n import _
from coachdesk.ui.charts import SideColours, themed

SHARE_SERIES = "shareSeries"
ADVICE_SERIES = "adviceSeries"
TARGET_LINE = "targetLine"
#: Up to this many steps are named on the axis; more are numbered, so labels never crowd.
MAX_NAMED_STEPS = 12


def trend_chart(
    shares: Sequence[float | None],
    advice_per_hour: Sequence[float | None],
    x_title: str,
    colours: SideColours,
    target_share: float | None,
    palette: QPalette,
    labels: Sequence[str] = (),
) -> QChart:
    """Point ``i + 1`` of each line is step ``i`` (a session, a week, a month); a step
    without a figure (no contribution noted, no active time) leaves a gap in that line.
    A few steps are named by ``labels`` where given; many are numbered."""
    chart = QChart()
    steps = max(len(shares), len(advice_per_hour))
    x = _step_axis(steps, labels)
    x.setTitleText(x_title)
    share_axis = QValueAxis()
    share_axis.setRange(0, 100)
    share_axis.setLabelFormat("%.0f")
    share_axis.setTickCount(6)
    share_axis.setTitleText(_("share (%)"))
    rates = [r for r in advice_per_hour if r is not None]
    rate_axis = QValueAxis()
    rate_axis.setRange(0, max([1.0, *rates]) * 1.1)
    rate_axis.setLabelFormat("%.0f")
    rate_axis.setTickCount(6)
    rate_axis.applyNiceNumbers()
    rate_axis.setTitleText(_("advice per hour"))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(share_axis, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(rate_axis, Qt.AlignmentFlag.AlignRight)

    share_line = _line(_("coachee share"), colours.coachee, SHARE_SERIES, 2.5)
    share_dots = QScatterSeries()
    share_dots.setColor(colours.coachee)
    share_dots.setBorderColor(colours.coachee)
    share_dots.setMarkerSize(7)
    for step, value in enumerate(shares, start=1):
        if value is not None:
            share_line.append(step, value * 100)
            share_dots.append(step, value * 100)
    advice_line = _line(_("advice per hour"), colours.coach, ADVICE_SERIES, 1.5)
    for step, rate in enumerate(advice_per_hour, start=1):
        if rate is not None:
            advice_line.append(step, rate)
    for series, axis in (
        (share_line, share_axis),
        (share_dots, share_axis),
        (advice_line, rate_axis),
    ):
        chart.addSeries(series)
        series.attachAxis(x)
        series.attachAxis(axis)
    for marker in chart.legend().markers(share_dots):
        marker.setVisible(False)
    if target_share is not None:
        target = _line(_("your target"), QColor("#888888"), TARGET_LINE, 2)
        target.setPen(QPen(QColor("#888888"), 2, Qt.PenStyle.DashLine))
        level = target_share * 100
        target.append([QPointF(0.5, level), QPointF(max(steps, 1) + 0.5, level)])
        chart.addSeries(target)
        target.attachAxis(x)
        target.attachAxis(share_axis)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return themed(chart, palette, QLocale())


def _step_axis(steps: int, labels: Sequence[str]) -> QValueAxis | QCategoryAxis:
    if 0 < len(labels) <= MAX_NAMED_STEPS:
        named = QCategoryAxis()
        named.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        named.setRange(0.5, len(labels) + 0.5)
        named.setStartValue(0.5)
        for step, label in enumerate(labels, start=1):
            named.append(label, step + 0.5)
        return named
    numbered = QValueAxis()
    numbered.setRange(0.5, max(steps, 1) + 0.5)
    numbered.setLabelFormat("%.0f")
    numbered.setTickType(QValueAxis.TickType.TicksDynamic)
    numbered.setTickAnchor(1)
    numbered.setTickInterval(max(1, (steps + 9) // 10))
    return numbered


def _line(name: str, colour: QColor, object_name: str, width: float) -> QLineSeries:
    line = QLineSeries()
    line.setName(name)
    line.setObjectName(object_name)
    line.setPen(QPen(colour, width))
    return line
