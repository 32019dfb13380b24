"""What the coach can show the coachee: the balance and the timeline, full-screen on the
screen the coach picks, in large type and plain words, and nothing else.

No name, no notes, no other coachee: safe to turn the screen or share it in a video call.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QKeySequence, QScreen, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from coachdesk.domain.balance import balance_of, plain_sentence
from coachdesk.domain.i18n import _
from coachdesk.ui.charts import (
    SideColours,
    balance_chart,
    chart_view,
    enlarged,
    themed,
    timeline_chart,
)
from coachdesk.ui.focus_return import RETURNS_FOCUS
from coachdesk.ui.review_controller import ReviewController

#: Type on the coachee's screen, in points: readable from across a table or on a shared call.
CHART_TYPE_POINTS = 12.0
SENTENCE_TYPE_POINTS = 24.0
#: Below these heights QtCharts cuts axis labels to "..." at that type; a small screen scrolls.
BALANCE_HEIGHT = 240
TIMELINE_HEIGHT = 460


class ShareView(QWidget):
    """A window of the main window's (it closes with the app), full-screen once shown."""

    def __init__(
        self,
        review: ReviewController,
        parent: QWidget | None = None,
        screen: QScreen | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("shareView")
        self.setProperty(RETURNS_FOCUS, True)  # closed, it gives the focus back as a dialog does
        self.setWindowTitle(_("Our session"))
        kinds, tallies = review.kinds, review.tallies
        locale, palette = QLocale(), self.palette()
        self.sentence = QLabel(plain_sentence(balance_of(kinds, tallies)))
        self.sentence.setObjectName("shareSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.sentence.font()
        font.setPointSizeF(SENTENCE_TYPE_POINTS)
        self.sentence.setFont(font)
        self.sentence.setStyleSheet(f"font-size: {SENTENCE_TYPE_POINTS:.0f}pt")
        rows = [(_("this session"), balance_of(kinds, tallies))]
        self.balance = chart_view(
            enlarged(
                themed(
                    balance_chart(rows, SideColours.of(kinds), None, plain=True), palette, locale
                ),
                CHART_TYPE_POINTS,
            )
        )
        self.balance.setMinimumHeight(BALANCE_HEIGHT)
        self.balance.setAccessibleName(_("Balance chart"))
        record = review.record
        pauses = record.pauses if record is not None else ()
        self.timeline = chart_view(
            enlarged(
                themed(
                    timeline_chart(kinds, tallies, pauses, review.active_ms, plain=True),
                    palette,
                    locale,
                ),
                CHART_TYPE_POINTS,
            )
        )
        self.timeline.setAccessibleName(_("Timeline chart"))
        self.timeline.setMinimumHeight(TIMELINE_HEIGHT)
        self.close_button = QPushButton(_("Close"))
        body = QWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(48, 16, 48, 16)
        layout.addWidget(self.sentence)
        layout.addWidget(self.balance, 2)
        layout.addWidget(self.timeline, 5)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())

    def show_full_screen(self) -> None:
        """Fill the chosen screen."""
        self.showFullScreen()
