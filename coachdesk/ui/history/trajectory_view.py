"""One coachee's trajectory: their sessions in a sortable table, the share's trend above the
advice rate on the same dates, any session's review a double-click away, and two sessions side by
side.

The table's counts follow the schemes of the sessions in view (see
:class:`~coachdesk.ui.history.session_table.Layout`); sessions of a Four legs scheme also say,
under the table, how long each leg has been missing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.errors import CoachdeskError
from coachdesk.domain.history import Counting, SessionFacts, toggled_counting, with_agreed
from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import Coachee, SessionId, Side, TallyKind
from coachdesk.domain.ports import HistoryStore
from coachdesk.domain.scheme_figures import sessions_since_leg
from coachdesk.domain.scheme_presets import FOUR_LEGS, LEGS
from coachdesk.domain.schemes import Scheme
from coachdesk.domain.settings import HistoryChoice
from coachdesk.ui.charts import SideColours, chart_view, replace_chart
from coachdesk.ui.elide import WrappedLabel
from coachdesk.ui.history.formatting import day_text, duration_text, percent_text, rule_text
from coachdesk.ui.history.rows_model import RESIZE_PRECISION, SORT_ROLE
from coachdesk.ui.history.session_table import CompareModel, Layout, SessionModel
from coachdesk.ui.history.trend_chart import PlotAligner, TrendPoint, trend_charts


def session_tip(facts: SessionFacts) -> str:
    """The counts behind a session's points: ``2026-08-11: the coachee 10 of 14 (71%);
    4 advice in 1:29:05``."""
    total = facts.coach_side + facts.coachee_side
    share = _("the coachee {coachee} of {total} ({percent})").format(
        coachee=facts.coachee_side, total=total, percent=percent_text(facts.share)
    )
    return _("Session {number}, {day}: {share}; {advice} advice in {active}").format(
        number=facts.number,
        day=day_text(facts.started_at_ms),
        share=share,
        advice=facts.coach_side,
        active=duration_text(facts.active_ms),
    )


def scrolled(content: QWidget) -> QScrollArea:
    """``content`` in a scroll area that fills the view: in a low window (1280x800 at 200%
    leaves 400 logical pixels) it scrolls rather than squeezing tables below their rows or
    pushing the window past the screen."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area


def keep_rows(table: QTableView, rows: int) -> None:
    """However low the window, ``table`` keeps this many rows in view (the page scrolls
    instead), above a sideways scroll bar."""
    table.setMinimumHeight(
        table.horizontalHeader().sizeHint().height()
        + rows * table.verticalHeader().defaultSectionSize()
        + table.horizontalScrollBar().sizeHint().height()
        + 2 * table.frameWidth()
    )


def sorted_proxy(view: QTableView, parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSortRole(SORT_ROLE)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return proxy


def layout_for(
    facts: Sequence[SessionFacts],
    chosen: str | None,
    schemes: Sequence[Scheme],
    kinds_of: Callable[[str], Sequence[TallyKind]],
    default: Sequence[TallyKind],
) -> Layout:
    """The columns for these sessions: the chosen scheme's kinds; else, when all are of one
    scheme, its kinds; else (several schemes) the balance's sides and each one's scheme.
    With no session and no scheme chosen, ``default``'s kinds."""
    by_key = {s.key: s for s in schemes}
    used = list(dict.fromkeys(f.scheme for f in facts))
    no_advice = frozenset(s.key for s in schemes if not any(k.party is Side.COACH for k in s.kinds))
    key = chosen if chosen is not None else (used[0] if len(used) == 1 else None)
    if key is not None:
        scheme = by_key.get(key)
        return replace(
            Layout.of(kinds_of(key)),
            preset=scheme.preset if scheme is not None else None,
            no_advice=no_advice,
        )
    if len(used) > 1:
        names = {k: by_key[k].name.shown() if k in by_key else k for k in used}
        return Layout(schemes=names, no_advice=no_advice)
    return Layout.of(default)


def legs_text(layout: Layout, facts: Sequence[SessionFacts]) -> str:
    """``Sessions since each leg was last touched: socio-emotional support 0, ...`` over the
    counted sessions, oldest to newest; "" unless the columns are a Four legs scheme's."""
    if layout.preset != FOUR_LEGS or layout.mixed:
        return ""
    legs = {k.key: k for k in layout.kinds if k.key in LEGS}
    counted = [f for f in sorted(facts, key=lambda f: (f.started_at_ms, f.id)) if f.counted]
    if not legs or not counted:
        return ""
    since = sessions_since_leg(
        [{key for key, kind in legs.items() if f.kind_counts.get(kind.id, 0)} for f in counted]
    )
    parts = [
        _("{leg}: never touched").format(leg=legs[leg].shown())
        if since[leg] is None
        else _("{leg}: {n}").format(leg=legs[leg].shown(), n=since[leg])
        for leg in LEGS
        if leg in legs
    ]
    return ngettext(
        "Sessions since each leg was last touched (of {n} counted session; 0: in the last "
        "one): {legs}.",
        "Sessions since each leg was last touched (of {n} counted sessions; 0: in the last "
        "one): {legs}.",
        len(counted),
    ).format(n=len(counted), legs="; ".join(parts))


class TrajectoryView(QWidget):
    #: A session was left out of figures or counted again: other views' figures changed.
    figures_changed = Signal()

    def __init__(
        self,
        store: HistoryStore,
        kinds: Sequence[TallyKind],
        open_review: Callable[[SessionId], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._kinds = list(kinds)  # shown when there is no session to follow
        self._open_review = open_review
        self._colours = SideColours.of(kinds)
        self.target_share: float | None = None
        self.coachee: Coachee | None = None
        self._choice: HistoryChoice | None = None
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = WrappedLabel()
        self.hint.setObjectName("hint")
        self.legs = WrappedLabel()  # Four legs: how long each leg has been missing
        self.legs.setObjectName("legsSince")
        self.legs.setVisible(False)
        self.model = SessionModel(kinds, self)
        self.table = QTableView()
        self.table.setObjectName("sessionTable")
        self.table.setAccessibleName(_("Sessions of this coachee"))
        self.proxy = sorted_proxy(self.table, self)
        self.proxy.setSourceModel(self.model)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        keep_rows(self.table, 4)
        self.review_button = QPushButton(_("Open review"))
        self.review_button.setEnabled(False)
        self.leave_out_action = QAction(_("Leave out of figures"), self)
        self.leave_out_action.setEnabled(False)
        self.leave_out_button = QPushButton(self.leave_out_action.text())
        self.leave_out_button.setEnabled(False)
        #: Deletes a session for good, after a confirmation (set by the app: it needs the
        #: erasure log and the backups); None: not offered.
        self.erase_session: Callable[[SessionId], None] | None = None
        self.delete_action = QAction(_("Delete session…"), self)
        self.delete_action.setEnabled(False)
        self.delete_button = QPushButton(self.delete_action.text())
        self.delete_button.setObjectName("deleteSessionButton")
        self.delete_button.setEnabled(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.addAction(self.leave_out_action)
        self.table.addAction(self.delete_action)
        self.compare_model = CompareModel(self)
        self.compare = QTableView()
        self.compare.setObjectName("compareTable")
        self.compare.setAccessibleName(_("Two sessions side by side"))
        self.compare.setModel(self.compare_model)
        self.compare.verticalHeader().hide()
        self.compare.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.compare.setVisible(False)
        share, rate = trend_charts([], self._colours, None, self.palette())
        self.chart = chart_view(share, name=_("Coachee share per session"))  # above
        self.chart.setObjectName("trendChart")
        self.chart.setMinimumHeight(130)
        # advice per hour, below, on the same dates
        self.rate_chart = chart_view(rate, name=_("Advice per hour per session"))
        self.rate_chart.setObjectName("rateChart")
        self.rate_chart.setMinimumHeight(130)
        self._aligner = PlotAligner([self.chart, self.rate_chart], self)
        self.rule = WrappedLabel()  # the too-short rule, where the charts apply it
        self.rule.setObjectName("hint")
        self.rule.setVisible(False)
        charts = self.charts = QWidget()
        charts.setMinimumWidth(420)  # room for whole dates under the charts
        stacked = QVBoxLayout(charts)
        stacked.setContentsMargins(0, 0, 0, 0)
        stacked.setSpacing(0)
        stacked.addWidget(self.rule)
        stacked.addWidget(self.chart)
        stacked.addWidget(self.rate_chart)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.leave_out_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.review_button)
        top = QWidget()
        upper = QVBoxLayout(top)
        upper.setContentsMargins(0, 0, 0, 0)
        upper.addWidget(self.title)
        upper.addWidget(self.table, 1)
        upper.addWidget(self.legs)
        upper.addWidget(self.hint)
        upper.addLayout(buttons)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(charts)
        lower.addWidget(self.compare)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)  # the table never shrinks below four rows
        split.addWidget(top)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = scrolled(split)
        layout.addWidget(self.scroll_area)

        self.table.activated.connect(self._on_review_button_clicked)
        self.review_button.clicked.connect(self._on_review_button_clicked)
        self.leave_out_action.triggered.connect(self._on_leave_out_action_triggered)
        self.leave_out_button.clicked.connect(self.leave_out_action.trigger)
        self.delete_action.triggered.connect(self._on_delete_action_triggered)
        self.delete_button.clicked.connect(self.delete_action.trigger)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self._show_hint()

    def show_coachee(self, coachee: Coachee | None) -> None:
        """Show this coachee's trajectory from the next :meth:`load` on."""
        self.coachee = coachee

    def load(self, choice: HistoryChoice) -> None:
        self._choice = choice
        facts = (
            []
            if self.coachee is None
            else with_agreed(
                self._store.trajectory(self.coachee.id, choice.filter),
                self._store.actions_done(self.coachee.id),
            )
        )
        self.title.setText(
            self.coachee.name if self.coachee else _("Pick a coachee to see their trajectory.")
        )
        layout = layout_for(
            facts,
            choice.scheme,
            self._store.schemes_with_sessions(),
            self._store.scheme_kinds,
            self._kinds,
        )
        self.model.show_sessions(facts, layout)
        self.legs.setText(legs_text(layout, facts))
        self.legs.setVisible(bool(self.legs.text()))
        # a scheme that notes no one's contributions has no share and no advice to draw
        self.charts.setVisible(
            layout.mixed
            or not layout.kinds
            or any(k.side is not Side.NEUTRAL for k in layout.kinds)
        )
        self.compare.setVisible(False)
        self._show_hint()
        share, rate = trend_charts(
            [
                TrendPoint(f.started_at_ms, f.share, layout.advice_per_hour(f), tip=session_tip(f))
                for f in sorted(facts, key=lambda f: f.started_at_ms)
                if f.counted
            ],
            self._colours,
            self.target_share,
            self.palette(),
        )
        replace_chart(self.chart, share)
        replace_chart(self.rate_chart, rate)
        self._aligner.watch()
        self.rule.setText(rule_text(choice.min_minutes))
        self.rule.setVisible(bool(self.rule.text()))

    def sessions(self) -> list[SessionFacts]:
        rows: list[SessionFacts] = self.model.rows()
        return rows

    def selected(self) -> list[SessionFacts]:
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        picked: list[SessionFacts] = [
            self.model.row_at(self.proxy.mapToSource(i).row()) for i in rows
        ]
        return sorted(picked, key=lambda f: f.started_at_ms)

    def _show_hint(self) -> None:
        n = self.model.rowCount()
        if self.coachee is None:
            self.hint.setText(_("Pick a coachee in the list, then Open trajectory."))
        elif n == 0:
            self.hint.setText(_("No sessions in the dates chosen."))
        else:
            self.hint.setText(
                ngettext(
                    "{n} session. Double-click one or press Enter to open its review; "
                    "pick two (Ctrl+click) to compare them.",
                    "{n} sessions. Double-click one or press Enter to open its review; "
                    "pick two (Ctrl+click) to compare them.",
                    n,
                ).format(n=n)
            )

    def _on_table_selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        picked = self.selected()
        self.review_button.setEnabled(len(picked) == 1)
        self._show_leave_out(picked)
        deletable = self.erase_session is not None and len(picked) == 1 and picked[0].ended
        self.delete_action.setEnabled(deletable)
        self.delete_button.setEnabled(deletable)
        if len(picked) == 2:
            self.compare_model.compare(self.model.layout, picked[0], picked[1])
        self.compare.setVisible(len(picked) == 2)

    def _show_leave_out(self, picked: list[SessionFacts]) -> None:
        toggled = toggled_counting(picked[0]) if len(picked) == 1 else Counting.LEFT_OUT
        if toggled is Counting.LEFT_OUT:
            text = _("Leave out of figures")
        elif picked[0].left_out:
            text = _("Count in figures again")
        else:
            text = _("Count in figures anyway")
        for widget in (self.leave_out_action, self.leave_out_button):
            widget.setText(text)
            widget.setEnabled(len(picked) == 1)

    def _on_leave_out_action_triggered(self) -> None:
        picked = self.selected()
        if len(picked) != 1:
            return
        session = picked[0]
        try:
            self._store.set_counting(session.id, toggled_counting(session))
        except CoachdeskError as refusal:
            self.hint.setText(str(refusal))
            return
        self.load(self._choice or HistoryChoice())
        self._select_session(session.id)
        self.figures_changed.emit()

    def _on_delete_action_triggered(self) -> None:
        picked = self.selected()
        if len(picked) == 1 and self.erase_session is not None:
            self.erase_session(picked[0].id)

    def _select_session(self, session_id: SessionId) -> None:
        for row, facts in enumerate(self.model.rows()):
            if facts.id == session_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def _on_review_button_clicked(self) -> None:
        current = self.table.currentIndex()
        picked = self.selected()
        if len(picked) == 1:
            self._open_review(picked[0].id)
        elif current.isValid():
            self._open_review(self.model.row_at(self.proxy.mapToSource(current).row()).id)
