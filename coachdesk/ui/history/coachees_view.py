"""The coachee list: search, sessions, last session, latest balance; and beside it what the
coach can do with the coachee picked: rename, a short private note, archive or bring back,
open the trajectory, and whatever other features plug in (export, erase)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.errors import CoachdeskError
from coachdesk.domain.history import MAX_COACHEE_NOTE_LENGTH, CoacheeOverview
from coachdesk.domain.i18n import _
from coachdesk.domain.model import Coachee, CoacheeId
from coachdesk.domain.ports import HistoryStore
from coachdesk.domain.settings import HistoryChoice
from coachdesk.ui.history.coachee_list import CoacheeModel, CoacheeSearch
from coachdesk.ui.history.rows_model import RESIZE_PRECISION


class CoacheesView(QWidget):
    #: The coach asked for this :class:`Coachee`'s trajectory.
    trajectory_requested = Signal(object)
    #: A coachee was renamed, archived or brought back: other views may show it.
    coachees_changed = Signal()

    def __init__(self, store: HistoryStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._choice = HistoryChoice()
        self.model = CoacheeModel(self)
        self.proxy = CoacheeSearch(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("historySearch")
        self.search.setAccessibleName(_("Search by name"))
        self.search.setPlaceholderText(_("Search by name"))
        self.search.setClearButtonEnabled(True)
        self.table = QTableView()
        self.table.setObjectName("coacheeTable")
        self.table.setAccessibleName(_("Coachees"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(RESIZE_PRECISION)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)

        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("renameEdit")
        self.name_edit.setAccessibleName(_("New name"))
        self.rename_button = QPushButton(_("Rename"))
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("coacheeNote")
        self.note_edit.setPlaceholderText(_("A short private note, for you only"))
        self.note_edit.setTabChangesFocus(True)
        self.save_note_button = QPushButton(_("Save note"))
        self.archive_button = QPushButton(_("Archive"))
        self.open_button = QPushButton(_("Open trajectory"))
        self.open_button.setDefault(True)
        self.message = QLabel()
        self.message.setObjectName("coacheeMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.extra_buttons = QVBoxLayout()
        self.actions_: list[QAction] = []
        self.menu: QMenu | None = None  # the context menu, while it is open

        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.table, 1)
        left.addWidget(self.empty)
        rename_row = QHBoxLayout()
        rename_row.addWidget(self.name_edit, 1)
        rename_row.addWidget(self.rename_button)
        self.details = QWidget()
        form = QFormLayout()
        form.addRow(_("Name"), rename_row)
        form.addRow(_("Note"), self.note_edit)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(form)
        note_row = QHBoxLayout()
        note_row.addStretch(1)
        note_row.addWidget(self.save_note_button)
        details.addLayout(note_row)
        details.addWidget(self.open_button)
        details.addWidget(self.archive_button)
        details.addLayout(self.extra_buttons)
        side = QWidget()
        side.setFixedWidth(320)
        right = QVBoxLayout(side)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.details)
        right.addWidget(self.message)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(side)

        self.search.textChanged.connect(self.proxy.set_query)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(self._on_open_button_clicked)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        self.name_edit.returnPressed.connect(self._on_rename_button_clicked)
        self.rename_button.clicked.connect(self._on_rename_button_clicked)
        self.save_note_button.clicked.connect(self._on_save_note_button_clicked)
        self.archive_button.clicked.connect(self._on_archive_button_clicked)
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self._show_selected()

    # -- loading ------------------------------------------------------------------------

    def load(self, choice: HistoryChoice) -> None:
        """Read the list again, for this choice of dates, coachees and archived ones."""
        self._choice = choice
        self._reload()

    def _reload(self, keep: CoacheeId | None = None) -> None:
        selected = self.selected()
        keep = keep if keep is not None else (selected.coachee.id if selected else None)
        rows = self._store.coachee_overviews(self._choice.include_archived, self._choice.filter)
        if self._choice.coachees:
            wanted = set(self._choice.coachees)
            rows = [r for r in rows if r.coachee.id in wanted]
        self.model.set_rows(rows)
        self._select(keep)
        self._show_count()

    def _select(self, coachee_id: CoacheeId | None) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.row_at(source.row()).coachee.id == coachee_id:
                self.table.selectRow(row)
                return
        self.table.clearSelection()
        self._show_selected()

    def select_coachee(self, coachee_id: CoacheeId) -> None:
        self._select(coachee_id)

    def set_discreet(self, discreet: bool) -> None:
        """During a session: no names until the coach searches for one (see CoacheeSearch)."""
        if discreet:
            self.search.clear()
            self.table.clearSelection()
        self.proxy.set_discreet(discreet)
        self._show_count()

    def _show_count(self) -> None:
        if self.proxy.discreet and not self.search.text().strip():
            self.empty.setText(_("A session is running: names show only as you search for one."))
        elif self.model.rowCount() == 0:
            self.empty.setText(_("No coachees yet: they appear here after their first session."))
        elif self.proxy.rowCount() == 0:
            self.empty.setText(_("No coachee matches this search."))
        else:
            self.empty.setText("")
        self.empty.setVisible(bool(self.empty.text()))

    def selected(self) -> CoacheeOverview | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        overview: CoacheeOverview = self.model.row_at(self.proxy.mapToSource(rows[0]).row())
        return overview

    def _show_selected(self) -> None:
        overview = self.selected()
        self.details.setEnabled(overview is not None)
        for action in self.actions_:
            action.setEnabled(overview is not None)
        self.name_edit.setText(overview.coachee.name if overview else "")
        self.note_edit.setPlainText(overview.note if overview else "")
        archived = overview is not None and overview.archived
        self.archive_button.setText(_("Bring back from the archive") if archived else _("Archive"))

    # -- plug-ins -------------------------------------------------------------------------

    def add_coachee_action(self, text: str, run: Callable[[Coachee], None]) -> QAction:
        """A button and a context-menu entry that run ``run`` on the coachee picked."""
        action = QAction(text, self)
        action.setEnabled(self.selected() is not None)
        action.triggered.connect(lambda _checked=False: self._run_on_selected(run))
        button = QPushButton(text)
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        button.setEnabled(action.isEnabled())
        self.extra_buttons.addWidget(button)
        self.actions_.append(action)
        return action

    def _run_on_selected(self, run: Callable[[Coachee], None]) -> None:
        overview = self.selected()
        if overview is not None:
            run(overview.coachee)

    # -- slots ----------------------------------------------------------------------------

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setObjectName("inlineError" if error else "coacheeMessage")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)

    def _on_search_text_changed(self, _text: str) -> None:
        self._show_count()
        if self.selected() is None and self.proxy.rowCount() == 1:
            self.table.selectRow(0)

    def _on_search_return_pressed(self) -> None:
        if self.proxy.rowCount():
            if self.selected() is None:
                self.table.selectRow(0)
            self.table.setFocus()

    def _on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._say("")
        self._show_selected()

    def _on_table_context_menu_requested(self, at: QPoint) -> None:
        if self.selected() is None:
            return
        self.menu = QMenu(self)
        self.menu.addAction(self.open_button.text(), self._on_open_button_clicked)
        self.menu.addAction(self.archive_button.text(), self._on_archive_button_clicked)
        if self.actions_:
            self.menu.addSeparator()
            self.menu.addActions(self.actions_)
        self.menu.popup(self.table.viewport().mapToGlobal(at))

    def _on_open_button_clicked(self) -> None:
        overview = self.selected()
        if overview is not None:
            self.trajectory_requested.emit(overview.coachee)

    def _on_rename_button_clicked(self) -> None:
        overview = self.selected()
        if overview is None:
            return
        name = self.name_edit.text().strip()
        if name == overview.coachee.name:
            return
        try:
            self._store.rename_coachee(overview.coachee.id, name)
        except CoachdeskError as refusal:
            self._say(str(refusal), error=True)
            return
        self._reload(overview.coachee.id)
        self._say(_("Renamed to {name}.").format(name=name))
        self.coachees_changed.emit()

    def _on_save_note_button_clicked(self) -> None:
        overview = self.selected()
        if overview is None:
            return
        note = self.note_edit.toPlainText()
        if len(note) > MAX_COACHEE_NOTE_LENGTH:
            self._say(
                _(
                    "The note is {n} characters long; at most {limit} fit. Nothing was saved."
                ).format(n=len(note), limit=MAX_COACHEE_NOTE_LENGTH),
                error=True,
            )
            return
        try:
            self._store.set_coachee_note(overview.coachee.id, note)
        except CoachdeskError as refusal:
            self._say(str(refusal), error=True)
            return
        self._reload(overview.coachee.id)
        self.note_edit.setPlainText(note)
        self._say(_("Note saved."))

    def _on_archive_button_clicked(self) -> None:
        overview = self.selected()
        if overview is None:
            return
        archive = not overview.archived
        try:
            self._store.set_archived(overview.coachee.id, archive)
        except CoachdeskError as refusal:
            self._say(str(refusal), error=True)
            return
        self._reload(overview.coachee.id)
        name = overview.coachee.name
        if archive:
            self._say(
                _(
                    "{name} is archived: hidden from the list, nothing deleted. "
                    "Tick “Include archived” to see them again."
                ).format(name=name)
            )
        else:
            self._say(_("{name} is back in the list.").format(name=name))
        self.coachees_changed.emit()
