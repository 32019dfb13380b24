"""The review's charts, built with QtCharts from the domain's figures.

Each function returns a finished :class:`QChart`; :func:`chart_view` wraps one for a widget,
and the same chart renders into a PNG or a PDF page. Colours come from the tally kinds; text,
grid and background follow the palette, so a chart reads in light and dark alike. Numbers
follow the interface locale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractAxis,
    QAreaSeries,
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLegend,
    QLineSeries,
    QPercentBarSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QLocale, QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QCursor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from coachdesk.domain.balance import Balance
from coachdesk.domain.i18n import _
from coachdesk.domain.model import (
    DETAIL_HAT,
    MARKER_LABEL,
    Marker,
    Pause,
    Side,
    Tally,
    TallyKind,
)
from coachdesk.domain.review import TimeAxis, cumulative, state_spans, time_axis
from coachdesk.domain.timer import format_active
from coachdesk.ui.contrast import LARGE, readable

MINUTE_MS = 60_000
#: The colour of a marked moment on the timeline (made legible on each background).
MARKER_COLOUR = "#2456A6"  # a blue no tally kind uses


@dataclass(frozen=True, slots=True)
class SideColours:
    """The colours of the coachee's and the coach's side, taken from their kinds."""

    coachee: QColor
    coach: QColor

    @classmethod
    def of(cls, kinds: Sequence[TallyKind]) -> SideColours:
        def colour(side: Side, fallback: str) -> QColor:
            return QColor(next((k.colour for k in kinds if k.side is side), fallback))

        return cls(colour(Side.COACHEE, "#2A9D8F"), colour(Side.COACH, "#D9822B"))


def themed(chart: QChart, palette: QPalette, locale: QLocale) -> QChart:
    """Give ``chart`` the palette's background and text, and the locale's numbers."""
    text = palette.color(QPalette.ColorRole.WindowText)
    chart.setBackgroundBrush(QBrush(palette.color(QPalette.ColorRole.Window)))
    chart.setBackgroundRoundness(0)
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    chart.setLocale(locale)
    chart.setLocalizeNumbers(True)
    chart.setMargins(QMargins(4, 4, 4, 4))
    grid = QColor(text)
    grid.setAlpha(40)
    for series in chart.series():
        if isinstance(series, QXYSeries) and series.pointLabelsVisible():
            series.setPointLabelsColor(text)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(QBrush(text))
        axis.setLinePenColor(grid)
        axis.setGridLineColor(grid)
    legible_marks(chart, palette.color(QPalette.ColorRole.Window))
    return chart


def legible_marks(chart: QChart, background: QColor) -> None:
    """Every line, dot, area and bar at least 3:1 against ``background`` (WCAG's contrast
    for graphics): a kind's colour keeps its hue and is darkened or lightened just enough."""
    for series in chart.series():
        if isinstance(series, QAreaSeries | QScatterSeries):
            series.setColor(readable(series.color(), background, LARGE))
            series.setBorderColor(readable(series.borderColor(), background, LARGE))
        elif isinstance(series, QXYSeries):
            pen = series.pen()
            pen.setColor(readable(pen.color(), background, LARGE))
            series.setPen(pen)
        elif isinstance(series, QPercentBarSeries):
            for bar in series.barSets():
                bar.setColor(readable(bar.color(), background, LARGE))


def chart_view(chart: QChart, parent: QWidget | None = None, name: str = "") -> QChartView:
    """A chart's view: named for a screen reader (its text equivalent goes in the
    description), and out of the Tab order, as it has nothing to focus."""
    view = QChartView(chart, parent)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # AT-SPI would call it focusable
    view.setAccessibleName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setStyleSheet("background: transparent")
    return view


def replace_chart(view: QChartView, chart: QChart) -> None:
    """Show ``chart`` in ``view``; the view lets go of the old chart, so delete it."""
    old = view.chart()
    view.setChart(chart)
    if old is not None and old is not chart:
        old.deleteLater()


def _attach(chart: QChart, series: QXYSeries | QAreaSeries, *axes: QAbstractAxis) -> None:
    chart.addSeries(series)
    for axis in axes:
        series.attachAxis(axis)


def _hide_from_legend(chart: QChart, series: QXYSeries | QAreaSeries) -> None:
    for marker in chart.legend().markers(series):
        marker.setVisible(False)


def enlarged(chart: QChart, points: float) -> QChart:
    """``chart`` with its axis labels, axis titles and legend in ``points``-size type."""
    for axis in chart.axes():
        font = axis.labelsFont()
        font.setPointSizeF(points)
        axis.setLabelsFont(font)
        title = axis.titleFont()
        title.setPointSizeF(points)
        axis.setTitleFont(title)
    legend = chart.legend()
    font = legend.font()
    font.setPointSizeF(points)
    legend.setFont(font)
    return chart


def balance_chart(
    rows: Sequence[tuple[str, Balance]],
    colours: SideColours,
    target_share: float | None,
    *,
    plain: bool = False,
) -> QChart:
    """A split bar per row (this session, then earlier ones): the coachee's share from the
    left in the coachee's colour, the advice share after it; a dashed line at the target.
    ``plain`` words it for the coachee ("your actions", "my advice")."""
    chart = QChart()
    x = QValueAxis()
    x.setRange(0, 100)
    x.setLabelFormat("%.0f")
    x.setTickCount(5)
    x.setTitleText(_("% of what we noted") if plain else _("% of the noted contributions"))
    y = QCategoryAxis()
    y.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
    y.setRange(0, len(rows))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    for index, (label, balance) in enumerate(reversed(rows)):
        y.append(label, index + 1)
        share = balance.coachee_share
        if share is None:
            continue
        top, bottom = index + 0.85, index + 0.15
        for name, colour, start, end in (
            (_("your actions") if plain else _("coachee actions"), colours.coachee, 0, share * 100),
            (_("my advice") if plain else _("advice given"), colours.coach, share * 100, 100.0),
        ):
            upper = QLineSeries()
            upper.append([QPointF(start, top), QPointF(end, top)])
            lower = QLineSeries()
            lower.append([QPointF(start, bottom), QPointF(end, bottom)])
            area = QAreaSeries(upper, lower)
            upper.setParent(area)  # the area does not own its edges: keep them alive with it
            lower.setParent(area)
            area.setName(name)
            area.setColor(colour)
            area.setBorderColor(colour)
            _attach(chart, area, x, y)
            if index != len(rows) - 1:
                _hide_from_legend(chart, area)
    if target_share is not None:
        line = QLineSeries()
        line.setName(_("your target"))
        line.append([QPointF(target_share * 100, 0), QPointF(target_share * 100, len(rows))])
        pen = QPen(QColor("#888888"), 2, Qt.PenStyle.DashLine)
        line.setPen(pen)
        _attach(chart, line, x, y)
        for marker in chart.legend().markers(line):  # a dashed line, not a square
            marker.setShape(QLegend.MarkerShape.MarkerShapeFromSeries)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def time_axis_of(axis: TimeAxis) -> QCategoryAxis:
    """A chart axis in minutes with the domain's round ticks as its labels, ending at the
    session's end: a value axis would label 3 minutes 0, 1, 1, 2, 3."""
    x = QCategoryAxis()
    x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    x.setStartValue(0)
    for at, label in axis.ticks:
        x.append(label, at / MINUTE_MS)
    x.setRange(0, axis.end_ms / MINUTE_MS)
    x.setTitleText(_("active seconds") if axis.in_seconds else _("active minutes"))
    return x


#: Pen widths of the running counts: the coach's line is drawn first and wider.
STEP_WIDTH = {Side.COACH: 5.0, Side.COACHEE: 2.0, Side.NEUTRAL: 2.0}
#: Hat labels are kept apart as if the plot were this narrow (px); wider plots only add room.
NARROWEST_PLOT = 480.0
#: At most this many rows of hat labels; a label that fits in none is shortened, then left out
#: (its dashed line stays, and the "Hats named" list counts it) rather than drawn over another.
HAT_LABEL_ROWS = 2  # each row takes from the room QtCharts leaves the time axis


def _hat_label_rows(chart: QChart, labels: Sequence[tuple[float, str]], minutes: float) -> None:
    """The hats' names above the plot, each over its line, in as many rows (stacked top axes)
    as it takes for no two names to touch; a name with no room is shortened to its first
    letters with a full stop, and left out if even that finds no room."""
    rows: list[QCategoryAxis] = []

    def row(index: int) -> QCategoryAxis:
        while len(rows) <= index:
            axis = QCategoryAxis()
            axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
            axis.setRange(0, minutes)
            axis.setGridLineVisible(False)
            axis.setLineVisible(False)
            chart.addAxis(axis, Qt.AlignmentFlag.AlignTop)
            rows.append(axis)
        return rows[index]

    metrics = QFontMetricsF(QCategoryAxis().labelsFont())
    per_minute = NARROWEST_PLOT / max(minutes, 1e-9)

    def extent(at: float, text: str) -> tuple[float, float]:
        half = metrics.horizontalAdvance(text) / 2 + metrics.averageCharWidth()
        return at * per_minute - half, at * per_minute + half

    ends: list[float] = []  # where each row's last label ends
    for n, (at, name) in enumerate(labels):
        for text in (name, name[:3] + "."):
            left, right = extent(at, text)
            where = next((r for r, end in enumerate(ends) if left >= end), None)
            if where is None and len(ends) < HAT_LABEL_ROWS:
                where = len(ends)
                ends.append(right)
            if where is not None:
                ends[where] = right
                # Labels on a category axis must differ: zero-width spaces keep repeats apart.
                row(where).append(text + "\u200b" * n, at)
                break
    if not rows:
        row(0)  # an empty top row keeps the plot where it is with or without hats


#: Up to this count the timeline's count axis ticks at every whole number.
SMALL_COUNT_AXIS = 10


def _steps(points: Sequence[tuple[int, int]], minutes: float, name: str) -> QLineSeries:
    """A running count as steps: up at each point's offset, held to the axis' end."""
    steps = QLineSeries()
    steps.setName(name)
    previous = 0
    for offset, count in points:
        steps.append(offset / MINUTE_MS, previous)
        steps.append(offset / MINUTE_MS, count)
        previous = count
    steps.append(minutes, previous)
    return steps


def _running_count(kind: TallyKind, tallies: Sequence[Tally]) -> list[tuple[int, int]]:
    """Step points ``(offset_ms, count so far)`` of one kind's tallies, from ``(0, 0)``."""
    points, count = [(0, 0)], 0
    for tally in sorted(tallies, key=lambda t: (t.offset_ms, t.id)):
        if tally.kind_id == kind.id:
            count += 1
            points.append((tally.offset_ms, count))
    return points


def timeline_chart(
    kinds: Sequence[TallyKind],
    tallies: Sequence[Tally],
    pauses: Sequence[Pause],
    active_ms: int,
    *,
    plain: bool = False,
    markers: Sequence[Marker] = (),
) -> QChart:
    """Active minutes across; the running count of advice and of coachee actions as steps,
    each tally a dot in its kind's colour, hats named on top where declared, pauses as
    thin grey lines, marked moments as numbered triangles on a line (their notes are listed
    under the chart, see :func:`coachdesk.ui.review_text.moments_text`, and show as a
    tooltip). ``plain`` words the legend for the coachee."""
    plain_names = {Side.COACH: _("my advice"), Side.COACHEE: _("your actions")}
    chart = QChart()
    x = time_axis_of(time_axis(active_ms))
    minutes = x.max()
    counts = {side: cumulative(kinds, tallies, side) for side in (Side.COACH, Side.COACHEE)}
    # Points counted for neither side (a question asked, a reflection): each kind's own line.
    own = {
        k.id: _running_count(k, tallies)
        for k in kinds
        if k.side is Side.NEUTRAL and k.group is None and not plain
    }
    highest = max(
        [1, *(points[-1][1] for points in counts.values()), *(p[-1][1] for p in own.values())]
    )
    y = QValueAxis()
    y.setRange(0, highest + 1)
    y.setLabelFormat("%.0f")
    y.applyNiceNumbers()  # whole-number ticks, so a label never sits between two counts
    if y.max() <= SMALL_COUNT_AXIS:  # a nice step of 0.5 would label 1 twice as "1"
        y.setTickType(QValueAxis.TickType.TicksDynamic)
        y.setTickAnchor(0)
        y.setTickInterval(1)
    top_y = y.max()
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)

    kind_of = {k.id: k for k in kinds}
    # The coach's side first and wide, the coachee's on top and narrow: where both counts run
    # level, both lines stay in sight.
    # One running count per side; with several kinds on a side (a scheme of the coach's own),
    # the line is the side's and each kind's dots carry its name.
    per_side = Counter(k.side for k in kinds)
    side_names = {Side.COACH: _("the coach's tallies"), Side.COACHEE: _("the coachee's tallies")}
    drawn: set[Side] = set()
    for kind in sorted(kinds, key=lambda k: (k.side is not Side.COACH, k.position)):
        if kind.side is Side.NEUTRAL:
            continue
        shared = per_side[kind.side] > 1
        if kind.side not in drawn:
            drawn.add(kind.side)
            name = side_names[kind.side] if shared else kind.shown()
            steps = _steps(counts[kind.side], minutes, plain_names[kind.side] if plain else name)
            steps.setPen(QPen(QColor(kind.colour), STEP_WIDTH[kind.side]))
            _attach(chart, steps, x, y)
        dots = QScatterSeries()
        if shared:  # the line is the side's: the dots say which kind
            dots.setName(kind.shown())
        dots.setColor(QColor(kind.colour))
        dots.setBorderColor(QColor(kind.colour))
        dots.setMarkerSize(7)
        count = 0
        for tally in sorted(tallies, key=lambda t: (t.offset_ms, t.id)):
            if kind_of.get(tally.kind_id) is not None and kind_of[tally.kind_id].side is kind.side:
                count += 1
                if tally.kind_id == kind.id:
                    dots.append(tally.offset_ms / MINUTE_MS, count)
        _attach(chart, dots, x, y)
        if not shared or plain:
            _hide_from_legend(chart, dots)

    for kind in kinds:
        if kind.id not in own:
            continue
        steps = _steps(own[kind.id], minutes, kind.shown())
        steps.setPen(QPen(QColor(kind.colour), 1.5))
        _attach(chart, steps, x, y)

    spans = state_spans(kinds, tallies, active_ms)
    _hat_label_rows(chart, [(s.start_ms / MINUTE_MS, s.label) for s in spans], minutes)
    named: set[int] = set()  # one legend entry per kind
    for span in spans:
        at = span.start_ms / MINUTE_MS
        mark = QLineSeries()
        hat = span.kind.detail == DETAIL_HAT
        mark.setName(_("hat I named") if plain and hat else span.kind.shown())
        mark.setPen(QPen(QColor(span.kind.colour), 1.5, Qt.PenStyle.DashLine))
        mark.append([QPointF(at, 0), QPointF(at, top_y)])
        _attach(chart, mark, x, y)
        if span.kind.id in named:
            _hide_from_legend(chart, mark)
        named.add(span.kind.id)
    for n, pause in enumerate(pauses):
        at = pause.offset_ms / MINUTE_MS
        line = QLineSeries()
        line.setName(_("pause"))
        line.setPen(QPen(QColor("#999999"), 1, Qt.PenStyle.DotLine))
        line.append([QPointF(at, 0), QPointF(at, top_y)])
        _attach(chart, line, x, y)
        if n:
            _hide_from_legend(chart, line)
    _add_markers(chart, markers, top_y, x, y)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.legend().setMarkerShape(QLegend.MarkerShape.MarkerShapeFromSeries)
    return chart


def _add_markers(
    chart: QChart, markers: Sequence[Marker], top_y: float, x: QAbstractAxis, y: QAbstractAxis
) -> None:
    for n, marker in enumerate(markers, start=1):
        at = marker.offset_ms / MINUTE_MS
        line = QLineSeries()
        line.setName(_(MARKER_LABEL))
        line.setPen(QPen(QColor(MARKER_COLOUR), 1.5))
        line.append([QPointF(at, 0), QPointF(at, top_y * 0.94)])  # up to its triangle
        _attach(chart, line, x, y)
        if n > 1:
            _hide_from_legend(chart, line)
        tip = QScatterSeries()
        tip.setName(_(MARKER_LABEL))
        tip.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeTriangle)
        tip.setMarkerSize(11)
        tip.setColor(QColor(MARKER_COLOUR))
        tip.setBorderColor(QColor(MARKER_COLOUR))
        tip.append(at, top_y * 0.94)
        tip.setPointLabelsVisible(True)
        tip.setPointLabelsFormat(str(n))  # the number the list under the chart goes by
        tip.setPointLabelsClipping(False)
        _attach(chart, tip, x, y)
        _hide_from_legend(chart, tip)
        note = moment_tooltip(n, marker)
        tip.hovered.connect(lambda _point, state, note=note: _show_tip(note if state else ""))


def moment_tooltip(n: int, marker: Marker) -> str:
    """What a marked moment says when the pointer rests on it."""
    at = format_active(marker.offset_ms)
    if marker.note:
        return _("Moment {n} at {at}: {note}").format(n=n, at=at, note=marker.note)
    return _("Moment {n} at {at}").format(n=n, at=at)


def _show_tip(text: str) -> None:
    if text:
        QToolTip.showText(QCursor.pos(), text)
    else:
        QToolTip.hideText()


def thirds_chart(thirds: tuple[Balance, Balance, Balance], colours: SideColours) -> QChart:
    """The balance in the opening, middle and close of the session, as percent bars; under
    each, the coachee's tallies of all noted there (or "none")."""
    coachee = QBarSet(_("coachee actions"))
    coachee.setColor(colours.coachee)
    coachee.setBorderColor(colours.coachee)
    advice = QBarSet(_("advice given"))
    advice.setColor(colours.coach)
    advice.setBorderColor(colours.coach)
    for part in thirds:
        coachee.append(part.coachee)
        advice.append(part.coach)
    series = QPercentBarSeries()
    series.append(coachee)
    series.append(advice)
    series.setBarWidth(0.6)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")  # the share; the counts are under each bar
    chart = QChart()
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(
        [
            _("{part}<br>{coachee} of {total}").format(
                part=part, coachee=balance.coachee, total=balance.coach + balance.coachee
            )
            if balance.coach + balance.coachee
            else _("{part}<br>none").format(part=part)
            for part, balance in zip((_("opening"), _("middle"), _("close")), thirds, strict=True)
        ]
    )
    values = QValueAxis()
    values.setRange(0, 100)
    values.setLabelFormat("%.0f")
    values.setTitleText("%")
    values.setTickCount(3)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart
