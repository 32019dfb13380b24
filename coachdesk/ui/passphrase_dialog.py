"""The passphrase asked at start, before the main window, when the data is encrypted.

Enter opens, Cancel quits. A wrong passphrase says so and asks again; nothing is opened, moved
or changed until the passphrase is right.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.errors import WrongPassphrase
from coachdesk.domain.i18n import _


class PassphraseDialog(QDialog):
    """Accepted once ``unlock`` took the passphrase (it raises WrongPassphrase if not)."""

    def __init__(
        self, data_dir: Path, unlock: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._unlock = unlock
        self.setWindowTitle(_("coachdesk: encrypted data"))
        self.setObjectName("passphraseDialog")
        explain = QLabel(
            _(
                "Your coachdesk data in {path} is encrypted. Enter its passphrase to open it."
            ).format(path=data_dir)
        )
        explain.setWordWrap(True)
        explain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(_("Passphrase"))
        self.error = QLabel()
        self.error.setObjectName("passphraseError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        self.open_button.setText(_("&Open"))
        self.open_button.setDefault(True)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("&Quit"))
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # deriving the key
        try:
            self._unlock(self.passphrase.text())
        except WrongPassphrase as wrong:
            self.error.setText(str(wrong))
            self.error.setVisible(True)
            self.passphrase.clear()
            self.passphrase.setFocus()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.passphrase.clear()  # the key is kept by the caller, the text by nobody
        self.accept()
