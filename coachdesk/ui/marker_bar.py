"""The small field under the tally buttons that takes a marked moment's note.

The moment is stored before the field opens (see ``LiveSession.mark``); the field only adds
a few words. Enter saves them, Esc keeps the mark without a note; either way the keyboard
goes back where it was, so the next key tallies again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from coachdesk.domain.i18n import _
from coachdesk.domain.model import MARKER_NOTE_LENGTH, Marker
from coachdesk.domain.timer import format_active


class MarkerBar(QFrame):
    """Asks for the note of the moment just marked. ``noted(marker, text)`` on Enter."""

    noted = Signal(object, str)  # a Marker, its note
    removed = Signal(object)  # a Marker taken back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("markerBar")
        self.marker: Marker | None = None
        self._back_to: QWidget | None = None
        self.label = QLabel()
        self.label.setObjectName("markerLabel")
        self.note = QLineEdit()
        self.note.setObjectName("markerNote")
        self.note.setMaxLength(MARKER_NOTE_LENGTH)
        self.note.setPlaceholderText(_("A few words (optional)"))
        self.note.setAccessibleName(_("Note for the moment marked"))
        self.note.setToolTip(_("Enter saves the note; Esc keeps the mark without one."))
        self.label.setBuddy(self.note)
        self.remove_button = QPushButton(_("Remove mark"))
        self.remove_button.setObjectName("removeMarkButton")
        self.remove_button.setToolTip(_("A mark made by mistake: take it back."))
        self.remove_button.setAutoDefault(True)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.note.returnPressed.connect(self._on_note_return_pressed)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.close_field)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.note, 1)
        row.addWidget(self.remove_button)
        self.setVisible(False)

    def ask(self, marker: Marker) -> None:
        """Open for ``marker``; a note typed for an earlier one and not saved is saved now."""
        if self.marker is not None and self.isVisible() and self.note.text().strip():
            self.noted.emit(self.marker, self.note.text())
        self.marker = marker
        self.label.setText(_("Moment marked at {at}.").format(at=format_active(marker.offset_ms)))
        self.note.clear()
        focused = QApplication.focusWidget()
        if focused is not self.note:
            self._back_to = focused
        self.setVisible(True)
        self.note.setFocus()

    def close_field(self) -> None:
        """Close, keeping the mark as it is; the keyboard goes back where it was."""
        self.marker = None
        self.setVisible(False)
        back = self._back_to
        self._back_to = None
        if back is not None and back.isVisible() and back.isEnabled():
            back.setFocus()
        else:
            self.window().setFocus()

    def finish(self) -> None:
        """The session ends: a note typed and not saved yet is saved, and the field goes."""
        if self.marker is not None and self.isVisible() and self.note.text().strip():
            self.noted.emit(self.marker, self.note.text())
        self.marker = None
        self._back_to = None
        self.setVisible(False)

    def _on_remove_button_clicked(self) -> None:
        marker = self.marker
        if marker is not None:
            self.removed.emit(marker)
        self.close_field()

    def _on_note_return_pressed(self) -> None:
        marker = self.marker
        if marker is not None and self.note.text().strip():
            self.noted.emit(marker, self.note.text())
        self.close_field()
