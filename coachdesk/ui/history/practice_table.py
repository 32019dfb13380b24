"""The practice view's table: one row per week or month; limited to a Four legs scheme, the
coach's own spread over the legs too."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from PySide6.QtCore import QObject

from coachdesk.domain.history import Grain, PracticePeriod
from coachdesk.domain.i18n import _
from coachdesk.domain.model import TallyKind
from coachdesk.ui.history.formatting import decimal_text, percent_text, period_text
from coachdesk.ui.history.rows_model import MISSING, Column, RowsModel


def partial_text(first_day: date, grain: Grain) -> str:
    """A period's name, saying it is partial: ``December 2026 (partial)``."""
    return _("{period} (partial)").format(period=period_text(first_day, grain))


def _kind_column(kind: TallyKind) -> Column:
    def count(row: PracticePeriod) -> int:
        return row.kind_counts.get(kind.id, 0)

    return Column(kind.shown(), lambda r: str(count(r)), count, numeric=True)


def practice_columns(
    grain: Grain,
    partial: Collection[date] = (),
    kinds: Sequence[TallyKind] = (),
    advice: bool = True,
) -> list[Column]:
    """The columns of every period, with a count per kind of ``kinds`` (the legs) after the
    active hours; without ``advice`` (a scheme that counts none) no advice rate."""

    def rate(row: PracticePeriod) -> float | None:
        return row.advice_per_hour if advice else None

    def name(row: PracticePeriod) -> str:
        if row.first_day in partial:
            return partial_text(row.first_day, grain)
        return period_text(row.first_day, grain)

    return [
        Column(
            _("Week") if grain is Grain.WEEK else _("Month"),
            name,
            lambda r: r.first_day.toordinal(),
        ),
        Column(_("Sessions"), lambda r: str(r.sessions), lambda r: r.sessions, numeric=True),
        Column(
            _("Active hours"),
            lambda r: decimal_text(r.active_hours),
            lambda r: r.active_ms,
            numeric=True,
        ),
        *(_kind_column(k) for k in kinds),
        Column(
            _("Mean coachee share"),
            lambda r: percent_text(r.mean_share),
            lambda r: MISSING if r.mean_share is None else r.mean_share,
            numeric=True,
        ),
        Column(
            _("Advice per hour"),
            lambda r: decimal_text(rate(r)),
            lambda r: MISSING if (v := rate(r)) is None else v,
            numeric=True,
        ),
        Column(_("Hats declared"), lambda r: str(r.hats), lambda r: r.hats, numeric=True),
    ]


class PracticeModel(RowsModel):
    """One row per period; a partial one (not over yet, or cut by the dates chosen) says so
    in its name and tool tip, as the chart draws it hollow."""

    def __init__(self, grain: Grain = Grain.MONTH, parent: QObject | None = None) -> None:
        super().__init__(practice_columns(grain), parent, tooltip=self._tip)
        self.grain = grain
        self._partial: frozenset[date] = frozenset()

    def show_periods(
        self,
        grain: Grain,
        periods: list[PracticePeriod],
        partial: Collection[date] = (),
        kinds: Sequence[TallyKind] = (),
        advice: bool = True,
    ) -> None:
        """These periods; with ``kinds``, a count column for each of them; without
        ``advice``, no advice rate."""
        self.grain = grain
        self._partial = frozenset(partial)
        self.set_rows(periods, practice_columns(grain, self._partial, kinds, advice))

    def _tip(self, row: PracticePeriod) -> str:
        if row.first_day not in self._partial:
            return ""
        if self.grain is Grain.WEEK:
            return _("A partial week: not over yet, or cut off by the dates chosen.")
        return _("A partial month: not over yet, or cut off by the dates chosen.")
