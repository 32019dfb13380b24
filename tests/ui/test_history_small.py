"""History in a window of 640x400 logical pixels (1280x800 at 200%), English and Dutch: the
window fits, the trajectory's table keeps more than two rows in view, no label is cut."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from coachdesk.domain import i18n
from coachdesk.domain.settings import HistoryChoice
from coachdesk.store import SqlStore
from coachdesk.ui.history.window import HistoryWindow
from tests.ui.history_data import hold, hold_with, practice

SMALL = (640, 400)


@pytest.fixture(params=["en", "nl"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    i18n.install(request.param)
    yield request.param
    i18n.install("en")


def rows_in_view(table: QTableView) -> int:
    """Rows drawn whole inside the table's viewport, where the window shows the viewport."""
    viewport = table.viewport()
    shown = visible_rect(viewport)
    model = table.model()
    whole = 0
    for row in range(model.rowCount()):
        rect = table.visualRect(model.index(row, 0))
        if shown.contains(rect.translated(viewport.mapTo(viewport.window(), QPoint(0, 0)))):
            whole += 1
    return whole


def visible_rect(widget: QWidget) -> QRect:
    """The part of ``widget`` the window shows, in window coordinates (clipped by every
    parent, scroll areas included)."""
    region = widget.visibleRegion().boundingRect()
    return region.translated(widget.mapTo(widget.window(), QPoint(0, 0)))


def cut_labels(window: QWidget) -> list[str]:
    """Labels and buttons that are shown but cannot show their whole text."""
    cut = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if not widget.text() or widget.visibleRegion().isEmpty():
            continue
        if isinstance(widget, QLabel) and widget.wordWrap():
            too_small = widget.height() < widget.heightForWidth(widget.width())
        else:
            too_small = widget.width() < widget.minimumSizeHint().width()
        # and drawn whole where the window shows it (not half under a scroll area's edge)
        half_hidden = visible_rect(widget).size() != widget.size() and not isinstance(
            widget.parentWidget(), QTableView
        )
        if too_small or (half_hidden and _in_fixed_part(widget)):
            cut.append(widget.text())
    return cut


def _in_fixed_part(widget: QWidget) -> bool:
    """In the part of the window that does not scroll (the filter bar, the tabs)."""
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() == "historyFilterBar":
            return True
        parent = parent.parentWidget()
    return False


def test_history_fits_a_640x400_window(qtbot: QtBot, store: SqlStore, lang: str) -> None:
    practice(store)
    held = {"Özlem Özdemir"}
    for day in range(50, 56):  # Özlem: eleven sessions, more than fit
        hold(store, "Özlem Özdemir", day, "12")
    # Sessions of other schemes: their long names in the Scheme filter fit too.
    hold_with(store, "Bram", 60, "four_legs", ["career", "socio_emotional"])
    hold_with(store, "Bram", 61, "listening", [])
    hold_with(store, "Bram", 62, "learning", [])
    window = HistoryWindow(store, HistoryChoice(), print, print, store.tally_kinds(), 0.5)
    qtbot.addWidget(window)
    window.resize(*SMALL)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == SMALL)
    assert window.minimumSizeHint().width() <= SMALL[0]
    assert window.minimumSizeHint().height() <= SMALL[1]

    ozlem = next(o.coachee for o in store.coachee_overviews() if o.coachee.name in held)
    window.show_trajectory(ozlem)
    QApplication.processEvents()
    table = window.trajectory.table
    assert window.trajectory.proxy.rowCount() == 11
    assert rows_in_view(table) >= 3, lang
    assert not cut_labels(window), lang
    for page in (window.coachees, window.practice):
        window.tabs.setCurrentWidget(page)
        QApplication.processEvents()
        assert not cut_labels(window), (lang, type(page).__name__)
    assert rows_in_view(window.practice.table) >= 2
    # Nothing scrolls sideways: the views fit the width, only their tables scroll inside.
    for area in (window.trajectory.scroll_area, window.practice.scroll_area):
        assert area.horizontalScrollBar().maximum() == 0
    # Limited to Four legs: the legs' columns and lines fit as well.
    box = window.filter_bar.scheme
    box.setCurrentIndex(box.findData("four_legs"))
    bram = next(o.coachee for o in store.coachee_overviews() if o.coachee.name == "Bram")
    window.show_trajectory(bram)
    QApplication.processEvents()
    assert window.trajectory.legs.isVisible()
    assert window.minimumSizeHint().width() <= SMALL[0]
    assert not cut_labels(window), lang
    window.tabs.setCurrentWidget(window.practice)
    QApplication.processEvents()
    assert window.practice.legs.isVisible()
    assert not cut_labels(window), lang
    assert rows_in_view(window.practice.table) >= 1
    for area in (window.trajectory.scroll_area, window.practice.scroll_area):
        assert area.horizontalScrollBar().maximum() == 0
