"""The live session as a real screen reader gets it: through AT-SPI, on an X server, in a
D-Bus session of its own.

Orca reads what AT-SPI gives it; ``atspi_reader.py`` (run by the system Python, where
Debian's pyatspi lives) reads the same: the real app is started with Qt's accessibility
bridge on, its window's tree of roles and names is read, the tally button is pressed by its
AT-SPI action (as a screen reader's user does), and the announcement is heard; then the
session is ended the same way and the review is read: headings, focus, nameless controls.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from tests.xserver import OPENBOX, XVFB, window_manager, xvfb

ROOT = Path(__file__).resolve().parents[2]
READER = Path(__file__).with_name("atspi_reader.py")
SYSTEM_PYTHON = Path("/usr/bin/python3")
DBUS_RUN_SESSION = shutil.which("dbus-run-session")
BUS_LAUNCHER = next(
    (p for p in ("/usr/libexec/at-spi-bus-launcher", "/usr/lib/at-spi2-core/at-spi-bus-launcher")
     if Path(p).exists()),
    None,
)  # fmt: skip


def _pyatspi() -> bool:
    if not SYSTEM_PYTHON.exists():
        return False
    found = subprocess.run(
        [str(SYSTEM_PYTHON), "-c", "import pyatspi"], capture_output=True, check=False
    )
    return found.returncode == 0


def _missing() -> str | None:
    if XVFB is None or OPENBOX is None:
        return "needs Xvfb and openbox (apt-get install xvfb openbox)"
    if DBUS_RUN_SESSION is None:
        return "needs dbus-run-session (apt-get install dbus-x11)"
    if BUS_LAUNCHER is None:
        return "needs the AT-SPI bus (apt-get install at-spi2-core)"
    if not _pyatspi():
        return "needs pyatspi for /usr/bin/python3 (apt-get install python3-pyatspi)"
    return None


MISSING = _missing()

pytestmark = [pytest.mark.slow, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]


def test_a_screen_reader_reads_the_live_session_and_hears_a_tally(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with xvfb() as display, window_manager(display):  # as on a desktop: it gives the focus
        env = {
            **os.environ,
            "DISPLAY": display,
            "PYTHONPATH": str(ROOT),
            "LANG": "C.UTF-8",
            "LANGUAGE": "en",
        }
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # a bus of its own, not the desktop's
        env.pop("AT_SPI_BUS_ADDRESS", None)
        assert DBUS_RUN_SESSION is not None
        done = subprocess.run(
            [DBUS_RUN_SESSION, "--", str(SYSTEM_PYTHON), str(READER), sys.executable, str(data)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert "error" not in seen, (seen, done.stderr[-2000:])
    assert seen["app"] == "coachdesk"
    tree = [(role, name) for _depth, role, name, _focusable in seen["tree"]]
    assert tree[0] == ("frame", "coachdesk")  # a window, named, not a filler
    for button in ("Pause", "End session…", "advice given, 0", "coachee action noted, 0"):
        assert ("push button", button) in tree
    assert ("label", "Anna") in tree
    assert seen["timer"] == "Active session time: 0 minutes"  # the time, readable
    assert seen["focusable_unnamed"] == []  # every control the keyboard reaches is named

    before, after, actions = seen["pressed"]
    assert (before, after) == ("advice given, 0", "advice given, 1")
    assert actions  # the button offers its press to the screen reader
    assert "advice given, 1" in seen["announcements"]  # heard without moving the focus
    with closing(sqlite3.connect(data / "coachdesk.sqlite3")) as conn:
        stored = conn.execute(
            "SELECT k.label, COUNT(*) FROM tally t JOIN tally_kind k ON k.id = t.kind_id "
            "GROUP BY k.label"
        ).fetchall()
    assert stored == [("advice given", 1)]  # a tally heard is a tally stored

    # Ended by pressing End session… and End session through AT-SPI: the review opens with
    # its title as a heading, focused, and says so; its sections are headings too.
    review = seen["review"]
    assert review["headings"][0] == "Session review"
    assert {"Balance", "Timeline", "How it moved"} <= set(review["headings"])
    assert review["heading_focused"]
    assert any(said.startswith("Session review. Anna") for said in seen["announcements"])
    # A blank cell of the fix-the-record table (a tally with no detail) reads as blank;
    # nothing else that takes the focus may be nameless (the charts' insides were).
    assert [role for role in review["focusable_unnamed"] if role != "table cell"] == []
