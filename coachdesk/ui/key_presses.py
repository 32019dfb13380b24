"""One tally per physical key press, however the platform reports a held key.

A held key makes the platform repeat it. Qt marks a repeat with ``isAutoRepeat()``, but on X11
it can only guess: the server sends a release and a new press with the same timestamp for each
repeat, and Qt takes the pair for a repeat only if the press has already arrived when it handles
the release. On a busy machine (a video call on both cores) it arrives late, and a held key
became a burst of tallies. So the keys that tally are not Qt shortcuts: this filter follows
each key itself. A press counts only when the key was up, and a press that carries the very
timestamp of the key's last release is that release's repeat, whenever it is delivered.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

#: Where typing a digit is typing, not a tally.
_TEXT_INPUTS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class PhysicalPresses(QObject):
    """Calls ``press(key)`` once per physical press of one of ``keys`` in ``window``, while
    ``live()`` says a press counts (no popup or dialog open, no text field focused)."""

    def __init__(
        self,
        window: QWidget,
        keys: list[Qt.Key],
        press: Callable[[Qt.Key], None],
        live: Callable[[Qt.Key], bool],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._keys = set(keys)
        self._press = press
        self._live = live
        self._down: set[int] = set()
        self._released_at: dict[int, int] = {}
        #: Keys whose last physical press was taken here: their repeats stay ours even when
        #: the press moved the focus (M opens the marker's note field; a held M must not
        #: type "mmm" into it).
        self._taken: set[int] = set()
        self._listening = False

    def listen(self, on: bool) -> None:
        """Follow the keys (while a session runs) or not: a filter on every event of the
        app costs a Python call each, which start-up and the review need not pay."""
        app = QApplication.instance()
        if app is None or on == self._listening:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
            self._down.clear()
        self._listening = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ApplicationStateChange:
            self._down.clear()  # a release may have gone to another program meanwhile
            return False
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key not in self._keys:
            return False
        if kind == QEvent.Type.KeyRelease:  # wherever it goes: a popup, another window
            if not event.isAutoRepeat():
                self._down.discard(key)
                self._released_at[key] = event.timestamp()
            return False
        repeat = self._is_repeat(key, event)
        if repeat and key in self._taken and self._in_window(watched):
            return True
        if not self._ours(watched, event):
            self._taken.discard(key)
            return False
        if repeat:
            return True
        self._down.add(key)
        self._taken.add(key)
        if not self._live(Qt.Key(key)):
            return False
        self._press(Qt.Key(key))
        return True

    def _is_repeat(self, key: int, event: QKeyEvent) -> bool:
        if event.isAutoRepeat() or key in self._down:
            return True
        # X11's repeat: a release and a press at the same moment. 0 is no timestamp at all.
        return event.timestamp() != 0 and event.timestamp() == self._released_at.get(key)

    def _in_window(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and watched.window() is self._window

    def _ours(self, watched: QObject, event: QKeyEvent) -> bool:
        if not self._in_window(watched):
            return False
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers != Qt.KeyboardModifier.NoModifier:
            return False
        if QApplication.activePopupWidget() is not None or QApplication.activeModalWidget():
            return False
        return not isinstance(QApplication.focusWidget(), _TEXT_INPUTS)
