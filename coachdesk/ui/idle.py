"""How long nobody has touched the computer, as the platform tells it.

Behind one small interface (:class:`IdleClock`) so tests replace it. On X11 the answer comes
from the MIT screen-saver extension (libXss), through the local X connection Qt already uses
the display of; elsewhere (Wayland, Windows, macOS for now) it is unknown, and coachdesk then
never asks whether a session was forgotten.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from typing import Protocol

from PySide6.QtGui import QGuiApplication


class IdleClock(Protocol):
    def idle_ms(self) -> int | None:
        """Milliseconds since the last key press or pointer move anywhere; None: unknown."""


class Unknown:
    def idle_ms(self) -> int | None:
        return None


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),
        ("event_mask", ctypes.c_ulong),
    ]


class X11Idle:
    """Idle time from the X server's screen-saver extension."""

    def __init__(self, x11: ctypes.CDLL, xss: ctypes.CDLL) -> None:
        self._x11 = x11
        self._xss = xss
        x11.XOpenDisplay.restype = ctypes.c_void_p
        x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x11.XDefaultRootWindow.restype = ctypes.c_ulong
        x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_ScreenSaverInfo)
        xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_ScreenSaverInfo),
        ]
        self._display = x11.XOpenDisplay(None)
        self._info = xss.XScreenSaverAllocInfo()

    def idle_ms(self) -> int | None:
        if not self._display or not self._info:
            return None
        root = self._x11.XDefaultRootWindow(self._display)
        if not self._xss.XScreenSaverQueryInfo(self._display, root, self._info):
            return None
        return int(self._info.contents.idle)


def platform_idle() -> IdleClock:
    """The idle clock this platform has: X11's, or one that knows nothing."""
    if QGuiApplication.platformName() != "xcb":
        return Unknown()
    x11_name, xss_name = ctypes.util.find_library("X11"), ctypes.util.find_library("Xss")
    if x11_name is None or xss_name is None:
        return Unknown()
    try:
        return X11Idle(ctypes.CDLL(x11_name), ctypes.CDLL(xss_name))
    except OSError:
        return Unknown()
