"""The hat popup opens over the hat's card, inside the window, whatever the window's size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot

from tests.ui.conftest import Desk
from tests.ui.driving import start


@pytest.mark.parametrize("size", [(960, 640), (640, 460)])
def test_the_hat_popup_stays_inside_the_window(
    desk: Desk, qtbot: QtBot, size: tuple[int, int]
) -> None:
    window = desk.window
    window.resize(*size)
    panel = start(desk, qtbot, "Anna")
    qtbot.keyClick(window, Qt.Key.Key_3)
    menu = panel.hat_menu
    qtbot.waitUntil(menu.isVisible)
    inside = QRect(window.mapToGlobal(window.rect().topLeft()), window.size())
    assert inside.contains(menu.geometry()), (inside, menu.geometry())
    card = panel.buttons[2]
    card_area = QRect(card.mapToGlobal(card.rect().topLeft()), card.size())
    assert card_area.intersects(menu.geometry())  # it opens where the coach pressed
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
