"""Optional tally keys that work while another program (the video call) has the keyboard.

Only registered key combinations, never a listener on the whole keyboard: Ctrl+Alt+1 to
Ctrl+Alt+9, grabbed from the X server for as long as a session runs and the coach has turned
them on, released at once after. Implemented on X11 (libX11 through ctypes, on a connection of
its own watched by a QSocketNotifier). Elsewhere :func:`global_keys` says why not, and the
setting stays off.

A held combination counts once: the server is asked to report a held key without releases
(detectable auto-repeat), and a press counts only while its key is up.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtGui import QGuiApplication

from coachdesk.domain.i18n import _

_KEY_PRESS, _KEY_RELEASE = 2, 3
_LOCK, _CONTROL, _ALT, _NUM_LOCK = 1 << 1, 1 << 2, 1 << 3, 1 << 4
#: The combination held with the digit; Caps Lock and Num Lock on or off make no difference.
_MODIFIERS = _CONTROL | _ALT
_IGNORED = (0, _LOCK, _NUM_LOCK, _LOCK | _NUM_LOCK)
_GRAB_MODE_ASYNC = 1


class GlobalKeys(Protocol):
    def start(self, count: int, press: Callable[[int], None]) -> bool:
        """Grab Ctrl+Alt+1 .. Ctrl+Alt+``count``; ``press(index)`` on each physical press.
        False: another program holds one of them (nothing is grabbed then)."""

    def stop(self) -> None:
        """Release every grab."""


class _KeyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("root", ctypes.c_ulong),
        ("subwindow", ctypes.c_ulong),
        ("time", ctypes.c_ulong),
        ("x", ctypes.c_int),
        ("y", ctypes.c_int),
        ("x_root", ctypes.c_int),
        ("y_root", ctypes.c_int),
        ("state", ctypes.c_uint),
        ("keycode", ctypes.c_uint),
        ("same_screen", ctypes.c_int),
    ]


class _Event(ctypes.Union):
    _fields_ = [("key", _KeyEvent), ("pad", ctypes.c_long * 24)]


_ErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


class X11Keys(QObject):
    """The X11 implementation of :class:`GlobalKeys`."""

    def __init__(self, x11: ctypes.CDLL, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._x = x11
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x11.XStringToKeysym.restype = ctypes.c_ulong
        x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        x11.XGrabKey.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong]
        x11.XGrabKey.argtypes += [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        x11.XUngrabKey.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_ulong]
        x11.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x11.XPending.argtypes = [ctypes.c_void_p]
        x11.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Event)]
        x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x11.XkbSetDetectableAutoRepeat.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
        x11.XSetErrorHandler.restype = ctypes.c_void_p
        x11.XSetErrorHandler.argtypes = [_ErrorHandler]
        self._errors = 0
        # Xlib's default handler ends the process on an error; a combination another program
        # already grabbed (BadAccess) must only mean "not available".
        self._on_error = _ErrorHandler(self._count_error)
        x11.XSetErrorHandler(self._on_error)
        self._display = x11.XOpenDisplay(None)
        self._root = x11.XDefaultRootWindow(self._display) if self._display else 0
        self._codes: list[int] = []
        self._down: set[int] = set()
        self._press: Callable[[int], None] | None = None
        self._notifier: QSocketNotifier | None = None

    def _count_error(self, _display: object, _event: object) -> int:
        self._errors += 1
        return 0

    def start(self, count: int, press: Callable[[int], None]) -> bool:
        self.stop()
        if not self._display:
            return False
        x = self._x
        x.XkbSetDetectableAutoRepeat(self._display, 1, None)
        self._errors = 0
        codes = []
        for digit in range(1, count + 1):
            keysym = x.XStringToKeysym(str(digit).encode())
            codes.append(int(x.XKeysymToKeycode(self._display, keysym)))
        for code in codes:
            for extra in _IGNORED:
                x.XGrabKey(
                    self._display,
                    code,
                    _MODIFIERS | extra,
                    self._root,
                    0,
                    _GRAB_MODE_ASYNC,
                    _GRAB_MODE_ASYNC,
                )
        self._codes = codes
        x.XSync(self._display, 0)
        if self._errors:
            self.stop()
            return False
        self._press = press
        self._notifier = QSocketNotifier(
            x.XConnectionNumber(self._display), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._read)
        return True

    def stop(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._display and self._codes:
            for code in self._codes:
                for extra in _IGNORED:
                    self._x.XUngrabKey(self._display, code, _MODIFIERS | extra, self._root)
            self._x.XSync(self._display, 0)
        self._codes = []
        self._down.clear()
        self._press = None

    def _read(self, *_args: object) -> None:
        event = _Event()
        while self._x.XPending(self._display):
            self._x.XNextEvent(self._display, ctypes.byref(event))
            key = event.key
            if key.keycode not in self._codes:
                continue
            if key.type == _KEY_RELEASE:
                self._down.discard(key.keycode)
            elif key.type == _KEY_PRESS and key.keycode not in self._down:
                self._down.add(key.keycode)  # a held key repeats presses only: counted once
                if self._press is not None:
                    self._press(self._codes.index(key.keycode))


def global_keys(parent: QObject | None = None) -> GlobalKeys | str:
    """This platform's global keys, or why there are none."""
    if QGuiApplication.platformName() != "xcb":
        return _(
            "Keys that work in other windows are available on X11 only (this desktop is {name})."
        ).format(name=QGuiApplication.platformName())
    name = ctypes.util.find_library("X11")
    if name is None:
        return _("Keys that work in other windows need libX11, which was not found.")
    try:
        return X11Keys(ctypes.CDLL(name), parent)
    except (OSError, AttributeError) as e:
        return _("Keys that work in other windows are not available here: {error}").format(error=e)
