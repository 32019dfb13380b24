"""The session review: the balance at a glance, the timeline, how it moved, the hats, the
coach's notes, and a way to fix the record. Opens when a session ends."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.balance import Balance, balance_of, few_in_parts_note, few_note
from coachdesk.domain.i18n import _
from coachdesk.domain.model import Side
from coachdesk.domain.review import thirds
from coachdesk.domain.scheme_figures import MITI_CAVEAT
from coachdesk.domain.scheme_presets import LISTENING
from coachdesk.domain.timer import format_active
from coachdesk.ui.charts import (
    SideColours,
    balance_chart,
    chart_view,
    replace_chart,
    themed,
    thirds_chart,
    timeline_chart,
)
from coachdesk.ui.notes_panel import NotesPanel
from coachdesk.ui.record_fixer import RecordFixer
from coachdesk.ui.review_controller import ReviewController
from coachdesk.ui.review_text import ReviewText, moments_text, when_text

#: The balance chart's height: room for the axes and legend, plus one bar per row.
BALANCE_BASE_HEIGHT = 120
BALANCE_ROW_HEIGHT = 46
TIMELINE_HEIGHT = 420  # below this QtCharts cuts the time axis to "..." under two hat rows
THIRDS_HEIGHT = 240


def section_title(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


class ReviewPage(QScrollArea):
    """Reads the session through the controller; redraws whenever the record changes."""

    new_session_requested = Signal()
    share_requested = Signal()
    save_png_requested = Signal()
    save_pdf_requested = Signal()

    def __init__(self, review: ReviewController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.target_share: float | None = None
        self.setWidgetResizable(True)
        self.setAccessibleName(_("Session review"))  # it takes the focus to scroll by keys
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("reviewBody")
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)

        self.title = QLabel(_("Session review"))
        self.title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.summary.setWordWrap(True)
        self.scheme_name = QLabel()  # the scheme (version) the session was recorded with
        self.scheme_name.setObjectName("reviewScheme")
        self.left_out = QLabel(
            _(
                "This session is left out of figures: it counts in no share, rate or trend. "
                "Count it in again from its coachee's trajectory in History."
            )
        )
        self.left_out.setObjectName("hint")
        self.left_out.setWordWrap(True)
        self.left_out.setVisible(False)
        self.too_short = QLabel(
            _(
                "This session is shorter than the minimum set in History, so it counts in no "
                "share, rate or trend. Count it anyway from its coachee's trajectory there."
            )
        )
        self.too_short.setObjectName("hint")
        self.too_short.setWordWrap(True)
        self.too_short.setVisible(False)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.scheme_name)
        layout.addWidget(self.left_out)
        layout.addWidget(self.too_short)

        # The actions first, in reach as the review opens, not below the private notes.
        buttons = QHBoxLayout()
        self.share_button = QPushButton(_("Show the coachee"))
        self.share_screen = QComboBox()  # which screen the coachee sees; only with several
        self.share_screen.setObjectName("shareScreen")
        self.share_screen.setToolTip(_("The screen the coachee's view fills"))
        self.png_button = QPushButton(_("Save charts as PNG…"))
        self.pdf_button = QPushButton(_("Save report as PDF…"))
        self.notes_in_report = QCheckBox(_("with notes"))
        self.notes_in_report.setChecked(False)  # notes go in only when the coach asks
        self.new_button = QPushButton(_("New session"))
        self.new_button.setObjectName("newSession")
        # Two short rows rather than one long one: at 200% in Dutch a window may be 640 wide.
        buttons.addWidget(self.share_button)
        buttons.addWidget(self.share_screen)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        layout.addLayout(buttons)
        saving = QHBoxLayout()
        for widget in (self.png_button, self.pdf_button, self.notes_in_report):
            saving.addWidget(widget)
        saving.addStretch(1)
        layout.addLayout(saving)
        self.saved = QLabel()  # where the last PNG or PDF went
        self.saved.setObjectName("quietNote")
        self.saved.setWordWrap(True)
        self.saved.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.saved.hide()
        layout.addWidget(self.saved)

        self.charts = QWidget()  # what "Save charts as PNG" saves
        self.charts.setObjectName("reviewCharts")
        charts = QVBoxLayout(self.charts)
        charts.setContentsMargins(0, 0, 0, 0)
        self.balance_title = section_title(_("Balance"))
        charts.addWidget(self.balance_title)
        self.counts = QLabel()
        self.counts.setObjectName("reviewCounts")
        self.counts.setWordWrap(True)
        self.sentence = QLabel()
        self.sentence.setObjectName("reviewSentence")
        self.sentence.setWordWrap(True)
        self.trend = QLabel()
        self.trend.setObjectName("reviewTrend")
        self.trend.setWordWrap(True)
        charts.addWidget(self.sentence)
        self.few = QLabel()  # a plain note when the share rests on few tallies
        self.few.setObjectName("reviewFew")
        self.few.setWordWrap(True)
        charts.addWidget(self.few)
        charts.addWidget(self.counts)
        self.scheme_lines = QLabel()  # the figures of the session's scheme
        self.scheme_lines.setObjectName("reviewSchemeFigures")
        self.scheme_lines.setWordWrap(True)
        self.scheme_lines.setTextFormat(Qt.TextFormat.PlainText)
        charts.addWidget(self.scheme_lines)
        self.thresholds_check = QCheckBox(_("Show MITI 4.2.1 thresholds"))
        self.thresholds_check.setObjectName("mitiThresholds")
        self.thresholds_check.setToolTip(_(MITI_CAVEAT))
        self.thresholds_check.setVisible(False)
        charts.addWidget(self.thresholds_check)
        self.balance_view = chart_view(
            balance_chart([], SideColours.of([]), None), name=_("Balance chart")
        )
        self.balance_view.setFixedHeight(BALANCE_BASE_HEIGHT + BALANCE_ROW_HEIGHT)
        charts.addWidget(self.balance_view)
        charts.addWidget(self.trend)
        charts.addWidget(section_title(_("Timeline")))
        self.timeline_view = chart_view(timeline_chart([], [], [], 0), name=_("Timeline chart"))
        self.timeline_view.setMinimumHeight(TIMELINE_HEIGHT)
        charts.addWidget(self.timeline_view)
        self.moments = QLabel()  # the marked moments' notes, numbered as on the timeline
        self.moments.setObjectName("reviewMoments")
        self.moments.setWordWrap(True)
        self.moments.setTextFormat(Qt.TextFormat.PlainText)
        charts.addWidget(self.moments)
        self.moved_title = section_title(_("How it moved"))
        charts.addWidget(self.moved_title)
        moved = QHBoxLayout()
        self.thirds_view = chart_view(
            thirds_chart(thirds([], [], 0), SideColours.of([])), name=_("How it moved chart")
        )
        self.thirds_view.setMinimumHeight(THIRDS_HEIGHT)
        moved.addWidget(self.thirds_view, 3)
        self.figures = QGridLayout()
        figures = QWidget()
        figures.setLayout(self.figures)
        moved.addWidget(figures, 2)
        charts.addLayout(moved)
        self.few_in_thirds = QLabel()
        self.few_in_thirds.setObjectName("reviewFewInThirds")
        self.few_in_thirds.setWordWrap(True)
        charts.addWidget(self.few_in_thirds)
        layout.addWidget(self.charts)

        self.notes = NotesPanel(review)
        layout.addWidget(section_title(_("Notes and reflection")))
        layout.addWidget(self.notes)
        layout.addWidget(section_title(_("Fix the record")))
        self.fixer = RecordFixer(review)
        layout.addWidget(self.fixer)

        self.share_button.clicked.connect(self.share_requested)
        self.png_button.clicked.connect(self.save_png_requested)
        self.pdf_button.clicked.connect(self.save_pdf_requested)
        self.new_button.clicked.connect(self.new_session_requested)
        self.thresholds_check.toggled.connect(self._on_thresholds_check_toggled)
        review.opened.connect(self.refresh)
        review.changed.connect(self.refresh)
        self._list_screens()

    def report_with_notes(self) -> bool:
        """Whether the coach asked for the notes in the report (off unless asked)."""
        return self.notes_in_report.isChecked()

    def show_saved(self, path: Path) -> None:
        """Confirm a save, with where the file is."""
        self.saved.setText(_("Saved: {path}").format(path=path))
        self.saved.show()

    def _list_screens(self) -> None:
        screens = QGuiApplication.screens()
        self.share_screen.clear()
        for n, screen in enumerate(screens, start=1):
            size = screen.size()
            self.share_screen.addItem(
                _("Screen {n} ({width} \u00d7 {height})").format(
                    n=n, width=size.width(), height=size.height()
                )
            )
        self.share_screen.setCurrentIndex(len(screens) - 1)  # a second screen, if there is one
        self.share_screen.setVisible(len(screens) > 1)

    def chosen_screen(self) -> QScreen:
        """The screen the coachee's view is to fill."""
        screens = QGuiApplication.screens()
        index = self.share_screen.currentIndex()
        return screens[index] if 0 <= index < len(screens) else screens[0]

    def refresh(self) -> None:
        """Show the controller's session as it now stands."""
        review, record = self.review, self.review.record
        if record is None:
            return
        locale = QLocale()
        palette = self.palette()
        kinds, tallies, active = review.kinds, review.tallies, review.active_ms
        text = ReviewText.of(
            kinds,
            tallies,
            active,
            review.previous,
            locale,
            review.scheme,
            thresholds=review.thresholds,
        )
        balanced = any(k.side is not Side.NEUTRAL for k in kinds)
        self._show_balance(balanced)
        self.scheme_lines.setText("\n".join(text.scheme_lines))
        self.scheme_lines.setVisible(bool(text.scheme_lines))
        listening = review.scheme is not None and review.scheme.preset == LISTENING
        self.thresholds_check.setVisible(listening)
        self.summary.setText(
            _("{coachee} · {date} · {active} active · session {number} · reference {ref}").format(
                number=review.number,
                ref=record.ref,
                coachee=record.coachee.name,
                date=when_text(record.started_at_ms),
                active=format_active(active),
            )
        )
        scheme = review.scheme
        self.scheme_name.setText(
            _("Tally scheme: {name}").format(name=scheme.name.shown()) if scheme else ""
        )
        self.left_out.setVisible(record.left_out)
        self.too_short.setVisible(record.too_short(review.min_active_ms))
        self.sentence.setText(text.sentence)
        self.sentence.setVisible(balanced)
        parts = thirds(kinds, tallies, active)
        self.few.setText(few_note(balance_of(kinds, tallies)))
        self.few.setVisible(balanced and bool(self.few.text()))
        self.few_in_thirds.setText(few_in_parts_note(parts))
        self.few_in_thirds.setVisible(balanced and bool(self.few_in_thirds.text()))
        self.counts.setText("   ".join(f"{label}: {count}" for label, count in text.counts))
        self.trend.setText(text.trend)
        colours = SideColours.of(kinds)
        rows = review.balance_rows()
        self.balance_view.setFixedHeight(BALANCE_BASE_HEIGHT + BALANCE_ROW_HEIGHT * len(rows))
        replace_chart(
            self.balance_view,
            themed(balance_chart(rows, colours, self.target_share), palette, locale),
        )
        replace_chart(
            self.timeline_view,
            themed(
                timeline_chart(kinds, tallies, record.pauses, active, markers=record.markers),
                palette,
                locale,
            ),
        )
        self.moments.setText(moments_text(record.markers))
        self.moments.setVisible(bool(record.markers))
        replace_chart(
            self.thirds_view,
            themed(thirds_chart(parts, colours), palette, locale),
        )
        self._describe_charts(text, parts, active)
        self._show_figures(text)
        self.notes.load()
        self.fixer.refresh()

    def _describe_charts(
        self, text: ReviewText, parts: tuple[Balance, Balance, Balance], active: int
    ) -> None:
        """Each chart's text equivalent, read by a screen reader as its description."""
        counts = ", ".join(f"{label}: {count}" for label, count in text.counts)
        self.balance_view.setAccessibleDescription(f"{text.sentence} {counts}")
        self.timeline_view.setAccessibleDescription(
            " ".join(
                part
                for part in (
                    _("{counts}, over {active} of active time.").format(
                        counts=counts, active=format_active(active)
                    ),
                    self.moments.text(),
                )
                if part
            )
        )
        names = (_("opening"), _("middle"), _("close"))
        self.thirds_view.setAccessibleDescription(
            "; ".join(
                _("{third}: coachee actions {coachee}, advice given {coach}").format(
                    third=name, coachee=part.coachee, coach=part.coach
                )
                for name, part in zip(names, parts, strict=True)
            )
        )

    def _show_balance(self, shown: bool) -> None:
        """The balance, its charts and the coachee's view, for a scheme with kinds for the
        coach or the coachee; a scheme of states and neutral points (GROW) has none to show,
        and its section is named for the scheme."""
        scheme = self.review.scheme
        self.balance_title.setText(_("Balance") if shown or scheme is None else scheme.name.shown())
        self.moved_title.setText(_("How it moved") if shown else _("Figures"))
        for widget in (self.balance_view, self.trend, self.thirds_view):
            widget.setVisible(shown)
        self.share_button.setEnabled(shown)
        self.share_button.setToolTip(
            "" if shown else _("This scheme counts no contribution of the coach or the coachee.")
        )

    def _on_thresholds_check_toggled(self, on: bool) -> None:
        self.review.thresholds = on
        self.refresh()

    def _show_figures(self, text: ReviewText) -> None:
        while self.figures.count():
            item = self.figures.takeAt(0)
            if item is not None and (widget := item.widget()) is not None:
                widget.deleteLater()
        for stretched in range(self.figures.rowCount()):  # else an old last row stays stretched
            self.figures.setRowStretch(stretched, 0)
        row = 0
        self.figures.addWidget(QLabel(_("Per 10 active minutes")), row, 0, 1, 3)
        for label, rate in text.rates:
            row += 1
            self.figures.addWidget(QLabel(label), row, 0)
            rate_label = QLabel(rate)
            rate_label.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.figures.addWidget(rate_label, row, 1)
        for group in text.groups:
            row += 1
            self.figures.addWidget(QLabel(""), row, 0)
            row += 1
            self.figures.addWidget(QLabel(group.title), row, 0, 1, 3)
            if not group.rows:
                row += 1
                self.figures.addWidget(QLabel(group.empty), row, 0, 1, 3)
            for state in group.rows:
                row += 1
                self.figures.addWidget(QLabel(state.label), row, 0)
                self.figures.addWidget(QLabel(f"{state.entered}\u00d7"), row, 1)
                self.figures.addWidget(QLabel(format_active(state.worn_ms)), row, 2)
        self.figures.setRowStretch(row + 1, 1)
