"""The whole practice, per week or month: sessions, active hours, the mean coachee share,
advice per hour and hats; and the coachees whose share is falling, to look at again.

Limited to a Four legs scheme, the coach's own spread over the four legs too: a count per leg
and period, and the leg offered least."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.history import (
    FALLING_WINDOW,
    FallingTrajectory,
    Grain,
    PracticePeriod,
    falling,
    is_partial,
)
from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import Side, TallyKind
from coachdesk.domain.ports import HistoryStore
from coachdesk.domain.scheme_presets import FOUR_LEGS, LEGS
from coachdesk.domain.schemes import Scheme
from coachdesk.domain.settings import HistoryChoice
from coachdesk.ui.charts import SideColours, chart_view, replace_chart
from coachdesk.ui.elide import WrappedLabel
from coachdesk.ui.history.formatting import decimal_text, percent_text, period_text, rule_text
from coachdesk.ui.history.practice_table import PracticeModel
from coachdesk.ui.history.trajectory_view import keep_rows, scrolled, sorted_proxy
from coachdesk.ui.history.trend_chart import PlotAligner, TrendPoint, day_ms, trend_charts

#: The falling list stays short: the steepest falls, the ones most worth a second look.
MAX_FALLING_SHOWN = 10


def falling_line(found: FallingTrajectory) -> str:
    return _("{name}: from {first} to {last} over their last {n} sessions").format(
        name=found.coachee.name,
        first=percent_text(found.shares[0]),
        last=percent_text(found.shares[-1]),
        n=len(found.shares),
    )


def period_tip(period: PracticePeriod, grain: Grain) -> str:
    """The counts behind a week's or month's points."""
    return ngettext(
        "{period}: {sessions} session; the coachee {coachee} of {total} noted; "
        "{advice} advice in {hours} hours",
        "{period}: {sessions} sessions; the coachee {coachee} of {total} noted; "
        "{advice} advice in {hours} hours",
        period.sessions,
    ).format(
        period=period_text(period.first_day, grain),
        sessions=period.sessions,
        coachee=period.coachee_side,
        total=period.coach_side + period.coachee_side,
        advice=period.coach_side,
        hours=decimal_text(period.active_hours),
    )


def least_leg_text(legs: Sequence[TallyKind], periods: Sequence[PracticePeriod]) -> str:
    """The leg the coach offered least over ``periods`` (ties: each of them), with its count
    of all leg tallies; "" without legs or without any leg tallied."""
    counts = {k.id: sum(p.kind_counts.get(k.id, 0) for p in periods) for k in legs}
    total = sum(counts.values())
    if not legs or not total:
        return ""
    fewest = min(counts.values())
    least = [k for k in legs if counts[k.id] == fewest]
    return ngettext(
        "Offered least over these periods: {legs} ({n} of {total} leg tallies).",
        "Offered least over these periods, tied: {legs} ({n} each of {total} leg tallies).",
        len(least),
    ).format(legs=", ".join(k.shown() for k in least), n=fewest, total=total)


class PracticeView(QWidget):
    #: The coach asked for this :class:`Coachee`'s trajectory.
    trajectory_requested = Signal(object)

    def __init__(
        self, store: HistoryStore, kinds: Sequence[TallyKind], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._colours = SideColours.of(kinds)
        self.target_share: float | None = None
        self.model = PracticeModel(parent=self)
        self.table = QTableView()
        self.table.setObjectName("practiceTable")
        self.table.setAccessibleName(_("The practice per period"))
        self.proxy = sorted_proxy(self.table, self)
        self.proxy.setSourceModel(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        keep_rows(self.table, 3)
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.legs = WrappedLabel()  # Four legs: the leg offered least
        self.legs.setObjectName("legsLeast")
        self.legs.setVisible(False)
        self.rule = WrappedLabel()  # the too-short rule, where the figures apply it
        self.rule.setObjectName("hint")
        self.rule.setVisible(False)
        share, rate = trend_charts([], self._colours, None, self.palette())
        self.chart = chart_view(share, name=_("Mean coachee share per period"))  # above
        self.chart.setObjectName("practiceChart")
        self.chart.setMinimumHeight(150)
        # advice per hour, below, on the same dates
        self.rate_chart = chart_view(rate, name=_("Advice per hour per period"))
        self.rate_chart.setObjectName("practiceRateChart")
        self.rate_chart.setMinimumHeight(150)
        self._aligner = PlotAligner([self.chart, self.rate_chart], self)
        self.falling_title = QLabel(_("Falling share"))
        self.falling_title.setObjectName("sectionTitle")
        self.falling_hint = WrappedLabel()
        self.falling_hint.setObjectName("hint")
        self.falling_list = QListWidget()
        self.falling_list.setObjectName("fallingList")
        self.falling_list.setAccessibleName(_("Falling share"))
        self.falling_list.setWordWrap(True)
        self.falling_list.setSpacing(3)
        self.falling_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.falling_open = QPushButton(_("Open trajectory"))
        self.falling_open.setEnabled(False)
        self.falling: list[FallingTrajectory] = []

        left = QWidget()
        table_side = QVBoxLayout(left)
        table_side.setContentsMargins(0, 0, 0, 0)
        table_side.addWidget(self.table, 1)
        table_side.addWidget(self.empty)
        table_side.addWidget(self.legs)
        table_side.addWidget(self.rule)
        table_side.addWidget(self.chart, 1)
        table_side.setSpacing(0)
        table_side.addWidget(self.rate_chart, 1)
        right = QWidget()
        right.setMinimumWidth(200)
        self.falling_side = right  # hidden for a scheme that notes no one's contributions
        falling_side = QVBoxLayout(right)
        falling_side.setContentsMargins(0, 0, 0, 0)
        falling_side.addWidget(self.falling_title)
        falling_side.addWidget(self.falling_hint)
        falling_side.addWidget(self.falling_list, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.falling_open)
        falling_side.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = scrolled(split)
        layout.addWidget(self.scroll_area)

        self.falling_list.currentRowChanged.connect(self._on_falling_list_current_row_changed)
        self.falling_list.itemActivated.connect(self._on_falling_list_item_activated)
        self.falling_open.clicked.connect(self._on_falling_open_clicked)

    def load(self, choice: HistoryChoice) -> None:
        chosen = self._scheme(choice.scheme)
        legs = self._legs(chosen)
        periods = self._store.practice(choice.grain, choice.filter, per_kind=bool(legs))
        today = date.today()
        partial = {
            p.first_day
            for p in periods
            if is_partial(p.first_day, choice.grain, choice.filter, today)
        }
        # a scheme with no kind on the coach's side counts no advice: no rate, not 0
        advice = chosen is None or any(k.party is Side.COACH for k in chosen.kinds)
        self.model.show_periods(choice.grain, periods, partial, legs, advice)
        # no kind on either side: no share to draw or to fall, and the room goes to the table
        sided = chosen is None or any(k.party is not Side.NEUTRAL for k in chosen.kinds)
        for widget in (self.falling_side, self.chart, self.rate_chart):
            widget.setVisible(sided)
        self.legs.setText(least_leg_text(legs, periods))
        self.legs.setVisible(bool(self.legs.text()))
        self.empty.setText(_("No ended sessions in the dates and coachees chosen."))
        self.empty.setVisible(not periods)
        self.rule.setText(rule_text(choice.min_minutes))
        self.rule.setVisible(bool(self.rule.text()))
        share, rate = trend_charts(
            [
                TrendPoint(
                    day_ms(p.first_day),
                    p.mean_share,
                    p.advice_per_hour if advice else None,
                    p.first_day in partial,
                    period_tip(p, choice.grain),
                )
                for p in sorted(periods, key=lambda p: p.first_day)
            ],
            self._colours,
            self.target_share,
            self.palette(),
            _("partial week") if choice.grain is Grain.WEEK else _("partial month"),
        )
        replace_chart(self.chart, share)
        replace_chart(self.rate_chart, rate)
        self._aligner.watch()
        every = falling(self._store.latest_shares(choice.filter, FALLING_WINDOW))
        self.falling = every[:MAX_FALLING_SHOWN]
        self.falling_list.clear()
        for found in self.falling:
            self.falling_list.addItem(QListWidgetItem(falling_line(found)))
        if not every:
            hint = _("No coachee's share is falling across their last sessions.")
        elif len(every) > len(self.falling):
            hint = _(
                "The {shown} steepest of {total} coachees whose share fell across their last "
                "{n} sessions."
            ).format(shown=len(self.falling), total=len(every), n=FALLING_WINDOW)
        else:
            hint = _(
                "Coachees whose share fell across their last {n} sessions, steepest first."
            ).format(n=FALLING_WINDOW)
        self.falling_hint.setText(hint)
        self.falling_open.setEnabled(False)

    def _scheme(self, key: str | None) -> Scheme | None:
        """The chosen scheme's newest version, or None for every scheme."""
        if key is None:
            return None
        return next((s for s in self._store.schemes_with_sessions() if s.key == key), None)

    def _legs(self, scheme: Scheme | None) -> list[TallyKind]:
        """The legs of ``scheme`` if it is a Four legs scheme, else none."""
        if scheme is None or scheme.preset != FOUR_LEGS:
            return []
        return [k for k in self._store.scheme_kinds(scheme.key) if k.key in LEGS]

    def _on_falling_list_current_row_changed(self, row: int) -> None:
        self.falling_open.setEnabled(0 <= row < len(self.falling))

    def _on_falling_list_item_activated(self, _item: QListWidgetItem) -> None:
        self._on_falling_open_clicked()

    def _on_falling_open_clicked(self) -> None:
        row = self.falling_list.currentRow()
        if 0 <= row < len(self.falling):
            self.trajectory_requested.emit(self.falling[row].coachee)
