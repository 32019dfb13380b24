"""The question when the coach quits during a session: end it, keep it for later, or stay."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from coachdesk.domain.i18n import _


def ask_about_running_session(
    parent: QWidget, coachee: str, end: Callable[[], None], keep: Callable[[], None]
) -> QMessageBox:
    """Open (window-modal) the question; ``end`` or ``keep`` is called with the answer, and
    nothing at all on Cancel or Esc."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        _("A session is running"),
        _(
            "The session with {name} is still running. End it now, or keep it open: "
            "coachdesk offers it back when you start it again."
        ).format(name=coachee),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("quitDuringSession")
    end_button = box.addButton(_("End the session and quit"), QMessageBox.ButtonRole.AcceptRole)
    keep_button = box.addButton(_("Keep it open and quit"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    end_button.setObjectName("quitEndSession")
    keep_button.setObjectName("quitKeepSession")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    end_button.clicked.connect(end)
    keep_button.clicked.connect(keep)
    box.open()
    return box
