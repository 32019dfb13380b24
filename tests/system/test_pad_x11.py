"""The compact pad on a real X server with a window manager: clicking it records the tally
(or marks the moment) and leaves the video call the active window."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.beside import LiveApp
from tests.dbcheck import tally_rows
from tests.system.support import CALL, active_window
from tests.xserver import MISSING, OPENBOX, window_manager, xdotool, xvfb

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(MISSING is not None, reason=MISSING or ""),
    pytest.mark.skipif(OPENBOX is None, reason="needs openbox (.ci/run installs it)"),
]


def test_clicking_the_pad_records_and_leaves_the_call_active(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with xvfb() as display, window_manager(display):
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        call = subprocess.Popen([sys.executable, "-c", CALL], env=env)
        app = LiveApp(data, interval_ms=0, display=display, pad=True)
        try:
            app.wait_ready()
            (call_window,) = xdotool(display, "search", "--sync", "--name", "^Video call$").split()
            xdotool(display, "windowactivate", "--sync", call_window)
            assert active_window(display) == call_window
            (pad,) = xdotool(display, "search", "--sync", "--name", "^coachdesk pad$").split()
            place = dict(
                line.split("=")
                for line in xdotool(display, "getwindowgeometry", "--shell", pad).split()
            )
            for name, table in (("coachee_action", "tally"), ("mark", "marker")):
                x, y = app.pad_buttons[name]
                x, y = int(place["X"]) + x, int(place["Y"]) + y
                xdotool(display, "mousemove", "--sync", str(x), str(y), "click", "1")
                app.wait_for_rows(data / "coachdesk.sqlite3", 1, table)
                time.sleep(0.3)  # what the window manager would do after a click, it has done
                assert active_window(display) == call_window
        finally:
            app.kill()
            call.kill()
            call.wait(timeout=30)
    assert [kind for kind, _at, _detail in tally_rows(data / "coachdesk.sqlite3")] == [
        "coachee_action"
    ]
