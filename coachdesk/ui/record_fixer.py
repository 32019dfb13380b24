"""Fixing the record after a session: change a tally's kind or hat, delete one, or add a
forgotten one at a chosen time, to the second; give a marked moment its note (or another),
or take a mark away. Every change goes through the controller, is committed at once and can
be undone. The table shows every tally at its full height: the page is the one scroll."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import _
from coachdesk.domain.model import (
    MARKER_NOTE_LENGTH,
    Hat,
    MarkerId,
    TallyId,
    TallyKind,
    TallyKindId,
)
from coachdesk.domain.timer import format_active
from coachdesk.ui.review_controller import ReviewController


def _listing(name: str, accessible: str, headers: list[str]) -> QTableWidget:
    """A read-only table of whole rows, as tall and wide as what it holds."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)  # every column as wide as what it holds
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setVisible(False)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    return table


def _fit_rows(table: QTableWidget) -> None:
    """As tall as its rows: no scroll inside the page's own scroll."""
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    table.setFixedHeight(table.horizontalHeader().height() + rows + 2 * table.frameWidth())
    table.setMaximumWidth(table.horizontalHeader().length() + 2 * table.frameWidth())


def _selected_id(table: QTableWidget) -> int | None:
    items = table.selectedItems()
    return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None


class RecordFixer(QWidget):
    def __init__(self, review: ReviewController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review = review
        self.table = _listing(
            "recordTable", _("The session's tallies"), [_("Time"), _("Tally"), _("Hat")]
        )
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("fixKind")
        self.hat_box = QComboBox()  # the chosen kind's detail choices: the hats, or its own
        self.hat_box.setObjectName("fixHat")
        self.hat_box.setAccessibleName(_("Hat or detail of the tally"))
        self._choices_of: TallyKindId | None = None
        self.at = QTimeEdit()  # active time, minutes and seconds
        self.at.setObjectName("fixAt")
        self.at.setAccessibleName(_("Active time of the tally to add"))
        self.at.setDisplayFormat("mm:ss")
        self.apply_button = QPushButton(_("Change selected"))
        self.add_button = QPushButton(_("Add at this time"))
        self.delete_button = QPushButton(_("Delete selected"))
        self.marks_label = QLabel(_("Marked moments"))
        self.marks = _listing(
            "markTable", _("The session's marked moments"), [_("Time"), _("Note")]
        )
        self.marks_label.setBuddy(self.marks)
        self.mark_note = QLineEdit()
        self.mark_note.setObjectName("fixMarkNote")
        self.mark_note.setMaxLength(MARKER_NOTE_LENGTH)
        self.mark_note.setPlaceholderText(_("A few words (optional)"))
        self.mark_note.setAccessibleName(_("Note for the selected mark"))
        self.save_note_button = QPushButton(_("Save note"))
        self.remove_mark_button = QPushButton(_("Remove mark"))
        self.undo_button = QPushButton(_("Undo"))
        self.redo_button = QPushButton(_("Redo"))
        controls = QHBoxLayout()  # what to set, then (below) what to do with it
        for widget in (self.kind_box, self.hat_box, self.at):
            controls.addWidget(widget)
        controls.addStretch(1)
        actions = QHBoxLayout()
        for button in (self.apply_button, self.add_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        mark_row = QHBoxLayout()
        self.mark_note.setMinimumWidth(self.mark_note.fontMetrics().averageCharWidth() * 40)
        mark_row.addWidget(self.mark_note)
        mark_row.addWidget(self.save_note_button)
        mark_row.addWidget(self.remove_mark_button)
        mark_row.addStretch(1)
        self._mark_parts: tuple[QWidget, ...] = (
            self.marks_label,
            self.marks,
            self.mark_note,
            self.save_note_button,
            self.remove_mark_button,
        )
        history = QHBoxLayout()
        history.addStretch(1)
        history.addWidget(self.undo_button)
        history.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(controls)
        layout.addLayout(actions)
        layout.addWidget(self.marks_label)
        layout.addWidget(self.marks)
        layout.addLayout(mark_row)
        layout.addLayout(history)

        self.kind_box.currentIndexChanged.connect(self._on_kind_box_current_index_changed)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
        self.apply_button.clicked.connect(self._on_apply_button_clicked)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.marks.itemSelectionChanged.connect(self._on_marks_item_selection_changed)
        self.mark_note.returnPressed.connect(self._on_save_note_button_clicked)
        self.save_note_button.clicked.connect(self._on_save_note_button_clicked)
        self.remove_mark_button.clicked.connect(self._on_remove_mark_button_clicked)
        self.undo_button.clicked.connect(review.undo)
        self.redo_button.clicked.connect(review.redo)

    def refresh(self) -> None:
        """List the session's tallies as they now stand."""
        review = self.review
        offered = [(kind.shown(), kind.id) for kind in review.kinds]
        if [
            (self.kind_box.itemText(i), self.kind_box.itemData(i))
            for i in range(self.kind_box.count())
        ] != offered:
            self.kind_box.clear()
            for label, kind_id in offered:
                self.kind_box.addItem(label, kind_id)
        self.at.setDisplayFormat("H:mm:ss" if review.active_ms >= 3_600_000 else "mm:ss")
        self.at.setTimeRange(QTime(0, 0), QTime(0, 0).addMSecs(min(review.active_ms, 86_399_000)))
        kind_of = {k.id: k for k in review.kinds}
        selected = self.selected()
        self.table.setRowCount(0)
        for row, tally in enumerate(review.tallies):
            self.table.insertRow(row)
            shown_kind = kind_of.get(tally.kind_id)
            cells = (
                format_active(tally.offset_ms),
                shown_kind.shown() if shown_kind else "?",
                shown_kind.choice_shown(tally.detail) if shown_kind and tally.detail else "",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, tally.id)
                self.table.setItem(row, column, item)
            if tally.id == selected:
                self.table.selectRow(row)
        _fit_rows(self.table)
        self._list_marks()
        self._update_buttons()

    def _list_marks(self) -> None:
        """The session's marked moments, with their notes; the part goes when there are none."""
        markers = self.review.record.markers if self.review.record is not None else ()
        selected = self.selected_mark()
        self.marks.setRowCount(0)
        for row, marker in enumerate(markers):
            self.marks.insertRow(row)
            for column, text in enumerate((format_active(marker.offset_ms), marker.note)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, marker.id)
                self.marks.setItem(row, column, item)
            if marker.id == selected:
                self.marks.selectRow(row)
        if self.selected_mark() is None:
            self.mark_note.clear()
        _fit_rows(self.marks)
        for part in self._mark_parts:
            part.setVisible(bool(markers))

    def at_ms(self) -> int:
        """The active time chosen for an added tally, in milliseconds."""
        return QTime(0, 0).msecsTo(self.at.time())

    def selected(self) -> TallyId | None:
        chosen = _selected_id(self.table)
        return None if chosen is None else TallyId(chosen)

    def selected_mark(self) -> MarkerId | None:
        chosen = _selected_id(self.marks)
        return None if chosen is None else MarkerId(chosen)

    def _choice(self) -> tuple[TallyKindId, str | None]:
        kind_id = TallyKindId(int(self.kind_box.currentData()))
        kind = next(k for k in self.review.kinds if k.id == kind_id)
        return kind_id, (str(self.hat_box.currentData()) if kind.asks_detail else None)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.apply_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        marked = self.selected_mark() is not None
        for widget in (self.mark_note, self.save_note_button, self.remove_mark_button):
            widget.setEnabled(marked)
        self.undo_button.setEnabled(self.review.can_undo())
        self.redo_button.setEnabled(self.review.can_redo())
        kind_id = self.kind_box.currentData()
        kind = next((k for k in self.review.kinds if k.id == kind_id), None)
        self._offer_choices(kind)
        self.hat_box.setEnabled(kind is not None and kind.asks_detail)

    def _offer_choices(self, kind: TallyKind | None) -> None:
        """The detail box lists the chosen kind's choices (the hats for the hat kind)."""
        if kind is None or not kind.asks_detail or kind.id == self._choices_of:
            return
        self._choices_of = kind.id
        self.hat_box.clear()
        if kind.choices:
            for choice in kind.choices:
                self.hat_box.addItem(choice.label.shown(), choice.key)
        else:
            for hat in Hat:
                self.hat_box.addItem(_(hat.label), hat.value)

    # -- slots ----------------------------------------------------------------------------

    def _on_kind_box_current_index_changed(self, _index: int) -> None:
        self._update_buttons()

    def _on_table_item_selection_changed(self) -> None:
        tally_id = self.selected()
        tally = next((t for t in self.review.tallies if t.id == tally_id), None)
        if tally is not None:
            self.kind_box.setCurrentIndex(self.kind_box.findData(tally.kind_id))
            if tally.detail:
                self.hat_box.setCurrentIndex(self.hat_box.findData(tally.detail))
            self.at.setTime(QTime(0, 0).addMSecs(tally.offset_ms // 1000 * 1000))
        self._update_buttons()

    def _on_apply_button_clicked(self) -> None:
        tally_id = self.selected()
        if tally_id is not None:
            self.review.change(tally_id, *self._choice())

    def _on_add_button_clicked(self) -> None:
        kind_id, detail = self._choice()
        self.review.add(kind_id, self.at_ms(), detail)

    def _on_delete_button_clicked(self) -> None:
        tally_id = self.selected()
        if tally_id is not None:
            self.review.delete(tally_id)

    def _on_marks_item_selection_changed(self) -> None:
        marker_id = self.selected_mark()
        record = self.review.record
        marker = next((m for m in record.markers if m.id == marker_id), None) if record else None
        self.mark_note.setText(marker.note if marker is not None else "")
        self._update_buttons()

    def _on_save_note_button_clicked(self) -> None:
        marker_id = self.selected_mark()
        if marker_id is not None:
            self.review.note_marker(marker_id, self.mark_note.text())

    def _on_remove_mark_button_clicked(self) -> None:
        marker_id = self.selected_mark()
        if marker_id is not None:
            self.review.remove_marker(marker_id)
