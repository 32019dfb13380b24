"""Practice overview…: for a supervisor, the practice's figures per coach and month, as the
server's overview function gives them (never a coachee's name, a note or a single tally)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import N_, _
from coachdesk.domain.practice import OverviewRow
from coachdesk.ui.practice_runner import PracticeRunner

#: The columns: a field of OverviewRow and its heading.
COLUMNS = (
    ("coach", N_("Coach")),
    ("month", N_("Month")),
    ("sessions", N_("Sessions")),
    ("minutes", N_("Minutes")),
    ("coach_tallies", N_("Coach's side")),
    ("coachee_tallies", N_("Coachee's side")),
    ("hats", N_("Hats")),
)
#: Shown when a coach used the Four legs scheme in the months shown: its sessions, and how
#: often each leg of the chair was offered in them.
LEG_COLUMNS = (
    ("legs_sessions", N_("Four legs sessions")),
    ("socio_emotional", N_("Socio-emotional")),
    ("network", N_("Network")),
    ("autonomy", N_("Autonomy")),
    ("career", N_("Career")),
)

Index = QModelIndex | QPersistentModelIndex


class OverviewModel(QAbstractTableModel):
    """A thin table over a list of OverviewRow."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[OverviewRow] = []
        self.columns: tuple[tuple[str, str], ...] = COLUMNS

    def set_rows(self, rows: list[OverviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        legs = any(r.legs_sessions for r in rows)
        self.columns = COLUMNS + LEG_COLUMNS if legs else COLUMNS
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        value = getattr(self.rows[index.row()], self.columns[index.column()][0])
        if role == Qt.ItemDataRole.DisplayRole:
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return _(self.columns[section][1])


class PracticeOverview(QDialog):
    def __init__(self, runner: PracticeRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceOverview")
        self.setWindowTitle(_("Practice overview"))
        self._runner = runner
        intro = QLabel(
            _(
                "For a supervisor: per coach and month, the ended sessions that count, their "
                "minutes, the tallies on each side and the hats (and, for the Four legs "
                "scheme, how often each leg of the chair was offered). No coachee, note or "
                "single tally is ever shown: the server gives only these figures. Log in with "
                "your supervisor's login."
            )
        )
        intro.setWordWrap(True)
        self.url_edit = QLineEdit(runner.url or "")
        self.url_edit.setObjectName("overviewUrl")
        self.url_edit.setPlaceholderText("postgresql://name@server/practice?sslmode=verify-full")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("overviewPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("&Server:"), self.url_edit)
        form.addRow(_("&Password:"), self.password_edit)
        self.show_button = QPushButton(_("&Show the figures"))
        self.show_button.setObjectName("overviewShow")
        self.show_button.setDefault(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.show_button)
        self.model = OverviewModel()
        self.table = QTableView()
        self.table.setObjectName("overviewTable")
        self.table.setAccessibleName(_("Figures per coach and month"))
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.status = QLabel()
        self.status.setObjectName("overviewStatus")
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(1000, 480)  # room for the legs of the chair beside the other figures

        close.rejected.connect(self.reject)
        self.show_button.clicked.connect(self._on_show_button_clicked)
        runner.overview_ready.connect(self._on_runner_overview_ready)
        runner.overview_failed.connect(self._on_runner_overview_failed)

    # -- slots ----------------------------------------------------------------------------

    def _on_show_button_clicked(self) -> None:
        url = self.url_edit.text().strip()
        if not url:
            self.status.setText(_("Type the server's address first."))
            self.url_edit.setFocus()
            return
        self.show_button.setEnabled(False)
        self.status.setText(_("Asking the server…"))
        self._runner.fetch_overview(url, self.password_edit.text() or None)

    def _on_runner_overview_ready(self, rows: list[OverviewRow]) -> None:
        self.show_button.setEnabled(True)
        self.model.set_rows(rows)
        coaches = len({r.coach for r in rows})
        self.status.setText(
            _("Coaches: {coaches}. Months: {months}.").format(
                coaches=coaches, months=len({r.month for r in rows})
            )
            if rows
            else _("No ended sessions on the server yet.")
        )

    def _on_runner_overview_failed(self, message: str) -> None:
        self.show_button.setEnabled(True)
        self.status.setText(message)
