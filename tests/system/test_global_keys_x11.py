"""Tally keys that work while the video call has the keyboard (X11, turned on by the coach):
Ctrl+Alt+digit records, the call stays active, and a held combination counts once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coachdesk.domain import paths, settings
from tests.beside import LiveApp
from tests.dbcheck import tally_rows
from tests.system.support import CALL, active_window
from tests.xserver import MISSING, OPENBOX, window_manager, xdotool, xvfb

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(MISSING is not None, reason=MISSING or ""),
    pytest.mark.skipif(OPENBOX is None, reason="needs openbox (.ci/run installs it)"),
]


def test_ctrl_alt_digits_tally_from_another_window(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings.save(paths.resolve(data).settings_file, settings.Settings(global_keys=True))
    database = data / "coachdesk.sqlite3"
    with xvfb() as display, window_manager(display):
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        call = subprocess.Popen([sys.executable, "-c", CALL], env=env)
        app = LiveApp(data, interval_ms=0, display=display)
        try:
            app.wait_ready()
            (call_window,) = xdotool(display, "search", "--sync", "--name", "^Video call$").split()
            xdotool(display, "windowactivate", "--sync", call_window)
            xdotool(display, "key", "ctrl+alt+2")
            app.wait_for_rows(database, 1)
            xdotool(display, "keydown", "ctrl+alt+1")
            time.sleep(1.2)  # held: the server repeats it
            xdotool(display, "keyup", "ctrl+alt+1")
            xdotool(display, "key", "ctrl+alt+2")  # a last press: all before it has arrived
            app.wait_for_rows(database, 3)
            assert active_window(display) == call_window
        finally:
            app.kill()
            call.kill()
            call.wait(timeout=30)
    kinds = [kind for kind, _at, _detail in tally_rows(database)]
    assert kinds == ["coachee_action", "advice", "coachee_action"]
