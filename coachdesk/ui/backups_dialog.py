"""Settings → Backups…: the rotation, the folder, a backup now, and restoring one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import _
from coachdesk.domain.model import BackupInfo
from coachdesk.domain.rotation import MAX_KEEP, Policy
from coachdesk.ui.backup_runner import BackupRunner
from coachdesk.ui.pages import local_time


class BackupsDialog(QDialog):
    #: The coach changed the rotation: a Policy.
    policy_chosen = Signal(object)
    #: The coach confirmed restoring this backup (its path).
    restore_confirmed = Signal(str)

    def __init__(self, runner: BackupRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle(_("Backups"))
        self._runner = runner
        self._backups: list[BackupInfo] = []
        self.confirm: QMessageBox | None = None
        self.daily, self.weekly, self.monthly = (self._spin(v) for v in _numbers(runner.policy))
        rotation = QFormLayout()
        rotation.addRow(_("Daily backups to keep:"), self.daily)
        rotation.addRow(_("Weekly backups to keep:"), self.weekly)
        rotation.addRow(_("Monthly backups to keep:"), self.monthly)
        self.daily.setMinimum(1)
        self.folder = QLabel(_("Folder: {path}").format(path=runner.service.folder))
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("backupStatus")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [_("Taken"), _("Coachees"), _("Sessions"), _("Tallies")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.back_up_button = QPushButton(_("Back up now"))
        self.back_up_button.setObjectName("backUpNow")
        self.restore_button = QPushButton(_("Restore this backup…"))
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.setEnabled(False)
        actions = QHBoxLayout()
        actions.addWidget(self.back_up_button)
        actions.addStretch(1)
        actions.addWidget(self.restore_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addLayout(rotation)
        layout.addWidget(self.folder)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(620, 460)

        close.rejected.connect(self.reject)
        for spin in (self.daily, self.weekly, self.monthly):
            spin.valueChanged.connect(self._on_spin_value_changed)
        self.back_up_button.clicked.connect(self._on_back_up_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        runner.made.connect(self._on_runner_made)
        runner.failed.connect(self._on_runner_failed)
        self.refresh()

    @staticmethod
    def _spin(value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, MAX_KEEP)
        spin.setValue(value)
        return spin

    def refresh(self) -> None:
        """Read the backup folder again."""
        self._backups = self._runner.service.backups()
        self.table.setRowCount(len(self._backups))
        for row, info in enumerate(self._backups):
            cells = [local_time(info.taken_at_ms), *map(str, _numbers_of(info))]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        if not self._backups:
            self.status.setText(_("No backups yet."))
        self._on_table_selection_changed()

    def chosen(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    # -- slots ----------------------------------------------------------------------------

    def _on_spin_value_changed(self, _value: int) -> None:
        self.policy_chosen.emit(
            Policy(self.daily.value(), self.weekly.value(), self.monthly.value())
        )

    def _on_back_up_button_clicked(self) -> None:
        self.back_up_button.setEnabled(False)
        self.status.setText(_("Backing up…"))
        self._runner.back_up_now()

    def _on_runner_made(self, info: BackupInfo) -> None:
        self.back_up_button.setEnabled(True)
        if self.isVisible():  # hidden, it reads the folder again when shown
            self.refresh()
        self.status.setText(_("Backed up and verified: {holds}.").format(holds=info.holds()))

    def _on_runner_failed(self, message: str) -> None:
        self.back_up_button.setEnabled(True)
        self.status.setText(message)

    def _on_table_selection_changed(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def _on_restore_button_clicked(self) -> None:
        info = self.chosen()
        if info is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Restore this backup?"),
            _(
                "Restore the backup of {date} ({holds})? Your current data is backed up "
                "first; what was recorded after {date} will not be in the restored data."
            ).format(date=local_time(info.taken_at_ms), holds=info.holds()),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        restore = box.addButton(_("Restore"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        restore.clicked.connect(lambda: self._on_confirmed(info))
        self.confirm = box
        box.open()

    def _on_confirmed(self, info: BackupInfo) -> None:
        self.accept()
        self.restore_confirmed.emit(info.path)


def _numbers(policy: Policy) -> tuple[int, int, int]:
    return (policy.daily, policy.weekly, policy.monthly)


def _numbers_of(info: BackupInfo) -> tuple[int, int, int]:
    return (info.coachees, info.sessions, info.tallies)
