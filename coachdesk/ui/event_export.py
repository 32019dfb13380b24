"""Coachees > Export all sessions…: every tally event of the practice in the form the coach
chooses (plain CSV, CSV for a spreadsheet, Excel workbook, JSON), to a file the coach names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.errors import CoachdeskError
from coachdesk.domain.event_files import DEFAULT_FORM, FORMS, with_suffix
from coachdesk.domain.i18n import _
from coachdesk.domain.ports import CoacheeData

_FILTERS = {
    ".csv": "CSV (*.csv)",
    ".xlsx": "Excel (*.xlsx)",
    ".json": "JSON (*.json)",
}


class ExportEventsDialog(QDialog):
    """Asks which form; accepted with :attr:`form` set to a key of ``FORMS``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportEventsDialog")
        self.setWindowTitle(_("Export all sessions"))
        explain = QLabel(
            _(
                "Every tally of every session, one row each: who, when, what, and the "
                "seconds into the session. Choose the form that suits who reads it."
            )
        )
        explain.setWordWrap(True)
        self.group = QButtonGroup(self)
        box = QGroupBox(_("Form"))
        box.setObjectName("exportForm")
        inner = QVBoxLayout(box)
        self.choices: dict[str, QRadioButton] = {}
        for form, (_suffix, label) in FORMS.items():
            button = QRadioButton(_(label))
            button.setObjectName(f"exportForm_{form}")
            self.group.addButton(button)
            inner.addWidget(button)
            self.choices[form] = button
        self.choices[DEFAULT_FORM].setChecked(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go_button = QPushButton(_("Choose where…"))
        self.go_button.setObjectName("exportEventsGo")
        self.buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())
        self.go_button.setDefault(True)  # once inside the dialog, or Cancel would take Enter
        self.choices[DEFAULT_FORM].setFocus()  # the keyboard starts on the chosen form
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @property
    def form(self) -> str:
        return next(form for form, button in self.choices.items() if button.isChecked())


class EventExport(QObject):
    """Runs the dialog, the save dialog and the export over a ``CoacheeData`` service."""

    #: A message for the coach: (text, is_error).
    message = Signal(str, bool)

    def __init__(self, service: CoacheeData, window: QWidget) -> None:
        super().__init__(window)
        self.service = service
        self.window = window
        self.dialog: ExportEventsDialog | None = None
        self.save_dir = Path.home()  # where the last export went, for the next one

    def choose(self) -> None:
        dialog = ExportEventsDialog(self.window)
        dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_accepted(self) -> None:
        assert self.dialog is not None
        self.export(self.dialog.form)

    def export(self, form: str) -> None:
        """Ask where (a name with today's date is suggested), then write."""
        suffix = FORMS[form][0]
        stem = _("coachdesk-sessions-{date}").format(date=date.today().isoformat())
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window,
            _("Export all sessions"),
            str(self.save_dir / (stem + suffix)),
            _FILTERS[suffix],
        )
        if not chosen:
            return
        target = with_suffix(Path(chosen), form)
        self.save_dir = target.parent
        try:
            self.service.export_events(form, target)
        except CoachdeskError as e:
            self.message.emit(str(e), True)
            return
        self.message.emit(_("Saved: {path}").format(path=target), False)
