"""Settings > Practice server…: the server this computer syncs with, its password (kept in
this computer's keyring only if the coach asks), the last sync, what goes up (everything, or
everything but notes), Sync now, connecting or disconnecting, and the differences to settle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.practice import SyncOutcome
from coachdesk.ui.pages import local_time
from coachdesk.ui.practice_runner import PracticeRunner


def describe(outcome: SyncOutcome | None) -> str:
    """The last round in words, for the dialog and the status bar."""
    if outcome is None:
        return _("Never synced from this computer.")
    text = _("{time}: {sent} sent, {received} received.").format(
        time=local_time(outcome.at_ms),
        sent=ngettext("{n} session", "{n} sessions", outcome.sent_sessions).format(
            n=outcome.sent_sessions
        ),
        received=ngettext("{n} session", "{n} sessions", outcome.received_sessions).format(
            n=outcome.received_sessions
        ),
    )
    if outcome.erased_here:
        text += " " + ngettext(
            "{n} erasure from your other computers applied here.",
            "{n} erasures from your other computers applied here.",
            outcome.erased_here,
        ).format(n=outcome.erased_here)
    return text


class PracticeDialog(QDialog):
    def __init__(self, runner: PracticeRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceDialog")
        self.setWindowTitle(_("Practice server"))
        self._runner = runner
        self._settling = False
        intro = QLabel(
            _(
                "A copy of your records on your practice's own server, for your other "
                "computers and as a safe copy. Sessions are recorded here first; they go up "
                "when they end, every 15 minutes while coachdesk runs, and when you press "
                "Sync now. Other coaches of the practice cannot read your records there."
            )
        )
        intro.setWordWrap(True)
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("practiceUrl")
        self.url_edit.setPlaceholderText("postgresql://name@server/practice?sslmode=verify-full")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("practicePassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setToolTip(
            _(
                "Kept only while coachdesk runs, unless you let this computer's keyring "
                "remember it; never written to a file."
            )
        )
        self.keyring_check = QCheckBox(_("&Remember the password in this computer's keyring"))
        self.keyring_check.setObjectName("practiceKeyring")
        self.keyring_check.setToolTip(
            _(
                "Off: coachdesk asks for the password each time it starts. Turning it off "
                "deletes the password from the keyring."
            )
        )
        self.keyring_check.setChecked(runner.keep_password)
        self.last_label = QLabel()
        self.last_label.setObjectName("practiceLastSync")
        self.last_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("&Server:"), self.url_edit)
        form.addRow(_("&Password:"), self.password_edit)
        form.addRow("", self.keyring_check)
        form.addRow(_("Last sync:"), self.last_label)
        self.everything = QRadioButton(_("&Everything, notes included"))
        self.everything.setObjectName("practiceEverything")
        self.no_notes = QRadioButton(_("Everything but &notes (notes stay on this computer)"))
        self.no_notes.setObjectName("practiceNoNotes")
        (self.everything if runner.notes else self.no_notes).setChecked(True)
        choice = QGroupBox(_("What goes up"))
        box = QVBoxLayout(choice)
        box.addWidget(self.everything)
        box.addWidget(self.no_notes)
        self.connect_button = QPushButton()
        self.connect_button.setObjectName("practiceConnect")
        self.sync_button = QPushButton(_("S&ync now"))
        self.sync_button.setObjectName("practiceSyncNow")
        self.overview_button = QPushButton(_("Practice &overview…"))
        self.overview_button.setObjectName("practiceOverviewButton")
        self.overview_button.setToolTip(_("Figures per coach and month, for a supervisor."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.connect_button)
        buttons.addWidget(self.sync_button)
        buttons.addStretch(1)
        buttons.addWidget(self.overview_button)
        self.differences = QListWidget()
        self.differences.setObjectName("practiceDifferences")
        self.differences.setAccessibleName(_("Differences to settle"))
        # A coachee's two versions make a long line: wrapped, never scrolled sideways.
        self.differences.setWordWrap(True)
        self.differences.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.differences.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.keep_here_button = QPushButton(_("&Keep this computer's"))
        self.keep_here_button.setObjectName("practiceKeepHere")
        self.keep_here_button.setToolTip(_("This computer's copy replaces the server's."))
        self.take_server_button = QPushButton(_("&Take the server's"))
        self.take_server_button.setObjectName("practiceTakeServer")
        self.take_server_button.setToolTip(_("The server's copy replaces this computer's."))
        self.to_settle = QGroupBox(
            _("Coachees and sessions that differ from the server (both kept until you choose)")
        )
        self.to_settle.setObjectName("practiceToSettle")
        settle_box = QVBoxLayout(self.to_settle)
        settle_box.addWidget(self.differences)
        settle_buttons = QHBoxLayout()
        settle_buttons.addWidget(self.keep_here_button)
        settle_buttons.addWidget(self.take_server_button)
        settle_buttons.addStretch(1)
        settle_box.addLayout(settle_buttons)
        self.status = QLabel()
        self.status.setObjectName("practiceStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(choice)
        layout.addLayout(buttons)
        layout.addWidget(self.to_settle, 2)
        layout.addWidget(self.status, 1)
        layout.addWidget(close)
        self.resize(620, 480)

        close.rejected.connect(self.reject)
        self.everything.toggled.connect(self._on_everything_toggled)
        self.connect_button.clicked.connect(self._on_connect_button_clicked)
        self.sync_button.clicked.connect(self._on_sync_button_clicked)
        self.password_edit.textEdited.connect(self._on_password_edit_text_edited)
        self.keyring_check.toggled.connect(self._on_keyring_check_toggled)
        runner.keyring_changed.connect(self._on_runner_keyring_changed)
        runner.keyring_done.connect(self._on_runner_keyring_done)
        runner.keyring_failed.connect(self._on_runner_keyring_failed)
        runner.connected.connect(self._on_runner_connected)
        runner.connect_failed.connect(self._on_runner_connect_failed)
        runner.synced.connect(self._on_runner_synced)
        runner.failed.connect(self._on_runner_failed)
        runner.busy_changed.connect(self._on_runner_busy_changed)
        runner.settled.connect(self._on_runner_settled)
        runner.settle_failed.connect(self._on_runner_settle_failed)
        runner.listed.connect(self.refresh)
        self.keep_here_button.clicked.connect(self._on_keep_here_button_clicked)
        self.take_server_button.clicked.connect(self._on_take_server_button_clicked)
        self.differences.currentRowChanged.connect(self._on_differences_current_row_changed)
        self.refresh()

    def refresh(self) -> None:
        """Show what the runner holds now."""
        connected = self._runner.url is not None
        if connected:
            self.url_edit.setText(self._runner.url or "")
        self.url_edit.setReadOnly(connected)
        self.password_edit.setPlaceholderText(
            _("kept in this computer's keyring") if self._runner.kept_in_keyring else ""
        )
        self.connect_button.setText(_("&Disconnect") if connected else _("&Connect"))
        self.connect_button.setEnabled(True)
        self.sync_button.setEnabled(connected and not self._runner.busy)
        self.last_label.setText(describe(self._runner.last))
        to_settle = self._runner.last.to_settle if self._runner.last else ()
        shown = [self.differences.item(i).data(Qt.ItemDataRole.UserRole)
                 for i in range(self.differences.count())]  # fmt: skip
        if shown != [d.uid for d in to_settle]:
            row = self.differences.currentRow()
            self.differences.clear()
            for d in to_settle:
                item = QListWidgetItem(d.describe())
                item.setData(Qt.ItemDataRole.UserRole, d.uid)
                self.differences.addItem(item)
            if to_settle:
                self.differences.setCurrentRow(min(max(row, 0), len(to_settle) - 1))
        self.to_settle.setVisible(bool(to_settle))
        self._enable_settling()

    def _enable_settling(self) -> None:
        chosen = self.differences.currentItem() is not None and self._runner.url is not None
        self.keep_here_button.setEnabled(chosen and not self._settling)
        self.take_server_button.setEnabled(chosen and not self._settling)

    def _settle(self, keep_here: bool) -> None:
        item = self.differences.currentItem()
        if item is None:
            return
        self._settling = True
        self._enable_settling()
        self.status.setText(_("Settling…"))
        self._runner.settle(str(item.data(Qt.ItemDataRole.UserRole)), keep_here=keep_here)

    # -- slots ----------------------------------------------------------------------------

    def _on_everything_toggled(self, everything: bool) -> None:
        self._runner.choose_notes(everything)

    def _on_password_edit_text_edited(self, text: str) -> None:
        self._runner.password = text or None

    def _on_keyring_check_toggled(self, on: bool) -> None:
        self._runner.choose_keyring(on)

    def _on_runner_keyring_changed(self, on: bool) -> None:
        if self.keyring_check.isChecked() != on:
            self.keyring_check.setChecked(on)  # no keyring usable: back off

    def _on_runner_keyring_done(self, kept: bool) -> None:
        self.refresh()
        self.status.setText(
            _("The password is kept in this computer's keyring: coachdesk no longer asks for it.")
            if kept
            else _("The password was deleted from the keyring: coachdesk asks for it each start.")
        )

    def _on_runner_keyring_failed(self, message: str) -> None:
        self.status.setText(message)

    def _on_connect_button_clicked(self) -> None:
        if self._runner.url is not None:
            self._runner.use(None, None)
            self.status.setText(
                _("Disconnected: this computer no longer syncs. What went up stays on the server.")
            )
            self.refresh()
            return
        url = self.url_edit.text().strip()
        if not url:
            self.status.setText(_("Type the server's address first."))
            self.url_edit.setFocus()
            return
        self.connect_button.setEnabled(False)
        self.status.setText(_("Connecting…"))
        self._runner.connect_to(url, self.password_edit.text() or None)

    def _on_runner_connected(self, _url: str) -> None:
        self.status.setText(_("Connected. The first sync is under way."))
        self.refresh()

    def _on_runner_connect_failed(self, message: str) -> None:
        self.status.setText(message)
        self.refresh()

    def _on_sync_button_clicked(self) -> None:
        self.status.setText(_("Syncing…"))
        self._runner.sync_now()
        self.refresh()

    def _on_runner_synced(self, outcome: SyncOutcome) -> None:
        text = _("Synced.")
        if outcome.differences:
            text += " " + _(
                "These differ between this computer and the server; both copies were kept:"
            )
            text += "\n" + "\n".join(outcome.differences)
        if outcome.to_settle:
            text += " " + ngettext(
                "{n} record differs: choose which copy to keep below.",
                "{n} records differ: choose which copy to keep below.",
                len(outcome.to_settle),
            ).format(n=len(outcome.to_settle))
        self.status.setText(text)
        self.refresh()

    def _on_runner_failed(self, message: str) -> None:
        self.status.setText(
            _("Not synced (it is tried again later): {error}").format(error=message)
        )
        self.refresh()

    def _on_runner_busy_changed(self, _busy: bool) -> None:
        self.refresh()

    def _on_differences_current_row_changed(self, _row: int) -> None:
        self._enable_settling()

    def _on_keep_here_button_clicked(self) -> None:
        self._settle(True)

    def _on_take_server_button_clicked(self) -> None:
        self._settle(False)

    def _on_runner_settled(self, _uid: str, keep_here: bool) -> None:
        self._settling = False
        self.status.setText(
            _("Settled: this computer's copy is now on the server.")
            if keep_here
            else _("Settled: the server's copy is now on this computer.")
        )
        self.refresh()
        if self.differences.count():
            self.differences.setFocus()

    def _on_runner_settle_failed(self, message: str) -> None:
        self._settling = False
        self.status.setText(
            _("Not settled; both copies are as they were: {error}").format(error=message)
        )
        self.refresh()
