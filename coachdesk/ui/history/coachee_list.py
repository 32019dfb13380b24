"""The coachee list's model: one row per :class:`CoacheeOverview`, searched with
:func:`coachdesk.domain.history.matches` (case- and accent-insensitive)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from coachdesk.domain.history import CoacheeOverview, fold, matches
from coachdesk.domain.i18n import _
from coachdesk.ui.history.formatting import NONE, day_text, percent_text
from coachdesk.ui.history.rows_model import MISSING, SORT_ROLE, Column, RowsModel


def _name(row: CoacheeOverview) -> str:
    if row.archived:
        return _("{name} (archived)").format(name=row.coachee.name)
    return row.coachee.name


def coachee_columns() -> list[Column]:
    return [
        Column(_("Coachee"), _name, lambda r: fold(r.coachee.name)),
        Column(_("Sessions"), lambda r: str(r.sessions), lambda r: r.sessions, numeric=True),
        Column(
            _("Last session"),
            lambda r: NONE if r.last_started_at_ms is None else day_text(r.last_started_at_ms),
            lambda r: MISSING if r.last_started_at_ms is None else r.last_started_at_ms,
            numeric=True,
        ),
        Column(
            _("Latest balance"),
            lambda r: percent_text(r.latest_share),
            lambda r: MISSING if r.latest_share is None else r.latest_share,
            numeric=True,
        ),
    ]


class CoacheeModel(RowsModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            coachee_columns(),
            parent,
            italic=lambda r: bool(r.archived),
            tooltip=lambda r: str(r.note),
        )


class CoacheeSearch(QSortFilterProxyModel):
    """Sorts on :data:`SORT_ROLE` and keeps the rows whose name the search text finds; while
    ``discreet`` (a session runs, the coachee may see the screen) no search shows no one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._query = ""
        self.discreet = False

    def set_query(self, query: str) -> None:
        self._refilter(query, self.discreet)

    def set_discreet(self, discreet: bool) -> None:
        self._refilter(self._query, discreet)

    def _refilter(self, query: str, discreet: bool) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9 and later
            self.beginFilterChange()
            self._query, self.discreet = query, discreet
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._query, self.discreet = query, discreet
            self.invalidateRowsFilter()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        source = self.sourceModel()
        if not self._query.strip():
            return not self.discreet
        if not isinstance(source, RowsModel):
            return True
        row: CoacheeOverview = source.row_at(source_row)
        return matches(self._query, row.coachee.name)
