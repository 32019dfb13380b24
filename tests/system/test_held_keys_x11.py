"""Held keys on a real X server, with both cores busy as during a video call: one tally per
hold. (Qt's own auto-repeat guard, which the app relied on before, gave several per hold
here: X11 sends a held key as release and press pairs that a busy machine delivers late.)"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.beside import LiveApp
from tests.dbcheck import rows
from tests.xserver import MISSING, xdotool, xvfb

pytestmark = [pytest.mark.slow, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]

TALLY_KINDS = "SELECT k.key FROM tally t JOIN tally_kind k ON k.id = t.kind_id ORDER BY t.id"
#: A busy core for at most 20 s (a video call's load).
BUSY = "import time\nend = time.monotonic() + 20\nwhile time.monotonic() < end: pass\n"


def test_holding_a_key_on_a_busy_machine_records_one_tally(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with xvfb() as display:
        app = LiveApp(data, interval_ms=0, display=display)
        busy: list[subprocess.Popen[bytes]] = []
        try:
            app.wait_ready()
            (window,) = xdotool(display, "search", "--name", "^coachdesk").split()[:1]
            xdotool(display, "windowfocus", "--sync", window)
            busy = [subprocess.Popen([sys.executable, "-c", BUSY]) for _ in range(2)]
            for _ in range(3):
                xdotool(display, "keydown", "2")
                time.sleep(1.5)  # the coach's finger stays on the key
                xdotool(display, "keyup", "2")
                time.sleep(0.3)
            xdotool(display, "key", "1")  # a last, separate press: all before it has arrived
            app.wait_for_rows(data / "coachdesk.sqlite3", 4)
        finally:
            for process in busy:
                process.kill()
                process.wait(timeout=30)
            app.kill()
    kinds = [kind for (kind,) in rows(data / "coachdesk.sqlite3", TALLY_KINDS)]
    assert kinds == ["coachee_action"] * 3 + ["advice"]
