"""Qt for a command that draws (PDF reports) but opens no window."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication


def drawing_app() -> QCoreApplication:
    """The running QApplication, or a new one: offscreen when there is no display, so a
    command works over ssh and in a script."""
    from PySide6.QtWidgets import QApplication

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication.instance() or QApplication([sys.argv[0]])
