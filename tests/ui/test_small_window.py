"""The live session at the window's smallest size and at the size 200% scaling leaves on a
1280x800 screen, in English and Dutch: nothing overprints, nothing is cut off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.domain import i18n
from coachdesk.domain.gap import GapWatch
from coachdesk.ui.style import stylesheet
from tests.fakes import FakeClock
from tests.ui.conftest import Desk, activate, make_desk
from tests.ui.driving import start


@pytest.fixture
def app_style(qapp: QApplication) -> Iterator[None]:
    """The stylesheet the app starts with (its large timer and counts), as the app sets it."""
    before = qapp.styleSheet()
    qapp.setStyleSheet(stylesheet(qapp.palette()))
    yield
    qapp.setStyleSheet(before)


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.usefixtures("app_style")
def test_at_the_smallest_size_labels_counts_and_keys_do_not_overlap(
    desk: Desk, qtbot: QtBot, lang: str
) -> None:
    i18n.install(lang)
    try:
        panel = start(desk, qtbot, "Anouk de Vries")
        for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_2):
            qtbot.keyClick(desk.window, key)
        window = desk.window
        window.resize(window.minimumSizeHint())
        qtbot.waitUntil(lambda: window.size() == window.minimumSizeHint())
        QApplication.processEvents()
        for card in panel.buttons:
            parts = [card.label, card.count_label, card.key_label]
            boxes = [p.geometry() for p in parts if p.isVisible()]
            for n, box in enumerate(boxes):
                assert card.rect().contains(box), (card.kind.key, box)
                assert not any(box.intersects(other) for other in boxes[n + 1 :]), card.kind.key
    finally:
        i18n.install("en")


#: A 1280x800 screen at 200% scaling gives 640x400 logical pixels: the smallest screen
#: coachdesk supports. Qt lays out in logical pixels, so the window is tested at that size.
AT_200 = QSize(640, 400)


def whole(label: QLabel) -> bool:
    """Whether ``label`` has the room its text needs (wrapped, when it wraps)."""
    if label.wordWrap():
        return label.height() >= label.heightForWidth(label.width())
    hint = label.sizeHint()
    return label.width() >= hint.width() and label.height() >= hint.height()


def overlaps(widgets: list[QWidget]) -> list[tuple[str, str]]:
    boxes = [(w.objectName() or type(w).__name__, w.geometry()) for w in widgets]
    return [
        (name, other)
        for n, (name, box) in enumerate(boxes)
        for other, other_box in boxes[n + 1 :]
        if box.intersects(other_box)
    ]


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("bar", ["none", "marker", "end question", "sleep question"])
@pytest.mark.usefixtures("app_style")
def test_at_200_percent_on_a_1280x800_screen_the_session_fits_without_overlap(
    qtbot: QtBot, tmp_path: Path, lang: str, bar: str
) -> None:
    i18n.install(lang)
    desk = make_desk(qtbot, tmp_path / "coachdesk.sqlite3", FakeClock())
    try:
        machine = FakeClock()
        desk.controller.gap_watch = GapWatch(machine)
        panel = start(desk, qtbot, "Anouk de Vries", planned=45)
        for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_2, Qt.Key.Key_3):
            qtbot.keyClick(desk.window, key)
        qtbot.waitUntil(panel.hat_menu.isVisible)
        qtbot.keyClick(panel.hat_menu, Qt.Key.Key_2)  # the longest line: "last: assessor"
        qtbot.waitUntil(lambda: not panel.hat_menu.isVisible())
        activate(qtbot, desk.window)
        window = desk.window
        window.resize(AT_200)
        if bar == "marker":
            qtbot.keyClick(window, Qt.Key.Key_M)
        elif bar == "end question":
            qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
        elif bar == "sleep question":
            machine.jump_wall(40 * 60_000)
            desk.controller.check_gap()
        QApplication.processEvents()
        assert window.size() == AT_200  # it did not grow past the screen
        shown = [w for w in panel.findChildren(QWidget) if w.parent() is panel and w.isVisible()]
        assert all(panel.rect().contains(w.geometry()) for w in shown), [
            (w.objectName(), w.geometry()) for w in shown
        ]
        assert overlaps(shown) == []
        for frame in shown:
            inner = [
                w for w in frame.findChildren(QWidget) if w.parent() is frame and w.isVisible()
            ]
            assert all(frame.rect().contains(w.geometry()) for w in inner), frame.objectName()
            assert overlaps(inner) == [], frame.objectName()
        for card in panel.buttons:
            parts = [card.label, card.count_label, card.detail_label]
            cut = [p.objectName() for p in parts if p.isVisible() and not whole(p)]
            assert cut == [], card.kind.key
    finally:
        desk.close()
        i18n.install("en")
