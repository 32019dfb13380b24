"""A thin table model over a list of plain values: one :class:`Column` says how a value shows
in a column and how that column sorts. Every history table is one of these behind a
:class:`QSortFilterProxyModel` sorting on :data:`SORT_ROLE`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

#: The role a proxy sorts on: a number or a folded string, never None.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Columns sized to their contents measure this many rows (the visible ones first), not all:
#: a long list would otherwise be read whole before it paints.
RESIZE_PRECISION = 40
#: Sort key of a missing figure (no share, no session yet): before every real one.
MISSING = -1.0

Index = QModelIndex | QPersistentModelIndex


_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_SORT = int(SORT_ROLE)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ANSWERED = frozenset({_DISPLAY, _SORT, _ALIGNMENT, _FONT, int(Qt.ItemDataRole.ToolTipRole)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _italic_font() -> QFont:
    font = QFont()
    font.setItalic(True)
    return font


@dataclass(frozen=True, slots=True)
class Column:
    """How a row shows in this column (``text``) and how the column sorts (``key``)."""

    header: str
    text: Callable[[Any], str]
    key: Callable[[Any], str | int | float]
    numeric: bool = False


class RowsModel(QAbstractTableModel):
    """Read-only rows; :meth:`set_rows` swaps them all at once."""

    def __init__(
        self,
        columns: Sequence[Column],
        parent: QObject | None = None,
        *,
        italic: Callable[[Any], bool] | None = None,
        tooltip: Callable[[Any], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        # What each cell shows and sorts by, worked out once: views ask again and again.
        self._cells: list[list[tuple[str, str | int | float]]] = []
        self._italic = italic
        self._tooltip = tooltip

    def set_rows(self, rows: Sequence[Any], columns: Sequence[Column] | None = None) -> None:
        """Show these rows (and these columns, when given) in one reset."""
        self.beginResetModel()
        self._rows = list(rows)
        if columns is not None:
            self._columns = list(columns)
        self._fill()
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self._fill()
        self.endResetModel()

    def _fill(self) -> None:
        self._cells = [[(c.text(row), c.key(row)) for c in self._columns] for row in self._rows]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for every role of every cell they measure or paint: answer the roles we
        # never fill at once, before touching the index (plain ints: enum compares are slow).
        if role not in _ANSWERED or not index.isValid():
            return None
        r, c = index.row(), index.column()
        if r >= len(self._rows):
            return None
        if role == _DISPLAY:
            return self._cells[r][c][0]
        if role == _SORT:
            return self._cells[r][c][1]
        if role == _ALIGNMENT:
            return _RIGHT if self._columns[c].numeric else None
        if role == _FONT:
            return (
                _italic_font() if self._italic is not None and self._italic(self._rows[r]) else None
            )
        if self._tooltip is not None:  # the tool tip
            return self._tooltip(self._rows[r]) or None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return super().headerData(section, orientation, role)
