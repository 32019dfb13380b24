"""One coachdesk per data dir: the second is refused and the first comes forward."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSysInfo
from pytestqt.qtbot import QtBot

from coachdesk.ui import instance


def test_a_second_instance_is_refused_and_asks_the_first_to_come_forward(
    qtbot: QtBot, tmp_path: Path
) -> None:
    lock = tmp_path / "coachdesk.lock"
    first = instance.acquire(lock, tmp_path)
    assert first is not None
    first.listen()
    with qtbot.waitSignal(first.raise_requested, timeout=5_000):
        assert instance.acquire(lock, tmp_path) is None
    first.release()
    again = instance.acquire(lock, tmp_path)  # released: the next start gets it
    assert again is not None
    again.release()


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    lock = tmp_path / "coachdesk.lock"
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    child.kill()
    child.wait()  # its process id now belongs to nobody
    lock.write_text(f"{child.pid}\npython3\n{QSysInfo.machineHostName()}\n")
    guard = instance.acquire(lock, tmp_path)
    assert guard is not None
    guard.release()
