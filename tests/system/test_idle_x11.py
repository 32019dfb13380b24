"""The idle time the forgotten-session question relies on, read from a real X server."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.xserver import MISSING, xdotool, xvfb

pytestmark = [pytest.mark.slow, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]

READ = """
from PySide6.QtWidgets import QApplication
from coachdesk.ui.idle import platform_idle
app = QApplication([])
print(platform_idle().idle_ms())
"""


def idle_ms(display: str) -> str:
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        [sys.executable, "-c", READ], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_idle_time_grows_and_a_pointer_move_resets_it() -> None:
    with xvfb() as display:
        time.sleep(1.2)  # nobody touches this screen
        before = idle_ms(display)
        assert before.isdigit() and int(before) >= 1000
        xdotool(display, "mousemove", "100", "100")
        after = idle_ms(display)
        assert after.isdigit() and int(after) < int(before)
