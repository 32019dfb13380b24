"""The PDF session report and the charts as PNG, made with Qt's own PDF support.

The report holds the session's figures, its charts and hats, and the coach's notes unless
the coach leaves them out. It is always drawn on white, whatever the screen's palette.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCharts import QChart
from PySide6.QtCore import QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPixmap,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QGraphicsScene, QWidget

from coachdesk.domain.balance import balance_of, few_note
from coachdesk.domain.i18n import _
from coachdesk.domain.model import Side
from coachdesk.domain.review import NOTE, REFLECTION_PROMPTS, thirds
from coachdesk.domain.session_report import SessionReport
from coachdesk.domain.timer import format_active
from coachdesk.ui.charts import (
    SideColours,
    balance_chart,
    themed,
    thirds_chart,
    timeline_chart,
)
from coachdesk.ui.review_text import ReviewText, moments_text, when_text

#: Drawing units per inch on the PDF page: 96, so sizes read like screen pixels.
RESOLUTION = 96
MARGIN_MM = 15
#: The report's text colour, on white paper whatever the screen's palette.
INK = "#202020"
#: Less room than this at the bottom of a page: text starts on the next one.
MIN_ROOM = 60


def paper_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("white"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    return palette


#: Room around a saved image's charts, in pixels, so no text touches its edge.
PNG_MARGIN = 24


def save_png(widget: QWidget, path: Path, caption: str = "") -> bool:
    """The widget (the review's charts) as it looks now, on its window colour with a margin,
    under ``caption`` (which session, and when)."""
    charts = widget.grab()
    font = widget.font()
    font.setBold(True)
    line = QFontMetrics(font).height() + 8 if caption else 0
    image = QImage(
        charts.width() + 2 * PNG_MARGIN,
        charts.height() + 2 * PNG_MARGIN + line,
        QImage.Format.Format_RGB32,
    )
    image.fill(widget.palette().color(QPalette.ColorRole.Window))
    painter = QPainter(image)
    try:
        if caption:
            painter.setFont(font)
            painter.setPen(widget.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(
                QRectF(PNG_MARGIN, PNG_MARGIN, charts.width(), line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                caption,
            )
        painter.drawPixmap(PNG_MARGIN, PNG_MARGIN + line, charts)
    finally:
        painter.end()
    return QPixmap.fromImage(image).save(str(path), "PNG")


def png_caption(report: SessionReport) -> str:
    """``Session 7 · 2026-12-04 16:43 CET`` (no name: the image may be shown to the coachee)."""
    return _("Session {number} · {when}").format(
        number=report.number, when=when_text(report.record.started_at_ms)
    )


def report_html(review: SessionReport, locale: QLocale) -> Iterator[str]:
    """The report's text blocks, as small HTML documents (all user text escaped); the notes
    when the report carries them."""
    record = review.record
    text = ReviewText.of(
        review.kinds,
        review.tallies,
        review.active_ms,
        review.previous,
        locale,
        review.scheme,
        thresholds=review.thresholds,
    )
    # A scheme of states and neutral points (GROW) has no balance to show.
    balanced = any(k.side is not Side.NEUTRAL for k in review.kinds)
    started = _("Session {number} with this coachee, {when}").format(
        number=review.number, when=when_text(record.started_at_ms)
    )
    yield (
        f"<h1>{html.escape(_('Session report'))}</h1>"
        f"<p>{html.escape(record.coachee.name)}<br>{html.escape(started)}<br>"
        + html.escape(_("{active} of active time").format(active=format_active(review.active_ms)))
        + "<br>"
        + html.escape(_("Session reference: {ref}").format(ref=record.ref))
        + "".join(
            "<br>" + html.escape(_("Tally scheme: {name}").format(name=scheme.name.shown()))
            for scheme in (review.scheme,)
            if scheme is not None
        )
        + "</p>"
        + (f"<p><b>{html.escape(text.sentence)}</b><br>" if balanced else "<p>")
        + "".join(
            f"{html.escape(note)}<br>"
            for note in (few_note(balance_of(review.kinds, review.tallies)),)
            if note and balanced
        )
        + html.escape("   ".join(f"{label}: {count}" for label, count in text.counts))
        + (f"<br>{html.escape(text.trend)}" if balanced else "")
        + "</p>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in text.scheme_lines)
    )
    if balanced:
        yield "chart:balance"
    yield "chart:timeline"
    if moments := moments_text(record.markers):
        yield f"<p>{html.escape(moments)}</p>"
    if balanced:
        yield "chart:thirds"
    rows = "".join(
        f"<tr><td>{html.escape(label)}</td><td align=right>{html.escape(rate)}</td></tr>"
        for label, rate in text.rates
    )
    states = "".join(
        f"<h3>{html.escape(group.title)}</h3><table cellpadding=3>"
        + (
            "".join(
                f"<tr><td>{html.escape(row.label)}</td><td align=right>{row.entered}\u00d7</td>"
                f"<td align=right>{html.escape(format_active(row.worn_ms))}</td></tr>"
                for row in group.rows
            )
            or f"<tr><td>{html.escape(group.empty)}</td></tr>"
        )
        + "</table>"
        for group in text.groups
    )
    yield (
        f"<h3>{html.escape(_('Per 10 active minutes'))}</h3><table cellpadding=3>{rows}</table>"
        + states
    )
    if review.notes is not None:
        notes = review.notes
        prompts = {NOTE: _("Session note"), **{k: _(v) for k, v in REFLECTION_PROMPTS.items()}}
        for field, prompt in prompts.items():
            body = html.escape(notes.get(field, "")).replace("\n", "<br>") or "\u2013"
            yield f"<h3>{html.escape(prompt)}</h3><p>{body}</p>"


def charts_for(review: SessionReport, locale: QLocale) -> dict[str, tuple[QChart, int]]:
    """Each chart of the report with its height on the page."""
    kinds, tallies, active = review.kinds, review.tallies, review.active_ms
    colours, paper = SideColours.of(kinds), paper_palette()
    record = review.record
    rows = review.balance_rows()
    return {
        "chart:balance": (themed(balance_chart(rows, colours, None), paper, locale), 170),
        "chart:timeline": (
            themed(
                timeline_chart(kinds, tallies, record.pauses, active, markers=record.markers),
                paper,
                locale,
            ),
            420,  # room for two rows of hats and a whole time axis
        ),
        "chart:thirds": (
            themed(thirds_chart(thirds(kinds, tallies, active), colours), paper, locale),
            220,
        ),
    }


def draw_chart(painter: QPainter, chart: QChart, target: QRectF) -> None:
    """Lay ``chart`` out at the target's size and paint it there (no widget needed)."""
    scene = QGraphicsScene()
    scene.addItem(chart)
    chart.setGeometry(QRectF(0, 0, target.width(), target.height()))
    scene.render(painter, target, QRectF(0, 0, target.width(), target.height()))


@dataclass(frozen=True, slots=True)
class Line:
    """One laid-out line of a report block: where it ends on the page and where its text
    starts in the document."""

    bottom: float
    start: int  # character position


def lines_of(doc: QTextDocument) -> list[Line]:
    """Every line of a laid-out document, top to bottom: the places a page may break it."""
    layout = doc.documentLayout()
    found = []
    block = doc.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        for i in range(lines.lineCount()):
            line = lines.lineAt(i)
            found.append(Line(top + line.rect().bottom(), block.position() + line.textStart()))
        block = block.next()
    return sorted(found, key=lambda line: line.bottom)


def lines_that_fit(lines: list[Line], first: int, room: float) -> int:
    """How many lines from ``first`` on fit in ``room`` (at least one: a line taller than a
    page is drawn whole rather than never)."""
    top = lines[first - 1].bottom if first else 0.0
    n = first
    while n < len(lines) and lines[n].bottom - top <= room:
        n += 1
    return max(n - first, 1)


def piece_of(doc: QTextDocument, start: int, end: int | None) -> QTextDocument:
    """The part of ``doc`` from character ``start`` to ``end`` (None: to its end), laid out
    alone. Drawn whole, it holds only its own lines: a clip would not do, as Qt writes the
    text of lines near a clip into the PDF too, so a line cut by the clip would be on both
    pages."""
    piece = doc.clone()
    piece.setTextWidth(doc.textWidth())
    cursor = QTextCursor(piece)
    if end is not None:
        cursor.setPosition(end)
        cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
    if start:
        block_format = doc.findBlock(start).blockFormat()
        cursor.setPosition(0)
        cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
        cursor.removeSelectedText()
        QTextCursor(piece.begin()).setBlockFormat(block_format)  # a paragraph stays one
    return piece


def write_pdf(review: SessionReport, path: Path) -> None:
    """Write the session's report to ``path`` (A4, portrait), with its notes if it has them."""
    locale = QLocale()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(_("Session report"))
    writer.setCreator("coachdesk")
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    width, bottom = page.width(), page.height()
    charts = charts_for(review, locale)
    painter = QPainter(writer)
    try:
        y = 0.0
        for block in report_html(review, locale):
            if block in charts:
                chart, chart_height = charts[block]
                if y + chart_height > bottom:
                    writer.newPage()
                    y = 0.0
                draw_chart(painter, chart, QRectF(0, y, width, chart_height))
                y += chart_height + 8
                continue
            doc = QTextDocument()
            doc.setDefaultStyleSheet(f"* {{ color: {INK}; }}")  # not the screen's (dark) text
            doc.setHtml(block)
            doc.setTextWidth(width)
            height = doc.size().height()
            if y + height > bottom and height <= bottom:  # never slice a table row: start afresh
                writer.newPage()
                y = 0.0
            if y + height <= bottom:
                painter.save()
                painter.translate(0, y)
                doc.drawContents(painter)
                painter.restore()
                y += height
                continue
            # Taller than a page (a long note): it runs on over the next pages, whole lines
            # on each.
            lines = lines_of(doc)
            first = 0
            while first < len(lines):
                if bottom - y < MIN_ROOM:
                    writer.newPage()
                    y = 0.0
                n = lines_that_fit(lines, first, bottom - y)
                while True:
                    last = first + n
                    piece = piece_of(
                        doc, lines[first].start, lines[last].start if last < len(lines) else None
                    )
                    if n == 1 or piece.size().height() <= bottom - y:
                        break
                    n -= 1  # laid out alone it came out taller: one line fewer
                painter.save()
                painter.translate(0, y)
                piece.drawContents(painter)
                painter.restore()
                y += piece.size().height()
                first = last
                if first < len(lines):
                    writer.newPage()
                    y = 0.0
    finally:
        painter.end()
