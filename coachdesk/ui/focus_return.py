"""Keyboard focus goes back where it was when a dialog, a message box, a file dialog or the
coachee's view closes.

A window manager gives the activation back to the window under a closed dialog, and Qt then
gives the focus to that window's last focused control, but only when both still exist: the
control may have gone meanwhile (the End button hides when a session ends, a page is
replaced), and without a window manager, or on a platform that activates nothing, the focus
is simply lost. A screen reader then says nothing, and Tab starts nowhere.

One object does it for every dialog, from the application's focusChanged signal: when a
dialog takes the focus it remembers the control that had it; when the dialog is hidden (and
no other dialog it led to is still open) that control gets the focus back and its window is
activated; when that control is gone, hidden or disabled, the window's focus widget or the
first control its window reaches by Tab does. A dialog that never took the focus took
nothing to give back.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QWindow
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
    """Follows the application's focus changes (a signal: nothing runs per event); one per
    application (see :func:`install`)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(_NAME)
        #: Each dialog that took the focus, with the control (and its window) to go back to.
        self._origins: dict[QWidget, tuple[QWidget, QWidget]] = {}
        #: The control that had the focus last, in any window.
        self._last: QWidget | None = None
        self._watched: set[QWindow] = set()
        app.focusChanged.connect(self._on_app_focus_changed)

    @staticmethod
    def _tracked(window: QWidget) -> bool:
        return isinstance(window, QDialog) or window.property(RETURNS_FOCUS) is True

    def _on_app_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is None:
            return
        window = new.window()
        if self._tracked(window) and window not in self._origins:
            origin = old if old is not None and isValid(old) else self._last
            if origin is not None and isValid(origin) and origin.window() is not window:
                self._remember(window, origin)
        self._last = new

    def _remember(self, dialog: QWidget, origin: QWidget) -> None:
        from_window = origin.window()
        if from_window in self._origins:
            # Opened from another dialog (a file dialog after a question): when both are
            # gone, the focus goes where the first one came from.
            self._pass_on(self._origins[from_window], dialog)
        else:
            self._pass_on((origin, from_window), dialog)

    def _pass_on(self, origin: tuple[QWidget, QWidget], dialog: QWidget) -> None:
        """``dialog`` gives the focus back to ``origin`` when it is hidden."""
        self._origins[dialog] = origin
        handle = dialog.windowHandle()
        if handle is not None and handle not in self._watched:
            self._watched.add(handle)
            handle.visibleChanged.connect(
                lambda visible, d=dialog: None if visible else self._on_dialog_hidden(d)
            )
            handle.destroyed.connect(lambda _obj=None, h=handle: self._watched.discard(h))

    def _on_dialog_hidden(self, dialog: QWidget) -> None:
        # Later: the dialog's own accepted/finished slots run first (they may open the next
        # dialog, or change what the window shows).
        QTimer.singleShot(0, self, lambda: self._give_back(dialog))

    def _give_back(self, dialog: QWidget) -> None:
        if dialog not in self._origins or (isValid(dialog) and dialog.isVisible()):
            return  # nothing to give back, or shown again meanwhile
        focused, window = self._origins.pop(dialog)
        for other, (_focused, other_window) in self._origins.items():
            if isValid(other) and other.isVisible() and other_window is window:
                return  # a dialog this one led to is still open: it gives the focus back
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            if modal not in self._origins:  # it never took the focus: it passes it back
                self._pass_on((focused, window), modal)
            return
        target: QWidget | None = focused
        if not _usable(target):
            if not isValid(window) or not window.isVisible():
                return
            current = window.focusWidget()
            target = current if _usable(current) else _first_tab_stop(window)
        if target is None:
            return
        if QApplication.activeWindow() is not target.window():
            target.window().activateWindow()
        target.setFocus(Qt.FocusReason.OtherFocusReason)


def install(app: QApplication) -> FocusReturn:
    """The application's :class:`FocusReturn`, made on first use."""
    found = app.findChild(FocusReturn, _NAME)
    if found is not None:
        return found
    return FocusReturn(app)
