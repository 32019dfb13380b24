"""The history window on sessions of several tally schemes: a Scheme filter (remembered), the
trajectory compared on the balance alone when its sessions mix schemes and on one scheme's
own kinds and figures when it is chosen (Four legs: how long each leg has been missing;
Listening: reflections per question and the complex share), and the practice's spread over
the four legs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCharts import QLineSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QTableView
from pytestqt.qtbot import QtBot

from coachdesk.domain import i18n
from coachdesk.domain.settings import HistoryChoice
from coachdesk.store import SqlStore
from coachdesk.ui.history.trend_chart import ADVICE_SERIES
from coachdesk.ui.history.window import HistoryWindow
from tests.ui.driving import click_row, open_trajectory
from tests.ui.history_data import hold, hold_with

pytestmark = pytest.mark.usefixtures("english_numbers")

BALANCE_COLUMNS = ["advice given", "coachee action noted", "role hat declared"]
LEG_NAMES = ["socio-emotional support", "network support", "autonomy support", "career support"]


@dataclass
class Opened:
    window: HistoryWindow
    choices: list[HistoryChoice] = field(default_factory=list)


def open_window(qtbot: QtBot, store: SqlStore, choice: HistoryChoice | None = None) -> Opened:
    choices: list[HistoryChoice] = []
    window = HistoryWindow(
        store,
        choice or HistoryChoice(),
        choices.append,
        print,
        store.scheme_kinds("balance"),
        None,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return Opened(window, choices)


def headers(table: QTableView) -> list[str]:
    model = table.model()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def column(table: QTableView, header: str) -> list[str]:
    model = table.model()
    c = headers(table).index(header)
    return [model.index(r, c).data() for r in range(model.rowCount())]


def items(box: QComboBox) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def choose_scheme(qtbot: QtBot, window: HistoryWindow, name: str) -> None:
    """Pick a scheme in the filter bar with the arrow keys, as a keyboard user does."""
    box = window.filter_bar.scheme
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Home)
    for _step in range(box.count()):
        if box.currentText() == name:
            return
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.currentText() == name


@pytest.fixture
def mixed(store: SqlStore) -> SqlStore:
    """Anna: two Balance sessions, then four with Four legs (network support never offered,
    autonomy support only in the first); Bram: Listening only."""
    hold(store, "Anna", 0, "1122")
    hold(store, "Anna", 7, "2221")
    hold_with(store, "Anna", 14, "four_legs", ["socio_emotional", "autonomy", "career"])
    hold_with(store, "Anna", 21, "four_legs", ["socio_emotional", "career"])
    hold_with(store, "Anna", 28, "four_legs", ["career", "career"])
    hold_with(store, "Anna", 35, "four_legs", ["socio_emotional"])
    questions = ["open_question"] * 3 + ["closed_question"]
    hold_with(
        store, "Bram", 2, "listening", [*questions, "simple_reflection", "complex_reflection"]
    )
    hold_with(store, "Bram", 9, "listening", ["open_question", "complex_reflection"] * 2)
    return store


@pytest.fixture
def dutch() -> Iterator[None]:
    i18n.install("nl")
    yield
    i18n.install("en")


def test_sessions_of_several_schemes_are_compared_on_the_balance(
    qtbot: QtBot, mixed: SqlStore
) -> None:
    window = open_window(qtbot, mixed).window
    open_trajectory(qtbot, window, "Anna")
    table = window.trajectory.table
    shown = headers(table)
    assert not set(shown) & {*BALANCE_COLUMNS, *LEG_NAMES}  # no kind of either scheme
    assert shown[3:6] == ["Scheme", "Coach's tallies", "Coachee's tallies"]
    assert column(table, "Scheme") == ["Balance"] * 2 + ["Four legs of the chair"] * 4
    assert column(table, "Coach's tallies") == ["2", "1", "0", "0", "0", "0"]
    assert column(table, "Coachee's tallies") == ["2", "3", "0", "0", "0", "0"]
    assert column(table, "Coachee share") == ["50%", "75%", "\u2013", "\u2013", "\u2013", "\u2013"]
    assert not window.trajectory.legs.isVisible()  # not limited to Four legs

    click_row(qtbot, table, 1)  # a Balance session and a Four legs one, side by side
    rect = table.visualRect(table.model().index(2, 0))
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        rect.center(),
    )
    model = window.trajectory.compare_model
    rows = {
        model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 2).data())
        for r in range(model.rowCount())
    }
    assert rows["Scheme"] == ("Balance", "Four legs of the chair")
    assert rows["Coach's tallies"] == ("1", "0")
    assert rows["Coachee's tallies"] == ("3", "0")
    assert rows["Advice per hour"] == ("1.3", "\u2013")  # Four legs counts no advice: no rate
    assert not set(rows) & {*BALANCE_COLUMNS, *LEG_NAMES}
    # Advice per hour is drawn for the Balance sessions only, not as 0 for the others.
    rate = window.trajectory.rate_chart.chart()
    line = next(x for x in rate.series() if x.objectName() == ADVICE_SERIES)
    assert isinstance(line, QLineSeries)
    starts = [f.started_at_ms for f in window.trajectory.sessions()]
    assert [p.x() for p in line.points()] == starts[:2]


def test_the_scheme_filter_offers_the_schemes_that_have_sessions_and_is_remembered(
    qtbot: QtBot, mixed: SqlStore
) -> None:
    opened = open_window(qtbot, mixed)
    window = opened.window
    box = window.filter_bar.scheme
    assert box.isVisible()
    assert items(box) == [
        "All schemes",
        "Balance",
        "Four legs of the chair",
        "Listening (MI-style)",
    ]
    choose_scheme(qtbot, window, "Four legs of the chair")
    assert opened.choices[-1].scheme == "four_legs"
    assert [o.coachee.name for o in window.coachees.model.rows() if o.sessions] == ["Anna"]

    again = open_window(qtbot, mixed, opened.choices[-1]).window  # the next run
    assert again.filter_bar.scheme.currentText() == "Four legs of the chair"
    open_trajectory(qtbot, again, "Anna")
    assert column(again.trajectory.table, "No.") == ["3", "4", "5", "6"]  # numbered over all


def test_a_remembered_scheme_without_sessions_stays_chosen_and_shows_none(
    qtbot: QtBot, mixed: SqlStore
) -> None:
    window = open_window(qtbot, mixed, HistoryChoice(scheme="grow")).window
    box = window.filter_bar.scheme
    assert box.currentText() == "GROW phases"  # by its name, though no session has it
    assert [o.sessions for o in window.coachees.model.rows()] == [0, 0]
    open_trajectory(qtbot, window, "Anna")
    assert window.trajectory.proxy.rowCount() == 0
    choose_scheme(qtbot, window, "All schemes")
    assert window.trajectory.proxy.rowCount() == 6


def test_four_legs_shows_each_leg_and_how_long_it_has_been_missing(
    qtbot: QtBot, mixed: SqlStore
) -> None:
    window = open_window(qtbot, mixed).window
    choose_scheme(qtbot, window, "Four legs of the chair")
    open_trajectory(qtbot, window, "Anna")
    table = window.trajectory.table
    assert headers(table)[3:7] == LEG_NAMES
    assert "Scheme" not in headers(table) and "Hats" not in headers(table)
    assert "Coachee share" not in headers(table)  # no leg counts for a side: no share
    assert column(table, "career support") == ["1", "1", "2", "0"]
    legs = window.trajectory.legs
    assert legs.isVisible()
    assert not window.trajectory.charts.isVisible()  # no share, no advice: nothing to draw
    assert legs.text() == (
        "Sessions since each leg was last touched (of 4 counted sessions; 0: in the last "
        "one): socio-emotional support: 0; network support: never touched; "
        "autonomy support: 3; career support: 1."
    )

    choose_scheme(qtbot, window, "Balance")  # Anna's Balance sessions, as before schemes
    assert headers(table)[3:6] == BALANCE_COLUMNS
    assert "Coachee share" in headers(table)
    assert column(table, "No.") == ["1", "2"]
    assert not legs.isVisible()
    assert window.trajectory.charts.isVisible()


def test_all_of_one_scheme_shows_its_kinds_without_choosing_it(
    qtbot: QtBot, mixed: SqlStore
) -> None:
    window = open_window(qtbot, mixed).window
    open_trajectory(qtbot, window, "Bram")  # only Listening sessions, all schemes chosen
    table = window.trajectory.table
    shown = headers(table)
    assert "Scheme" not in shown
    assert {"open question", "complex reflection"} <= set(shown)
    # 2 reflections for 4 questions; then 2 for 2, both complex
    assert column(table, "Reflections per question") == ["0.5", "1.0"]
    assert column(table, "Complex reflections") == ["50%", "100%"]


def test_the_practice_shows_the_coachs_spread_over_the_legs(qtbot: QtBot, mixed: SqlStore) -> None:
    window = open_window(qtbot, mixed).window
    window.tabs.setCurrentWidget(window.practice)
    table = window.practice.table
    assert not set(headers(table)) & set(LEG_NAMES)  # every scheme: the balance only
    assert not window.practice.legs.isVisible()
    assert window.practice.falling_side.isVisible()

    choose_scheme(qtbot, window, "Four legs of the chair")
    assert headers(table)[3:7] == LEG_NAMES  # after the sessions and their hours
    assert column(table, "Advice per hour") == ["\u2013", "\u2013"]  # none counted, not 0
    assert column(table, "Month") == ["March 2026", "April 2026"]
    assert column(table, "Sessions") == ["3", "1"]  # the Balance and Listening ones left out
    assert column(table, "socio-emotional support") == ["2", "1"]
    assert column(table, "network support") == ["0", "0"]
    assert column(table, "career support") == ["4", "0"]
    assert window.practice.legs.isVisible()
    assert not window.practice.falling_side.isVisible()  # no share in Four legs to fall
    assert not window.practice.chart.isVisible() and not window.practice.rate_chart.isVisible()
    assert window.practice.legs.text() == (
        "Offered least over these periods: network support (0 of 8 leg tallies)."
    )


def test_dutch_names_the_schemes_and_legs_in_dutch(
    qtbot: QtBot, mixed: SqlStore, dutch: None
) -> None:
    window = open_window(qtbot, mixed).window
    assert items(window.filter_bar.scheme)[:3] == [
        "Alle turfschema's",
        "Balans",
        "Vier poten van de stoel",
    ]
    choose_scheme(qtbot, window, "Vier poten van de stoel")
    open_trajectory(qtbot, window, "Anna")
    assert "netwerkondersteuning" in headers(window.trajectory.table)
    assert "netwerkondersteuning: nooit geraakt" in window.trajectory.legs.text()
