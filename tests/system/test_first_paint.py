"""The window paints before coachdesk loads what only the data needs: the real entry point,
run as the start-up benchmark runs it, reports what was loaded at its first paint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def loaded_at_first_paint(data: Path) -> set[str]:
    env = {**os.environ, "COACHDESK_STARTUP_PROBE": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--data-dir", str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    said = dict(line.partition(" ")[::2] for line in done.stderr.splitlines())
    assert "ready" in said  # it went on to show the data
    return set(said["before-paint"].split())


def test_the_first_paint_comes_before_the_store_the_model_and_qt_namespace(
    tmp_path: Path,
) -> None:
    for start in ("first", "later"):  # the first start also creates the database
        loaded = loaded_at_first_paint(tmp_path / "data")
        assert "coachdesk.ui.main_window" in loaded, start  # the window that painted
        assert "Qt" not in loaded, start  # Qt's Qt namespace: about 20 ms on its own
        early = {
            name
            for name in loaded
            if name.startswith(("coachdesk.store", "coachdesk.domain.model"))
            or name
            in (
                "coachdesk.domain.recorder",
                "coachdesk.domain.history",
                "coachdesk.ui.session_keys",
                "coachdesk.ui.headings",
                "coachdesk.ui.announce",
            )
        }
        assert early == set(), start
