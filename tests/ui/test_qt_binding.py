"""The Qt binding must keep Python's reference counts straight in slots.

PySide6 6.12.0 on Python 3.11 releases a reference to a slot's return value (None) on every
signal it delivers; the timer's repaint slot alone then kills the app within hours
("Fatal Python error: none_dealloc"). pyproject.toml keeps that release out; this test
fails if a binding with the fault is ever installed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot


class Emitter(QObject):
    plain = Signal()
    value = Signal(object)


def test_slots_leave_refcounts_of_none_and_bools_alone(qtbot: QtBot) -> None:
    received: list[object] = []
    emitter = Emitter()
    action = QAction("tally")
    emitter.plain.connect(lambda: received.append(1))
    emitter.value.connect(received.append)
    action.triggered.connect(lambda _checked=False: received.append(2))
    before = [sys.getrefcount(x) for x in (None, True, False)]
    for _ in range(200):
        emitter.plain.emit()
        emitter.value.emit(None)
        action.trigger()
    received.clear()
    after = [sys.getrefcount(x) for x in (None, True, False)]
    drift = [a - b for a, b in zip(after, before, strict=True)]
    # A few references come and go with the interpreter's own work; the fault loses 200+.
    assert all(abs(d) < 20 for d in drift), drift
