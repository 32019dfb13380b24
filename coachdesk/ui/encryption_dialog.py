"""Settings > Encryption…: protect the data with a passphrase, or take the protection off.

Turning it on asks for the passphrase twice, shows how hard it is to guess, and says plainly
that a lost passphrase means lost data. Turning it off needs the passphrase. Where SQLCipher
is not installed, or a session is running, the dialog says why and offers nothing to do.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain import passphrase
from coachdesk.domain.errors import CoachdeskError
from coachdesk.domain.i18n import _


class EncryptionDialog(QDialog):
    """``convert(passphrase, repeated)`` does the work and returns what to tell the coach;
    it raises a CoachdeskError (shown here) when it changed nothing."""

    def __init__(
        self,
        *,
        encrypted: bool,
        unavailable: str | None,
        blocked: str | None,
        convert: Callable[[str, str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._convert = convert
        self._encrypted = encrypted
        #: What the conversion said, once it is done.
        self.outcome: str | None = None
        self.setWindowTitle(_("Encryption"))
        self.setObjectName("encryptionDialog")
        layout = QVBoxLayout(self)
        state = QLabel(
            _("Your data is encrypted with a passphrase.")
            if encrypted
            else _("Your data is stored unencrypted.")
        )
        state.setObjectName("encryptionState")
        state.setWordWrap(True)
        layout.addWidget(state)
        self.passphrase = _secret("passphrase")
        self.repeated = _secret("repeated")
        self.strength = QLabel()
        self.strength.setObjectName("strength")
        self.strength.setWordWrap(True)
        self.warning = QLabel(
            _(
                "If you lose the passphrase, your data is lost: nobody can open it without "
                "the passphrase, not even with a backup."
            )
        )
        self.warning.setObjectName("encryptionWarning")
        self.warning.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("encryptionError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go = buttons.addButton(
            _("Turn encryption &off") if encrypted else _("&Encrypt"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.go.setObjectName("convert")
        self.go.setDefault(True)
        reason = unavailable or blocked
        if reason is not None:
            why = QLabel(
                _("Encryption is {reason}.").format(reason=unavailable) if unavailable else blocked
            )
            why.setObjectName("encryptionUnavailable")
            why.setWordWrap(True)
            layout.addWidget(why)
        form = QFormLayout()
        form.addRow(_("Passphrase:"), self.passphrase)
        if not encrypted:
            form.addRow(_("Repeat it:"), self.repeated)
            if reason is None:
                form.addRow(_("Strength:"), self.strength)
        layout.addLayout(form)
        if encrypted:
            self.warning.setText(
                _(
                    "Turning encryption off stores your data readable by anyone who can read "
                    "the file. An encrypted copy is kept in the backups folder."
                )
            )
        layout.addWidget(self.warning)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for widget in (self.passphrase, self.repeated, self.go):
            widget.setEnabled(reason is None)
        self.repeated.setVisible(not encrypted)
        self._on_passphrase_text_changed("")
        self.resize(500, self.sizeHint().height())

        self.passphrase.textChanged.connect(self._on_passphrase_text_changed)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)

    def _on_passphrase_text_changed(self, text: str) -> None:
        if self.passphrase.isEnabled():
            self.strength.setText(passphrase.strength(text).text())

    def _on_buttons_accepted(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.outcome = self._convert(self.passphrase.text(), self.repeated.text())
        except CoachdeskError as refused:
            self.error.setText(str(refused))
            self.error.setVisible(True)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.passphrase.clear()
        self.repeated.clear()
        self.accept()


def _secret(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit
