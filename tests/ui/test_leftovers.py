"""A test that leaves a window shown or a timer running fails, naming what it left
(``tests/leftovers.py``, used by the autouse fixture in ``tests/conftest.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests import leftovers
from tests.cli.commandline import ROOT, offscreen_env


def test_a_shown_window_is_named_until_it_is_closed(qtbot: QtBot) -> None:
    window = QWidget()
    window.setWindowTitle("Forgotten notes")
    window.show()
    assert "a shown window: QWidget titled 'Forgotten notes'" in leftovers.left_alive()
    window.close()
    assert leftovers.left_alive() == []


def test_a_running_timer_is_named_with_its_owner_and_where_it_started(qtbot: QtBot) -> None:
    owner = QObject()
    owner.setObjectName("poller")
    timer = QTimer(owner)
    timer.start(60_000)
    line = sys._getframe().f_lineno - 1
    assert leftovers.left_alive() == [
        f"a running timer: QTimer every 60000 ms of QObject 'poller', started at {__file__}:{line}"
    ]
    timer.stop()
    assert leftovers.left_alive() == []


INNER_CONFTEST = """
from tests.conftest import _nothing_left_alive, pytest_runtest_makereport
"""

INNER_TESTS = """
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

kept = []


def test_leaves_a_window(qtbot):
    window = QWidget()
    window.setWindowTitle("Forgotten notes")
    window.show()
    kept.append(window)


def test_leaves_a_timer(qtbot):
    owner = QObject()
    owner.setObjectName("poller")
    QTimer(owner).start(60_000)
    kept.append(owner)


def test_closes_what_it_opens(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    timer = QTimer()
    timer.start(1_000)
    timer.stop()


def test_fails_and_leaves_a_window(qtbot):
    window = QWidget()
    window.show()
    kept.append(window)
    assert 1 == 2
"""


def test_the_fixture_fails_the_test_that_left_them_and_only_that_one(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(INNER_CONFTEST)
    (tmp_path / "test_inner.py").write_text(INNER_TESTS)
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-o", "qt_api=pyside6"),
            *("--rootdir", str(tmp_path), "-q", "-rfE", str(tmp_path / "test_inner.py")),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env=offscreen_env() | {"PYTHONPATH": str(ROOT)},
    )
    said = done.stdout
    assert "1 failed, 3 passed, 2 errors" in said, said
    assert "ERROR test_inner.py::test_leaves_a_window - Failed: The test left behind:" in said
    assert "a shown window: QWidget titled 'Forgotten notes'" in said
    assert "ERROR test_inner.py::test_leaves_a_timer - Failed: The test left behind:" in said
    line = INNER_TESTS.splitlines().index("    QTimer(owner).start(60_000)") + 1
    started = f"{tmp_path / 'test_inner.py'}:{line}"
    assert f"a running timer: QTimer every 60000 ms of QObject 'poller', started at {started}" in (
        said
    )
    assert "FAILED test_inner.py::test_fails_and_leaves_a_window - assert 1 == 2" in said
    assert "test_fails_and_leaves_a_window - The test left" not in said
