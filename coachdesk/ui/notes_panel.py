"""The coach's session note, the coachee's agreed actions and the coach's reflection, saved as
typed: a crash loses nothing."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QWidget

from coachdesk.domain.agreed_actions import AgreedAction, counted
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
            if field == NOTE:
                self._add_actions(form)
        form.addRow(self.error_label)

    def _add_actions(self, form: QFormLayout) -> None:
        """The coachee's agreed actions, one a line, and how they came back."""
        prompt = _("Agreed actions: what the coachee sets out to do, in their words, one a line")
        self.actions_edit = QPlainTextEdit()
        self.actions_edit.setObjectName("agreedActions")
        self.actions_edit.setTabChangesFocus(True)
        self.actions_edit.setFixedHeight(PROMPT_HEIGHT)
        self.actions_edit.setAccessibleName(_("Agreed actions"))
        self.actions_edit.setAccessibleDescription(prompt)
        label = QLabel(prompt)
        label.setWordWrap(True)
        label.setBuddy(self.actions_edit)
        self.actions_came_back = QLabel()
        self.actions_came_back.setObjectName("hint")
        self.actions_came_back.setWordWrap(True)
        self.actions_came_back.setVisible(False)
        form.addRow(label)
        form.addRow(self.actions_edit)
        form.addRow(self.actions_came_back)
        self.actions_edit.textChanged.connect(self._on_actions_edit_text_changed)

    def load(self) -> None:
        """Show the stored notes of the controller's session."""
        actions = self.review.agreed_actions()
        text = "\n".join(a.text for a in actions)
        if self.actions_edit.toPlainText() != text:
            with QSignalBlocker(self.actions_edit):
                self.actions_edit.setPlainText(text)
        self._show_came_back(actions)
        stored = self.review.notes()
        for field, edit in self.edits.items():
            text = stored.get(field, "")
            if edit.toPlainText() != text:
                with QSignalBlocker(edit):
                    edit.setPlainText(text)
        self.error_label.setVisible(False)

    def _show_came_back(self, actions: list[AgreedAction]) -> None:
        done = counted(actions)
        if done is None or not done.marked:
            self.actions_came_back.setVisible(False)
            return
        self.actions_came_back.setText(
            _("At the next session: {outcome}").format(outcome=done.text())
        )
        self.actions_came_back.setVisible(True)

    def _on_actions_edit_text_changed(self) -> None:
        error = self.review.save_agreed_actions(self.actions_edit.toPlainText())
        self.error_label.setText(error or "")
        self.error_label.setVisible(error is not None)

    def _on_edit_text_changed(self, field: str) -> None:
        error = self.review.save_note(field, self.edits[field].toPlainText())
        self.error_label.setText(error or "")
        self.error_label.setVisible(error is not None)
