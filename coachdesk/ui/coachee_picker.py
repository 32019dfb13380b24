"""Choosing the coachee: type a new name (or pseudonym, or code) or pick one from the list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QWidget,
)

from coachdesk.errors import InvalidInput
from coachdesk.i18n import _
from coachdesk.model import Coachee
from coachdesk.recorder import MAX_NAME_LENGTH, validate_coachee_name
from coachdesk.ui.column import centred_column


class CoacheePicker(QWidget):
    """Emits ``start_requested(name, planned_minutes or 0)`` for a valid name only."""

    start_requested = Signal(str, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("New session"))
        title.setObjectName("pageTitle")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("coacheeName")
        # Qt counts UTF-16 units, so emoji count twice: allow that; the domain counts characters.
        self.name_edit.setMaxLength(2 * MAX_NAME_LENGTH)
        self.name_edit.setPlaceholderText(_("Name, pseudonym or code"))
        self.name_edit.setClearButtonEnabled(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("inlineError")
        self.error_label.setVisible(False)
        self.list = QListWidget()
        self.list.setObjectName("coacheeList")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.planned = QSpinBox()
        self.planned.setObjectName("plannedMinutes")
        self.planned.setRange(0, 24 * 60)
        self.planned.setSingleStep(5)
        self.planned.setSpecialValueText(_("no planned duration"))
        self.planned.setSuffix(" " + _("min"))
        self.start_button = QPushButton(_("Start session"))
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)

        form = QFormLayout()
        form.addRow(_("Coachee"), self.name_edit)
        form.addRow("", self.error_label)
        form.addRow(_("Planned duration"), self.planned)
        layout = centred_column(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addSpacing(12)
        layout.addWidget(QLabel(_("Or pick a coachee:")))
        layout.addWidget(self.list, 1)

        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.name_edit.returnPressed.connect(self._on_start_button_clicked)
        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        self.list.itemClicked.connect(self._on_list_item_clicked)
        self.list.itemActivated.connect(self._on_list_item_activated)

    def set_coachees(self, coachees: list[Coachee]) -> None:
        self.list.clear()
        for coachee in coachees:
            item = QListWidgetItem(coachee.name.replace("\n", " "))
            item.setData(Qt.ItemDataRole.UserRole, coachee.name)
            item.setToolTip(coachee.name[:500])
            self.list.addItem(item)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self.name_edit.setFocus()

    def _on_start_button_clicked(self) -> None:
        try:
            name = validate_coachee_name(self.name_edit.text())
        except InvalidInput as e:
            self.show_error(str(e))
            return
        self.start_requested.emit(name, self.planned.value())

    def _on_name_edit_text_edited(self, _text: str) -> None:
        self.error_label.setVisible(False)

    def _on_list_item_clicked(self, item: QListWidgetItem) -> None:
        self.name_edit.setText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.error_label.setVisible(False)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self._on_list_item_clicked(item)
        self._on_start_button_clicked()
