"""The practice view's table: one row per week or month."""

from __future__ import annotations

from PySide6.QtCore import QObject

from coachdesk.domain.history import Grain, PracticePeriod
from coachdesk.domain.i18n import _
from coachdesk.ui.history.formatting import decimal_text, percent_text, period_text
from coachdesk.ui.history.rows_model import MISSING, Column, RowsModel


def practice_columns(grain: Grain) -> list[Column]:
    return [
        Column(
            _("Week") if grain is Grain.WEEK else _("Month"),
            lambda r: period_text(r.first_day, grain),
            lambda r: r.first_day.toordinal(),
        ),
        Column(_("Sessions"), lambda r: str(r.sessions), lambda r: r.sessions, numeric=True),
        Column(
            _("Active hours"),
            lambda r: decimal_text(r.active_hours),
            lambda r: r.active_ms,
            numeric=True,
        ),
        Column(
            _("Mean coachee share"),
            lambda r: percent_text(r.mean_share),
            lambda r: MISSING if r.mean_share is None else r.mean_share,
            numeric=True,
        ),
        Column(
            _("Advice per hour"),
            lambda r: decimal_text(r.advice_per_hour),
            lambda r: MISSING if r.advice_per_hour is None else r.advice_per_hour,
            numeric=True,
        ),
        Column(_("Hats declared"), lambda r: str(r.hats), lambda r: r.hats, numeric=True),
    ]


class PracticeModel(RowsModel):
    def __init__(self, grain: Grain = Grain.MONTH, parent: QObject | None = None) -> None:
        super().__init__(practice_columns(grain), parent)
        self.grain = grain

    def show_periods(self, grain: Grain, periods: list[PracticePeriod]) -> None:
        if grain is not self.grain:
            self.grain = grain
            self.set_columns(practice_columns(grain))
        self.set_rows(periods)
