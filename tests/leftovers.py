"""What a test leaves alive in Qt after it ends: windows still shown, timers still running.

Either would reach into the tests after it (a window takes the focus, a timer fires a slot on a
store that is closed by then). ``tests/conftest.py`` fails the test that left them, naming them.

Qt keeps no list of the timers that run, so every ``QTimer.start`` made from Python is noted
(with the line that started it); timers among the children of a window or of the application
are found too. Nothing else about a timer changes.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QWidget

#: Every timer started from Python, with where it was started.
_started: weakref.WeakKeyDictionary[QTimer, str] = weakref.WeakKeyDictionary()


def qt_imported() -> bool:
    """True once this process has imported Qt's widgets."""
    return "PySide6.QtWidgets" in sys.modules


def app_running() -> bool:
    """True while there is a QApplication (without one, nothing can be left)."""
    if not qt_imported():
        return False
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() is not None


def note_timers() -> None:
    """From now on, note every ``QTimer.start`` made from Python. Idempotent."""
    from PySide6.QtCore import QTimer

    original: Callable[..., None] = QTimer.start
    if getattr(original, "notes_timers", False):
        return

    def start(self: QTimer, *args: Any) -> None:
        caller = sys._getframe(1)
        _started[self] = f"{caller.f_code.co_filename}:{caller.f_lineno}"
        original(self, *args)

    start.notes_timers = True  # type: ignore[attr-defined]
    QTimer.start = start  # type: ignore[method-assign]


def _alive(thing: QObject) -> bool:
    from shiboken6 import Shiboken

    return bool(Shiboken.isValid(thing))


def open_windows() -> list[QWidget]:
    """The top-level widgets that are shown."""
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if _alive(w) and w.isVisible()]


def running_timers() -> list[QTimer]:
    """The timers that run: those started from Python, and those among the children of every
    top-level widget and of the application."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    found: dict[int, QTimer] = {}
    owners: list[QObject] = list(QApplication.topLevelWidgets())
    app = QApplication.instance()
    if app is not None:
        owners.append(app)
    candidates = [t for owner in owners if _alive(owner) for t in owner.findChildren(QTimer)]
    candidates += list(_started.keys())
    for timer in candidates:
        if _alive(timer) and timer.isActive():
            found[id(timer)] = timer
    return list(found.values())


def _name(thing: QObject) -> str:
    named = type(thing).__name__
    if thing.objectName():
        named += f" {thing.objectName()!r}"
    return named


def describe_window(window: QWidget) -> str:
    title = f" titled {window.windowTitle()!r}" if window.windowTitle() else ""
    return f"a shown window: {_name(window)}{title}"


def describe_timer(timer: QTimer) -> str:
    owners = []
    parent = timer.parent()
    while parent is not None:
        owners.append(_name(parent))
        parent = parent.parent()
    owned = f" of {' in '.join(owners)}" if owners else " with no parent"
    started = _started.get(timer)
    where = f", started at {started}" if started else ""
    return f"a running timer: {_name(timer)} every {timer.interval()} ms{owned}{where}"


def left_alive() -> list[str]:
    """What is still alive, one line each (empty: nothing)."""
    return [describe_window(w) for w in open_windows()] + [
        describe_timer(t) for t in running_timers()
    ]


def clear() -> None:
    """Stop what was left, so that the next test starts clean."""
    for timer in running_timers():
        timer.stop()
    for window in open_windows():
        window.hide()  # not close(): a window may ask a question as it closes
        window.deleteLater()
