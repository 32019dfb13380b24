"""The live session at the window's smallest size, in English and Dutch: nothing overprints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coachdesk.domain import i18n
from tests.ui.conftest import Desk
from tests.ui.test_live_session import start


@pytest.mark.parametrize("lang", ["en", "nl"])
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
