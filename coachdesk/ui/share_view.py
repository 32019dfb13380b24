"""What the coach can show the coachee: the balance and the timeline, large, and nothing else.

No name, no notes, no other coachee: safe to turn the screen or share it in a video call.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from coachdesk.balance import balance_of
from coachdesk.i18n import _
from coachdesk.ui.charts import SideColours, balance_chart, chart_view, themed, timeline_chart
from coachdesk.ui.review_controller import ReviewController


class ShareView(QWidget):
    def __init__(self, review: ReviewController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("shareView")
        self.setWindowTitle(_("Our session"))
        kinds, tallies = review.kinds, review.tallies
        locale, palette = QLocale(), self.palette()
        self.sentence = QLabel(balance_of(kinds, tallies).sentence())
        self.sentence.setObjectName("shareSentence")
        self.sentence.setWordWrap(True)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignCenter)
        rows = [(_("this session"), balance_of(kinds, tallies))]
        balance = chart_view(
            themed(balance_chart(rows, SideColours.of(kinds), None), palette, locale)
        )
        balance.setMinimumHeight(160)
        record = review.record
        pauses = record.pauses if record is not None else ()
        self.timeline = timeline = chart_view(
            themed(timeline_chart(kinds, tallies, pauses, review.active_ms), palette, locale)
        )
        self.close_button = QPushButton(_("Close"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(self.sentence)
        layout.addWidget(balance, 2)
        layout.addWidget(timeline, 5)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.resize(1100, 720)
