"""The history tables' models, over plain values: what each cell says, how each column
sorts, the accent-insensitive search; every model passes Qt's model tester."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from pytestqt.modeltest import ModelTester

from coachdesk.domain.history import CoacheeOverview, Grain, PracticePeriod, SessionFacts
from coachdesk.domain.model import Coachee, CoacheeId, Hat, SessionId, Side, TallyKind, TallyKindId
from coachdesk.ui.history.coachee_list import CoacheeModel, CoacheeSearch
from coachdesk.ui.history.practice_table import PracticeModel
from coachdesk.ui.history.practice_view import least_leg_text
from coachdesk.ui.history.rows_model import SORT_ROLE, RowsModel
from coachdesk.ui.history.session_table import CompareModel, Layout, SessionModel, compare_rows
from coachdesk.ui.history.trajectory_view import legs_text

pytestmark = pytest.mark.usefixtures("english_numbers")

KINDS = [
    TallyKind(TallyKindId(1), "1", "advice given", Side.COACH, 0, "#D9822B"),
    TallyKind(TallyKindId(2), "2", "coachee action noted", Side.COACHEE, 1, "#2A9D8F"),
    TallyKind(TallyKindId(3), "3", "role hat declared", Side.NEUTRAL, 2, "#7B6CC9", "hat"),
]
DAY_MS = 86_400_000
T0 = 1_767_225_600_000  # 2026-01-01 00:00 UTC


def overview(
    cid: int, name: str, sessions: int, share: float | None, **kw: object
) -> CoacheeOverview:
    last = T0 + cid * DAY_MS if sessions else None
    return CoacheeOverview(Coachee(CoacheeId(cid), name), sessions, last, share, **kw)  # type: ignore[arg-type]


OVERVIEWS = [
    overview(1, "Özlem Özdemir", 12, 0.62),
    overview(2, "anna de Vries", 3, 0.25, note="prefers mornings"),
    overview(3, "Bram", 0, None),
    overview(4, "Coachee K-17", 7, 0.5, archived=True),
]


def facts(sid: int, day: int, advice: int, actions: int, hats: dict[Hat, int]) -> SessionFacts:
    return SessionFacts(
        SessionId(sid),
        CoacheeId(1),
        T0 + day * DAY_MS,
        45 * 60_000 + sid * 1000,
        True,
        advice,
        actions,
        {TallyKindId(1): advice, TallyKindId(2): actions, TallyKindId(3): sum(hats.values())},
        hats,
        number=sid - 8,
    )


SESSIONS = [
    facts(11, 0, 6, 2, {Hat.MENTOR: 1}),
    facts(12, 14, 3, 3, {}),
    facts(13, 28, 0, 0, {Hat.ASSESSOR: 2, Hat.COACH: 1}),
]


def texts(model: QSortFilterProxyModel | RowsModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_coachee_list_shows_and_sorts(qtmodeltester: ModelTester) -> None:
    model = CoacheeModel()
    model.set_rows(OVERVIEWS)
    qtmodeltester.check(model, force_py=True)
    proxy = CoacheeSearch()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == [
        "Coachee",
        "Sessions",
        "Last session",
        "Latest balance",
    ]
    assert texts(model, 0)[3] == "Coachee K-17 (archived)"
    assert texts(model, 3) == ["62%", "25%", "\u2013", "50%"]
    assert model.index(1, 0).data(Qt.ItemDataRole.ToolTipRole) == "prefers mornings"
    assert model.index(3, 0).data(Qt.ItemDataRole.FontRole).italic()

    proxy.sort(0, Qt.SortOrder.AscendingOrder)  # by name, whatever the case or accents
    assert texts(proxy, 0) == ["anna de Vries", "Bram", "Coachee K-17 (archived)", "Özlem Özdemir"]
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert texts(proxy, 1) == ["12", "7", "3", "0"]
    proxy.sort(3, Qt.SortOrder.AscendingOrder)  # no balance yet sorts first
    assert texts(proxy, 3) == ["\u2013", "25%", "50%", "62%"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ozdemir", ["Özlem Özdemir"]),
        ("ÖZLEM", ["Özlem Özdemir"]),
        ("VRIES anna", ["anna de Vries"]),
        ("k-17", ["Coachee K-17 (archived)"]),
        ("nobody", []),
        ("", ["anna de Vries", "Bram", "Coachee K-17 (archived)", "Özlem Özdemir"]),
    ],
)
def test_search_ignores_case_and_accents(query: str, found: list[str]) -> None:
    model = CoacheeModel()
    model.set_rows(OVERVIEWS)
    proxy = CoacheeSearch()
    proxy.setSourceModel(model)
    proxy.sort(0)
    proxy.set_query(query)
    assert texts(proxy, 0) == found


def test_session_table_has_a_column_per_kind(qtmodeltester: ModelTester) -> None:
    model = SessionModel(KINDS)
    model.set_rows(SESSIONS)
    qtmodeltester.check(model, force_py=True)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "No.",
        "Date",
        "Active",
        "advice given",
        "coachee action noted",
        "role hat declared",
        "Coachee share",
        "Hats",
        "Actions done",
        "Figures",
    ]
    assert texts(model, 0) == ["3", "4", "5"]  # this coachee's 3rd, 4th and 5th session
    assert texts(model, 2) == ["45:11", "45:12", "45:13"]
    assert texts(model, 3) == ["6", "3", "0"]
    assert texts(model, 6) == ["25%", "50%", "\u2013"]
    assert texts(model, 7) == ["mentor 1", "", "assessor 2, coach 1"]
    assert texts(model, 8) == ["", "", ""]  # every one counted in figures
    proxy = QSortFilterProxyModel()
    proxy.setSortRole(SORT_ROLE)
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy, force_py=True)
    proxy.sort(6, Qt.SortOrder.DescendingOrder)
    assert texts(proxy, 6) == ["50%", "25%", "\u2013"]
    proxy.sort(1, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 3).data() for r in range(3)] == ["0", "3", "6"]


def test_two_sessions_side_by_side(qtmodeltester: ModelTester) -> None:
    model = CompareModel()
    qtmodeltester.check(model, force_py=True)
    model.compare(KINDS, SESSIONS[0], SESSIONS[1])
    qtmodeltester.check(model, force_py=True)
    assert model.columnCount() == 3
    rows = compare_rows(KINDS, SESSIONS[0], SESSIONS[1])
    assert [
        tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())
    ] == rows
    by_figure = {label: (a, b) for label, a, b in rows}
    assert by_figure["Coachee share"] == ("25%", "50%")
    assert by_figure["advice given"] == ("6", "3")
    assert by_figure["Advice per hour"] == ("8.0", "4.0")
    assert by_figure["Hats"] == ("mentor 1", "\u2013")


def test_practice_table_per_month_and_per_week(qtmodeltester: ModelTester) -> None:
    periods = [
        PracticePeriod(date(2026, 3, 1), 4, 3 * 3_600_000, 12, 18, 2, 0.6),
        PracticePeriod(date(2026, 4, 1), 1, 1_800_000, 0, 0, 0, None),
    ]
    model = PracticeModel()
    model.show_periods(Grain.MONTH, periods)
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Month"
    assert texts(model, 0) == ["March 2026", "April 2026"]
    assert texts(model, 2) == ["3.0", "0.5"]
    assert texts(model, 3) == ["60%", "\u2013"]
    assert texts(model, 4) == ["4.0", "0.0"]
    assert texts(model, 5) == ["2", "0"]
    weeks = [PracticePeriod(date(2026, 3, 2), 2, 3_600_000, 1, 1, 1, 0.5)]
    model.show_periods(Grain.WEEK, weeks)
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Week"
    assert texts(model, 0) == ["week of 2026-03-02"]  # its Monday, not a week number


# -- what a scheme's legs say --------------------------------------------------------------

LEG_KINDS = [
    TallyKind(TallyKindId(20 + n), key, label, Side.NEUTRAL, n, "#888888")
    for n, (key, label) in enumerate(
        [
            ("socio_emotional", "socio-emotional support"),
            ("network", "network support"),
            ("autonomy", "autonomy support"),
            ("career", "career support"),
        ]
    )
]


def leg_period(month: int, *counts: int) -> PracticePeriod:
    return PracticePeriod(
        date(2026, month, 1),
        1,
        3_600_000,
        0,
        0,
        0,
        None,
        {k.id: n for k, n in zip(LEG_KINDS, counts, strict=True) if n},
    )


def test_the_leg_offered_least_names_every_tie_and_nothing_without_legs() -> None:
    periods = [leg_period(3, 2, 0, 1, 4), leg_period(4, 1, 0, 0, 2)]
    assert least_leg_text(LEG_KINDS, periods) == (
        "Offered least over these periods: network support (0 of 10 leg tallies)."
    )
    tied = [leg_period(3, 2, 1, 1, 4)]
    assert least_leg_text(LEG_KINDS, tied) == (
        "Offered least over these periods, tied: network support, autonomy support "
        "(1 each of 8 leg tallies)."
    )
    assert least_leg_text(LEG_KINDS, [leg_period(3, 0, 0, 0, 0)]) == ""  # none offered
    assert least_leg_text([], periods) == ""  # not a Four legs scheme


def leg_session(sid: int, *counts: int, left_out: bool = False) -> SessionFacts:
    kinds = {k.id: n for k, n in zip(LEG_KINDS, counts, strict=True) if n}
    return SessionFacts(
        SessionId(sid),
        CoacheeId(1),
        T0 + sid * DAY_MS,
        3_600_000,
        True,
        0,
        0,
        kinds,
        left_out=left_out,
        scheme="four_legs",
    )


def test_sessions_since_each_leg_counts_only_sessions_counted_in_figures() -> None:
    layout = Layout(tuple(LEG_KINDS), preset="four_legs")
    sessions = [
        leg_session(1, 1, 0, 1, 0),
        leg_session(2, 0, 0, 0, 1),
        leg_session(3, 0, 5, 0, 0, left_out=True),  # left out: its network support is not news
        leg_session(4, 1, 0, 0, 0),
    ]
    assert legs_text(layout, sessions) == (
        "Sessions since each leg was last touched (of 3 counted sessions; 0: in the last one): "
        "socio-emotional support: 0; network support: never touched; autonomy support: 2; "
        "career support: 1."
    )
    assert legs_text(Layout(tuple(LEG_KINDS)), sessions) == ""  # a scheme of the coach's own
    assert legs_text(layout, sessions[2:3]) == ""  # no session counted


def test_listening_figures_follow_from_counts() -> None:
    kinds = [
        TallyKind(TallyKindId(30 + n), key, key.replace("_", " "), Side.NEUTRAL, n, "#888888")
        for n, key in enumerate(
            ["open_question", "closed_question", "simple_reflection", "complex_reflection"]
        )
    ]
    layout = Layout(tuple(kinds), preset="listening")
    heard = SessionFacts(
        SessionId(1),
        CoacheeId(1),
        T0,
        3_600_000,
        True,
        0,
        0,
        {kinds[0].id: 3, kinds[1].id: 1, kinds[2].id: 1, kinds[3].id: 3},
    )
    silent = SessionFacts(SessionId(2), CoacheeId(1), T0 + DAY_MS, 3_600_000, True, 0, 0, {})
    rows = {label: (a, b) for label, a, b in compare_rows(layout, heard, silent)}
    assert rows["Reflections per question"] == ("1.0", "\u2013")  # no question: no figure
    assert rows["Complex reflections"] == ("75%", "\u2013")
    assert "Hats" not in rows  # no hat in this scheme
