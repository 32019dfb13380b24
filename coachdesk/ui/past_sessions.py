"""Finding an ended session to review again: type the coachee, pick one of their sessions.

As on the start page, no list of names is shown: a coachee's name must be typed (earlier
names complete as they are typed), and only then are that coachee's sessions listed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import _
from coachdesk.domain.model import Coachee, SessionId, SessionSummary
from coachdesk.domain.timer import format_active
from coachdesk.ui.coachee_picker import discreet_completer, offer_names
from coachdesk.ui.pages import local_time

#: A coachee's ended sessions, newest first.
EndedSessions = Callable[[Coachee], list[SessionSummary]]


class PastSessionDialog(QDialog):
    """Accepted with :attr:`chosen` set to the session to review."""

    def __init__(
        self,
        coachees: list[Coachee],
        ended_sessions: EndedSessions,
        parent: QWidget | None = None,
        min_active_ms: int = 0,
        erase_session: Callable[[SessionId, QWidget], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Review a past session"))
        self.setObjectName("pastSessionDialog")
        self.chosen: SessionId | None = None
        self._ended_sessions = ended_sessions
        self._min_active_ms = min_active_ms  # shorter sessions are marked too short
        self._by_name = {_key(c.name): c for c in coachees}
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("pastCoachee")
        self.name_edit.setPlaceholderText(_("Name, pseudonym or code"))
        self.name_edit.setClearButtonEnabled(True)
        known, _popup = discreet_completer(self.name_edit)
        offer_names(known, coachees)
        self.status = QLabel(_("Type the coachee's name to see their sessions."))
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.sessions = QListWidget()
        self.sessions.setObjectName("pastSessions")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setEnabled(False)
        #: Deletes a session for good after its own confirmation (None: not offered).
        self._erase_session = erase_session
        self.delete_button = self.buttons.addButton(
            _("Delete session…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.delete_button.setObjectName("pastDeleteSession")
        self.delete_button.setAutoDefault(False)
        self.delete_button.setEnabled(False)
        self.delete_button.setVisible(erase_session is not None)

        form = QFormLayout()
        form.addRow(_("Coachee"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.sessions, 1)
        layout.addWidget(self.buttons)
        self.resize(460, 360)

        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.sessions.currentItemChanged.connect(self._on_sessions_current_item_changed)
        self.sessions.itemActivated.connect(self._on_sessions_item_activated)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_name_edit_text_changed(self, text: str) -> None:
        self.sessions.clear()
        coachee = self._by_name.get(_key(text))
        if coachee is None:
            self.status.setText(_("Type the coachee's name to see their sessions."))
            return
        ended = self._ended_sessions(coachee)
        if not ended:
            self.status.setText(_("No ended sessions yet for this coachee."))
            return
        self.status.setText(_("Newest first. Double-click or press Enter to open one."))
        for summary in ended:
            line = _("Session {number} · {start} · {active} active").format(
                number=summary.number,
                start=local_time(summary.started_at_ms),
                active=format_active(summary.active_ms),
            )
            if summary.left_out:
                line += " · " + _("left out of figures")
            elif summary.too_short(self._min_active_ms):
                line += " · " + _("too short to count")
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, int(summary.id))
            self.sessions.addItem(item)
        self.sessions.setCurrentRow(0)

    def _on_sessions_current_item_changed(self, current: QListWidgetItem | None) -> None:
        self.open_button.setEnabled(current is not None)
        self.delete_button.setEnabled(current is not None)

    def _on_delete_button_clicked(self) -> None:
        item = self.sessions.currentItem()
        if item is not None and self._erase_session is not None:
            self._erase_session(SessionId(int(item.data(Qt.ItemDataRole.UserRole))), self)

    def refresh(self) -> None:
        """List the typed coachee's sessions again (one was deleted)."""
        self._on_name_edit_text_changed(self.name_edit.text())

    def _on_sessions_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_buttons_accepted()

    def _on_buttons_accepted(self) -> None:
        item = self.sessions.currentItem()
        if item is None:
            return
        self.chosen = SessionId(int(item.data(Qt.ItemDataRole.UserRole)))
        self.accept()


def _key(name: str) -> str:
    """Names as the completer offers them, compared without regard to case or spacing."""
    return " ".join(name.replace("\n", " ").split()).casefold()
