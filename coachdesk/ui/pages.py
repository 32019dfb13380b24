"""The small pages around a session: recovery after a crash, and a stop message."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import BackupInfo, SessionRecord
from coachdesk.domain.timer import format_active
from coachdesk.ui.column import centred_column


def _page(page: QWidget, *widgets: QWidget, buttons: list[QPushButton] | None = None) -> None:
    layout = centred_column(page)
    layout.addStretch(1)
    for widget in widgets:
        layout.addWidget(widget)
    if buttons:
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        layout.addLayout(row)
    layout.addStretch(2)


def _wrapping(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        label.setObjectName(name)
    return label


def local_time(ms: int) -> str:
    """A stored UTC time in the coach's local time with the zone's short name, its date
    written the same way in every language: ``2026-12-04 16:43 CET``."""
    return QDateTime.fromMSecsSinceEpoch(ms).toLocalTime().toString("yyyy-MM-dd HH:mm t")


class RecoveryPanel(QWidget):
    """Offers back a session that was open when coachdesk last stopped."""

    resume_requested = Signal()
    end_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _wrapping(_("A session was still open"), "pageTitle")
        self.details = _wrapping(name="recoveryDetails")
        self.resume_button = QPushButton(_("Resume session"))
        self.resume_button.setObjectName("resumeRecovered")
        self.end_button = QPushButton(_("End it at its last tally"))
        self.end_button.setObjectName("endRecovered")
        self.resume_button.setDefault(True)
        _page(self, self.title, self.details, buttons=[self.end_button, self.resume_button])
        self.resume_button.clicked.connect(self.resume_requested)
        self.end_button.clicked.connect(self.end_requested)

    def show_record(self, record: SessionRecord) -> None:
        tallies = ngettext("{n} tally", "{n} tallies", len(record.tallies)).format(
            n=len(record.tallies)
        )
        self.details.setText(
            _(
                "coachdesk stopped while a session with {coachee} was open (started {start}). "
                "Everything counted is saved: {tallies}, {active} of active time. Resume it "
                "to go on from there, or end it at its last tally."
            ).format(
                coachee=record.coachee.name[:200],
                start=local_time(record.started_at_ms),
                tallies=tallies,
                active=format_active(record.last_stored_active_ms),
            )
        )


class MessagePanel(QWidget):
    """A plain message that stops the app from going on (a refused database, say)."""

    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _wrapping(name="pageTitle")
        self.text = _wrapping(name="messageText")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quit_button = QPushButton(_("Quit"))
        _page(self, self.title, self.text, buttons=[self.quit_button])
        self.quit_button.clicked.connect(self.quit_requested)

    def show_message(self, title: str, text: str) -> None:
        self.title.setText(title)
        self.text.setText(text)


class DamagePanel(QWidget):
    """The database failed its check: say what was found and offer the newest good backup."""

    restore_requested = Signal(str)  # the backup's path
    quit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _wrapping(_("Your data file is damaged"), "pageTitle")
        self.finding = _wrapping(name="messageText")
        self.finding.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offer = _wrapping(name="recoveryDetails")
        self.restore_button = QPushButton(_("Restore this backup"))
        self.restore_button.setObjectName("restoreNewest")
        self.quit_button = QPushButton(_("Quit"))
        self.restore_button.setDefault(True)
        self._backup = ""
        _page(
            self,
            self.title,
            self.finding,
            self.offer,
            buttons=[self.quit_button, self.restore_button],
        )
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.quit_button.clicked.connect(self.quit_requested)

    def show_damage(self, database: str, found: str, newest: BackupInfo | None) -> None:
        self.finding.setText(
            _("coachdesk checked {path} and found: {found}").format(path=database, found=found)
        )
        if newest is None:
            self._backup = ""
            self.offer.setText(
                _(
                    "There is no good backup to restore. The file has been left exactly as "
                    "it is; keep it, and ask for help to repair it."
                )
            )
        else:
            self._backup = newest.path
            self.offer.setText(
                _(
                    "The newest good backup is from {date} and holds {holds}. Restoring it "
                    "moves the damaged file aside (it is kept, never deleted) and puts the "
                    "backup in its place. What was recorded after {date} is not in it."
                ).format(date=local_time(newest.taken_at_ms), holds=newest.holds())
            )
        self.restore_button.setVisible(newest is not None)

    def _on_restore_button_clicked(self) -> None:
        if self._backup:
            self.restore_button.setEnabled(False)  # one restore per click
            self.restore_requested.emit(self._backup)
