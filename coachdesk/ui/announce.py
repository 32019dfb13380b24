"""Spoken by a screen reader: what happened in the session, said once, politely.

Qt's accessibility announcement (Qt 6.8 and later) reaches the screen reader through the
platform's accessibility bus (AT-SPI on Linux): a tally, an undo, a hat, a pause and the
planned time reached are said without moving the focus. The coach can turn it off
(Session → Announce tallies); a desktop without a screen reader ignores it.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str) -> None:
    if not text:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
    QAccessible.updateAccessibility(event)
