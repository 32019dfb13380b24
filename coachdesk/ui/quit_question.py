"""The question when the coach quits during a session: end it, keep it for later, or stay."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from coachdesk.domain.i18n import _, ngettext


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


def ask_before_losing(parent: QWidget, waiting: int, lose: Callable[[], None]) -> QMessageBox:
    """Open the warning that ``waiting`` tallies could not be written yet: quitting now loses
    them. ``lose`` is called only when the coach chooses to quit anyway."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _("Tallies not saved yet"),
        ngettext(
            "{n} tally could not be written yet (is the disk full?). If you quit now it is lost.",
            "{n} tallies could not be written yet (is the disk full?). If you quit now "
            "they are lost.",
            waiting,
        ).format(n=waiting),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("quitWithWaiting")
    quit_button = box.addButton(_("Quit and lose them"), QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(_("Keep coachdesk open"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    quit_button.clicked.connect(lose)
    box.open()
    return box
