"""A calm reading column: content centred, no wider than a comfortable line."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

COLUMN_WIDTH = 640


def centred_column(page: QWidget, width: int = COLUMN_WIDTH) -> QVBoxLayout:
    """Give ``page`` a centred column of at most ``width`` pixels; return the column's layout."""
    column = QWidget()
    column.setMaximumWidth(width)
    inner = QVBoxLayout(column)
    inner.setContentsMargins(0, 0, 0, 0)
    inner.setSpacing(12)
    outer = QHBoxLayout(page)
    outer.setContentsMargins(16, 24, 16, 24)  # 200% on a 1280x800 screen leaves 640 px
    outer.addStretch(1)
    outer.addWidget(column, 100)
    outer.addStretch(1)
    return inner
