"""The coach's session note and reflection, saved as typed: a crash loses nothing."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QWidget

from coachdesk.domain.i18n import _
from coachdesk.domain.review import NOTE, REFLECTION_PROMPTS
from coachdesk.ui.review_controller import ReviewController

NOTE_HEIGHT = 90
PROMPT_HEIGHT = 60


class NotesPanel(QWidget):
    """One text box per field; each keystroke is stored before the next one arrives."""

    def __init__(self, review: ReviewController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.edits: dict[str, QPlainTextEdit] = {}
        self.error_label = QLabel()
        self.error_label.setObjectName("inlineError")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(False)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        prompts = {NOTE: _("Session note"), **{k: _(v) for k, v in REFLECTION_PROMPTS.items()}}
        for field, prompt in prompts.items():
            edit = QPlainTextEdit()
            edit.setObjectName(f"note_{field}")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(NOTE_HEIGHT if field == NOTE else PROMPT_HEIGHT)
            label = QLabel(prompt)
            label.setWordWrap(True)
            label.setBuddy(edit)  # a screen reader names the field by its prompt
            edit.setAccessibleName(prompt)
            form.addRow(label)
            form.addRow(edit)
            edit.textChanged.connect(lambda f=field: self._on_edit_text_changed(f))
            self.edits[field] = edit
        form.addRow(self.error_label)

    def load(self) -> None:
        """Show the stored notes of the controller's session."""
        stored = self.review.notes()
        for field, edit in self.edits.items():
            text = stored.get(field, "")
            if edit.toPlainText() != text:
                with QSignalBlocker(edit):
                    edit.setPlainText(text)
        self.error_label.setVisible(False)

    def _on_edit_text_changed(self, field: str) -> None:
        error = self.review.save_note(field, self.edits[field].toPlainText())
        self.error_label.setText(error or "")
        self.error_label.setVisible(error is not None)
