"""The main window's services that come after the first paint: the backups (a backup after
each session, *Backups…*, a quiet word on how it went) and the practice server (sync after
each session and on its timer, *Practice server…*, *Practice overview…*).

A part of :class:`~coachdesk.ui.main_window.MainWindow`, which attaches each service when the
app hands it over (:meth:`WindowServices.attach_backups`, :meth:`WindowServices.attach_practice`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coachdesk.domain.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QStackedWidget, QStatusBar, QWidget

    from coachdesk.domain.model import BackupInfo
    from coachdesk.domain.practice import SyncOutcome as PracticeOutcome
    from coachdesk.ui.actions import Actions
    from coachdesk.ui.backup_runner import BackupRunner
    from coachdesk.ui.backups_dialog import BackupsDialog
    from coachdesk.ui.coachee_picker import CoacheePicker
    from coachdesk.ui.controller import SessionController
    from coachdesk.ui.pages import RecoveryPanel
    from coachdesk.ui.practice_dialog import PracticeDialog
    from coachdesk.ui.practice_overview import PracticeOverview
    from coachdesk.ui.practice_runner import PracticeRunner


class WindowServices:
    if TYPE_CHECKING:  # provided by MainWindow
        actions_: Actions
        stack: QStackedWidget
        recovery: RecoveryPanel
        picker: CoacheePicker
        controller: SessionController | None
        backup_runner: BackupRunner | None
        backups_dialog: BackupsDialog | None
        practice_runner: PracticeRunner | None
        practice_dialog: PracticeDialog | None
        overview_window: PracticeOverview | None
        backup_policy_chosen: SignalInstance
        restore_requested: SignalInstance

        def statusBar(self) -> QStatusBar: ...

        def window(self) -> QWidget: ...

        def show_banner(self, text: str) -> None: ...

    def attach_backups(self, runner: BackupRunner) -> None:
        """Back up after each session, offer Backups…, and say quietly how backups went."""
        self.backup_runner = runner
        self.actions_.backups.setEnabled(True)
        runner.made.connect(self._on_backup_runner_made)
        runner.failed.connect(self._on_backup_runner_failed)

    def _on_backup_runner_made(self, info: BackupInfo) -> None:
        self.statusBar().showMessage(_("Backed up: {holds}.").format(holds=info.holds()), 8_000)

    def _on_backup_runner_failed(self, message: str) -> None:
        self.statusBar().showMessage(_("The backup did not work: {error}").format(error=message))

    def attach_practice(self, runner: PracticeRunner) -> None:
        """Sync with the practice server after each session (and on its timer, between
        sessions only), offer Practice server… and the overview, and say quietly how it went."""
        self.practice_runner = runner
        runner.may_sync = self._between_sessions
        self.actions_.practice_server.setEnabled(True)
        self.actions_.practice_overview.setEnabled(True)
        runner.synced.connect(self._on_practice_runner_synced)
        runner.failed.connect(self._on_practice_runner_failed)
        runner.settled.connect(self._on_practice_runner_settled)
        runner.keyring_failed.connect(self._on_practice_runner_keyring_failed)

    def _between_sessions(self) -> bool:
        if self.stack.currentWidget() is self.recovery:
            return False  # a session left open by a crash waits to be settled
        session = self.controller.session if self.controller is not None else None
        return session is None or session.ended

    def _on_practice_runner_synced(self, outcome: PracticeOutcome) -> None:
        self.statusBar().showMessage(_("Synced with the practice server."), 8_000)
        if outcome.changed_here and self.controller is not None:
            self.picker.set_coachees(self.controller.coachees())

    def _on_practice_runner_settled(self, _uid: str, keep_here: bool) -> None:
        if not keep_here and self.controller is not None:  # a coachee's name may have changed
            self.picker.set_coachees(self.controller.coachees())

    def _on_practice_runner_keyring_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 15_000)

    def _on_practice_runner_failed(self, message: str) -> None:
        self.statusBar().showMessage(
            _("Not synced with the practice server (tried again later): {error}").format(
                error=message
            )
        )

    def _on_practice_server_triggered(self) -> None:
        from coachdesk.ui.practice_dialog import PracticeDialog

        if self.practice_runner is None:
            return
        if self.practice_dialog is None:
            self.practice_dialog = PracticeDialog(self.practice_runner, self.window())
            self.practice_dialog.overview_button.clicked.connect(
                self._on_practice_overview_triggered
            )
        self.practice_dialog.refresh()
        self.practice_dialog.open()

    def _on_practice_overview_triggered(self) -> None:
        from coachdesk.ui.practice_overview import PracticeOverview

        if self.practice_runner is None:
            return
        if self.overview_window is None:
            self.overview_window = PracticeOverview(self.practice_runner, self.window())
        self.overview_window.show()
        self.overview_window.raise_()

    def _on_backups_triggered(self) -> None:
        from coachdesk.ui.backups_dialog import BackupsDialog

        if self.backup_runner is None:
            return
        if self.backups_dialog is not None:  # one dialog, read again when shown
            self.backups_dialog.refresh()
            self.backups_dialog.open()
            return
        self.backups_dialog = BackupsDialog(self.backup_runner, self.window())
        self.backups_dialog.policy_chosen.connect(self.backup_policy_chosen)
        self.backups_dialog.restore_confirmed.connect(self._on_backups_dialog_restore_confirmed)
        self.backups_dialog.open()

    def _on_backups_dialog_restore_confirmed(self, path: str) -> None:
        session = self.controller.session if self.controller is not None else None
        if session is not None and not session.ended:
            self.show_banner(_("End the session before restoring a backup."))
            return
        self.restore_requested.emit(path)
