"""Keyboard focus goes back where it was when a dialog, a message box, a file dialog or the
coachee's view closes.

A window manager gives the activation back to the window under a closed dialog, and Qt then
gives the focus to that window's last focused control, but only when both still exist: the
control may have gone meanwhile (the End button hides when a session ends, a page is
replaced), and without a window manager, or on a platform that activates nothing, the focus
is simply lost. A screen reader then says nothing, and Tab starts nowhere.

One application-wide event filter does it for every dialog: when one is shown it remembers
the control that had the focus; when it is hidden (and no other dialog it led to is still
open) that control gets the focus back and its window is activated; when that control is
gone, hidden or disabled, the first control its window reaches by Tab does.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

#: A window that is not a QDialog but should be treated as one (the coachee's view) sets
#: this property to True.
RETURNS_FOCUS = "returnsFocus"

_NAME = "focusReturn"


def _usable(widget: QWidget | None) -> bool:
    return (
        widget is not None
        and isValid(widget)
        and widget.isVisible()
        and widget.isEnabled()
        and widget.window().isVisible()
    )


def _first_tab_stop(window: QWidget) -> QWidget | None:
    """The first control Tab reaches in ``window``, or None."""
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window:
        policy = widget.focusPolicy()
        if policy & Qt.FocusPolicy.TabFocus and _usable(widget) and widget.window() is window:
            return widget
        widget = widget.nextInFocusChain()
    return None


class FocusReturn(QObject):
    """The event filter; one per application (see :func:`install`)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName(_NAME)
        #: Each open dialog, with the control (and that control's window) to go back to.
        self._origins: dict[QWidget, tuple[QWidget | None, QWidget | None]] = {}

    @staticmethod
    def _tracked(obj: QObject) -> bool:
        if not isinstance(obj, QWidget) or not obj.isWindow():
            return False
        return isinstance(obj, QDialog) or obj.property(RETURNS_FOCUS) is True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and self._tracked(watched):
            assert isinstance(watched, QWidget)
            self._on_dialog_shown(watched)
        elif kind == QEvent.Type.Hide and watched in self._origins:
            assert isinstance(watched, QWidget)
            # Later: the dialog's own accepted/finished slots run first (they may open the
            # next dialog, or change what the window shows).
            QTimer.singleShot(0, self, lambda: self._give_back(watched))
        return False

    def _on_dialog_shown(self, dialog: QWidget) -> None:
        focused = QApplication.focusWidget()
        window = focused.window() if focused is not None else QApplication.activeWindow()
        if window is None or window is dialog:
            parent = dialog.parentWidget()
            window = parent.window() if parent is not None else None
            focused = window.focusWidget() if window is not None else None
        if window is not None and window in self._origins:
            # Shown from another dialog (a file dialog after a question): when both are
            # gone, the focus goes where the first one came from.
            focused, window = self._origins[window]
        self._origins[dialog] = (focused, window)

    def _give_back(self, dialog: QWidget) -> None:
        if dialog.isVisible() if isValid(dialog) else False:
            return  # shown again meanwhile
        focused, window = self._origins.pop(dialog, (None, None))
        for other, (_focused, other_window) in self._origins.items():
            if isValid(other) and other.isVisible() and other_window is window:
                return  # a dialog this one led to is still open: it gives the focus back
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            return
        if not _usable(focused):
            if window is None or not isValid(window) or not window.isVisible():
                return
            current = window.focusWidget()
            focused = current if _usable(current) else _first_tab_stop(window)
        if focused is None:
            return
        target = focused.window()
        if QApplication.activeWindow() is not target:
            target.activateWindow()
        focused.setFocus(Qt.FocusReason.OtherFocusReason)


def install(app: QCoreApplication) -> FocusReturn:
    """The application's :class:`FocusReturn`, made and installed on first use."""
    found = app.findChild(FocusReturn, _NAME)
    if found is not None:
        return found
    made = FocusReturn(app)
    app.installEventFilter(made)
    return made
