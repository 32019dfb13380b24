"""Helpers the tests share (driving the real widgets, reading what they show)."""

from __future__ import annotations

import re
import subprocess
import time

from tests.xserver import xdotool

#: Another program's window, standing in for the video call.
CALL = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
call = QLabel("the call")
call.setWindowTitle("Video call")
call.resize(900, 600)
call.show()
app.exec()
"""


def active_window(display: str) -> str:
    """The active window's id, once there is one (a loaded machine's window manager may take
    a moment after an activation)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return xdotool(display, "getactivewindow").strip()
        except subprocess.CalledProcessError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


INTERNET = re.compile(r"socket\(AF_INET6?\b")
