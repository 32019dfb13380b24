"""The focus ring: drawn by the app stylesheet, 2 px, at least 3:1 against the window and the
fields in light and dark (WCAG 2.4.7, 1.4.11), on every kind of control the app focuses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QStringListModel
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from coachdesk.ui.contrast import LARGE, ratio
from coachdesk.ui.style import focus_colour, stylesheet
from tests.ui.driving import dark, light


@pytest.fixture(params=["light", "dark"])
def styled(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    """The app with the palette and stylesheet it starts with; as it was afterwards."""
    palette = light() if request.param == "light" else dark()
    before_palette, before_sheet = qapp.palette(), qapp.styleSheet()
    qapp.setPalette(palette)
    qapp.setStyleSheet(stylesheet(palette))
    yield palette
    qapp.setStyleSheet(before_sheet)
    qapp.setPalette(before_palette)


def test_the_ring_stands_out_three_to_one(styled: QPalette) -> None:
    ring = focus_colour(styled)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert ratio(ring, styled.color(role)) >= LARGE, role


def controls() -> list[QWidget]:
    listed = QListView()
    listed.setModel(QStringListModel(["Anna", "Bram"], listed))
    spin = QSpinBox()
    combo = QComboBox()
    combo.addItems(["Screen 1", "Screen 2"])
    return [
        QPushButton("Keep going"),
        QLineEdit("Anna"),
        spin,
        combo,
        QCheckBox("Discreet"),
        listed,
        QPlainTextEdit("a note"),
    ]


def left_edge(widget: QWidget) -> QColor:
    """The colour drawn at the middle of the widget's left edge, 1 px in."""
    image = widget.grab().toImage()
    return image.pixelColor(1, image.height() // 2)


def test_every_focused_control_draws_the_ring_and_only_then(styled: QPalette, qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    widgets = controls()
    for widget in widgets:
        layout.addWidget(widget)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    ring = focus_colour(styled).name()
    for widget in widgets:
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        assert left_edge(widget).name() == ring, type(widget).__name__
    widgets[0].setFocus()
    qtbot.waitUntil(widgets[0].hasFocus)
    assert [left_edge(w).name() == ring for w in widgets[1:]] == [False] * (len(widgets) - 1)


def _outstanding(widget: QWidget, background: QColor) -> int:
    """How many pixels of the widget's left 24x24 (its indicator) stand out 3:1."""
    image = widget.grab().toImage()
    return sum(
        ratio(image.pixelColor(x, y), background) >= LARGE
        for x in range(min(24, image.width()))
        for y in range(min(24, image.height()))
    )


@pytest.mark.parametrize("kind", [QCheckBox, QRadioButton])
def test_boxes_and_round_buttons_are_outlined_and_marked_three_to_one(
    styled: QPalette, qtbot: QtBot, kind: type[QCheckBox] | type[QRadioButton]
) -> None:
    """WCAG 1.4.11: a check box's outline and its mark stand out from the window behind them
    (Fusion's own outline measured 1.2:1 on the dark palette)."""
    from coachdesk.ui.style import control_colour

    outline = control_colour(styled)
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        assert ratio(outline, styled.color(role)) >= LARGE, role
    box = kind("")
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    window = styled.color(QPalette.ColorRole.Window)
    empty = _outstanding(box, window)
    assert empty >= 30  # the outline: about 4 x 14 px
    box.setChecked(True)
    assert _outstanding(box, window) >= empty + 10  # and the mark inside it
