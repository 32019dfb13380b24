"""While SQLite holds the live database open, the app never opens its files any other way.

Closing any descriptor on a file drops every POSIX lock the process holds on it, SQLite's
included; another program (``coachdesk backup``, a database browser) would then take itself for
the last user, fold the -wal into the file and delete it under the running app. The guarded day
(``tests/guarded_day.py``) runs a whole working day in the real app under an audit hook that
catches every such open; its last step makes one on purpose, which the hook must catch.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.commandline import ROOT, offscreen_env

pytestmark = pytest.mark.slow


def test_a_working_day_never_opens_the_live_database_outside_sqlite(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "tests.guarded_day", str(data), str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=ROOT,
        env=offscreen_env(),
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr
    assert not [line for line in lines if line.startswith("stuck")], done.stdout
    assert lines[-2:] == ["steps left 0", "exit 0"], done.stdout
    steps = [line.split()[1] for line in lines if line.startswith("step ")]
    for step in ("end", "backed_up", "back_up_by_hand", "export_record", "confirm_erase"):
        assert step in steps
    caught = done.stdout.split("violation ")[1:]
    assert len(caught) == 1, "opened outside SQLite:\n" + "\n".join(caught)
    assert "in control" in caught[0]  # the open the day makes on purpose: the hook sees it
    assert (out / "report.pdf").stat().st_size > 1000
