"""Help > About: the version, the licence and the promise that nothing leaves the machine;
and the app's icon, which every window shows."""

from __future__ import annotations

import platform

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from coachdesk import __version__
from coachdesk.domain.i18n import _
from coachdesk.ui.icon import ICON_FILE, app_icon

__all__ = ["ICON_FILE", "LICENCE", "AboutDialog", "about_text", "app_icon"]

#: The licence coachdesk is published under (pyproject.toml).
LICENCE = "MIT"


def about_text() -> str:
    """What the About box says, as rich text."""
    paragraphs = [
        f"<b>coachdesk {__version__}</b>",
        _("A quiet desktop companion for one-to-one coaching sessions."),
        _(
            "Nothing leaves this computer: coachdesk opens no network connection, sends no "
            "telemetry and checks for no updates. Your sessions are stored only in your own "
            "data folder."
        ),
        _(
            "coachdesk is free software under the {licence} licence: you may use, copy, change "
            "and share it."
        ).format(licence=LICENCE),
        _("Made with Python {python} and Qt {qt} (PySide6, LGPL).").format(
            python=platform.python_version(), qt=pyside_version
        ),
    ]
    return "".join(f"<p>{p}</p>" for p in paragraphs)


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("About coachdesk"))
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(about_text())
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(360)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
