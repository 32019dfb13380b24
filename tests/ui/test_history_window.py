"""The history window on a real store: search, sort, filters (remembered), archive, rename,
notes, the trajectory's table and chart, side by side, the practice and its falling list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCharts import QLineSeries, QScatterSeries
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHeaderView,
    QPushButton,
    QToolTip,
)
from pytestqt.qtbot import QtBot

from coachdesk.domain import i18n
from coachdesk.domain.history import Grain
from coachdesk.domain.model import Coachee, CoacheeId, SessionId
from coachdesk.domain.settings import HistoryChoice
from coachdesk.store import SqlStore, open_store
from coachdesk.ui.history.formatting import day_text, duration_text, percent_text
from coachdesk.ui.history.trend_chart import (
    ADVICE_SERIES,
    PARTIAL_SERIES,
    SHARE_SERIES,
    TARGET_LINE,
)
from coachdesk.ui.history.window import HistoryWindow
from tests.dbcheck import rows
from tests.ui.chart_text import bottom_tick_labels
from tests.ui.driving import click, click_row, open_trajectory, select_coachee, shown
from tests.ui.history_data import Held, hold, practice

pytestmark = pytest.mark.usefixtures("english_numbers")


@dataclass
class Opened:
    window: HistoryWindow
    store: SqlStore
    held: dict[str, list[Held]]
    choices: list[HistoryChoice] = field(default_factory=list)
    reviews: list[SessionId] = field(default_factory=list)


def open_window(
    qtbot: QtBot,
    store: SqlStore,
    held: dict[str, list[Held]],
    choice: HistoryChoice | None = None,
    target: float | None = None,
) -> Opened:
    opened = Opened(None, store, held)  # type: ignore[arg-type]
    window = HistoryWindow(
        store,
        choice or HistoryChoice(),
        opened.choices.append,
        opened.reviews.append,
        store.tally_kinds(),
        target,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    opened.window = window
    return opened


@pytest.fixture
def history(qtbot: QtBot, store: SqlStore) -> Opened:
    return open_window(qtbot, store, practice(store))


def click_header(qtbot: QtBot, header: QHeaderView, section: int) -> None:
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def click_box(qtbot: QtBot, box: QCheckBox) -> None:
    middle = box.height() // 2
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))


# -- the coachee list ------------------------------------------------------------------


def test_the_list_shows_each_coachee_with_their_figures(history: Opened) -> None:
    window = history.window
    assert shown(window) == ["Anna de Vries", "Bram", "Özlem Özdemir"]
    assert shown(window, 1) == ["3", "1", "5"]
    assert shown(window, 3) == ["75%", "50%", "20%"]  # the newest session's balance
    assert shown(window, 2)[1] == "2026-04-11"  # unambiguous in every language, not 4/11/26


def test_search_ignores_case_and_accents(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    qtbot.keyClicks(window.coachees.search, "ozdemir")
    assert shown(window) == ["Özlem Özdemir"]
    window.coachees.search.clear()
    qtbot.keyClicks(window.coachees.search, "DE VR")
    assert shown(window) == ["Anna de Vries"]
    window.coachees.search.clear()
    qtbot.keyClicks(window.coachees.search, "nobody")
    assert shown(window) == []
    assert window.coachees.empty.text() == "No coachee matches this search."


def test_clicking_a_header_sorts_the_list(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    header = window.coachees.table.horizontalHeader()
    click_header(qtbot, header, 1)
    first = shown(window, 1)
    click_header(qtbot, header, 1)
    assert sorted([first, shown(window, 1)]) == [["1", "3", "5"], ["5", "3", "1"]]
    click_header(qtbot, header, 3)
    click_header(qtbot, header, 3)
    order = shown(window, 3)
    assert order in (["20%", "50%", "75%"], ["75%", "50%", "20%"])


def test_archiving_hides_a_coachee_and_deletes_nothing(history: Opened, qtbot: QtBot) -> None:
    window, store = history.window, history.store
    select_coachee(qtbot, window, "Bram")
    click(qtbot, window.coachees.archive_button)
    assert shown(window) == ["Anna de Vries", "Özlem Özdemir"]
    assert "Bram is archived" in window.coachees.message.text()
    everyone = {o.coachee.name: o for o in store.coachee_overviews(include_archived=True)}
    assert everyone["Bram"].archived and everyone["Bram"].sessions == 1
    assert "Bram" not in [o.coachee.name for o in store.coachee_overviews()]

    click_box(qtbot, window.filter_bar.archived_check)
    assert shown(window) == ["Anna de Vries", "Bram (archived)", "Özlem Özdemir"]
    assert history.choices[-1].include_archived
    select_coachee(qtbot, window, "Bram (archived)")
    assert window.coachees.archive_button.text() == "Bring back from the archive"
    click(qtbot, window.coachees.archive_button)
    assert shown(window) == ["Anna de Vries", "Bram", "Özlem Özdemir"]
    assert not {o.coachee.name: o for o in store.coachee_overviews()}["Bram"].archived


def test_rename_and_its_refusals(history: Opened, qtbot: QtBot) -> None:
    window, store = history.window, history.store
    select_coachee(qtbot, window, "Bram")
    edit = window.coachees.name_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "Bram Peeters")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert shown(window) == ["Anna de Vries", "Bram Peeters", "Özlem Özdemir"]
    assert window.coachees.message.text() == "Renamed to Bram Peeters."
    assert "Bram Peeters" in [o.coachee.name for o in store.coachee_overviews()]

    edit.selectAll()
    qtbot.keyClicks(edit, "Anna de Vries")  # another coachee's name
    click(qtbot, window.coachees.rename_button)
    assert window.coachees.message.objectName() == "inlineError"
    assert window.coachees.message.text()
    edit.clear()
    click(qtbot, window.coachees.rename_button)  # no name at all
    assert window.coachees.message.objectName() == "inlineError"
    names = sorted(o.coachee.name for o in store.coachee_overviews())
    assert names == ["Anna de Vries", "Bram Peeters", "Özlem Özdemir"]
    assert shown(window) == ["Anna de Vries", "Bram Peeters", "Özlem Özdemir"]


def test_an_open_trajectory_follows_a_rename(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    open_trajectory(qtbot, window, "Bram")
    window.tabs.setCurrentWidget(window.coachees)
    window.coachees.name_edit.selectAll()
    qtbot.keyClicks(window.coachees.name_edit, "Bram P.")
    click(qtbot, window.coachees.rename_button)
    window.tabs.setCurrentWidget(window.trajectory)
    assert window.trajectory.title.text() == "Bram P."
    assert window.trajectory.proxy.rowCount() == 1


def test_a_private_note_is_saved_in_the_database(
    history: Opened, qtbot: QtBot, database: Path
) -> None:
    window = history.window
    select_coachee(qtbot, window, "Anna de Vries")
    qtbot.keyClicks(window.coachees.note_edit, "Prefers mornings; works in a school.")
    click(qtbot, window.coachees.save_note_button)
    assert window.coachees.message.text() == "Note saved."
    reopened = open_store(database)
    try:
        notes = {o.coachee.name: o.note for o in reopened.coachee_overviews()}
    finally:
        reopened.close()
    assert notes["Anna de Vries"] == "Prefers mornings; works in a school."
    assert notes["Bram"] == ""
    select_coachee(qtbot, window, "Bram")
    assert window.coachees.note_edit.toPlainText() == ""
    select_coachee(qtbot, window, "Anna de Vries")
    assert window.coachees.note_edit.toPlainText() == "Prefers mornings; works in a school."


def test_a_note_past_the_limit_is_refused_whole(history: Opened, qtbot: QtBot) -> None:
    window, store = history.window, history.store
    select_coachee(qtbot, window, "Bram")
    window.coachees.note_edit.setPlainText("x" * 2001)
    click(qtbot, window.coachees.save_note_button)
    assert window.coachees.message.objectName() == "inlineError"
    assert "Nothing was saved" in window.coachees.message.text()
    assert {o.coachee.name: o.note for o in store.coachee_overviews()}["Bram"] == ""


def test_other_features_act_on_the_coachee_picked(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    asked: list[Coachee] = []
    window.add_coachee_action("Export record…", asked.append)
    button = next(
        b for b in window.coachees.findChildren(QPushButton) if b.text() == "Export record…"
    )
    assert not button.isEnabled()  # nobody picked yet
    select_coachee(qtbot, window, "Özlem Özdemir")
    click(qtbot, button)
    assert [c.name for c in asked] == ["Özlem Özdemir"]

    table = window.coachees.table
    row = shown(window).index("Bram")
    at = table.visualRect(table.model().index(row, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)
    table.customContextMenuRequested.emit(at)  # what a right-click on the row sends
    menu = window.coachees.menu
    assert menu is not None
    qtbot.waitExposed(menu)
    assert [a.text() for a in menu.actions() if a.text()] == [
        "Open trajectory",
        "Archive",
        "Export record…",
    ]
    export = next(a for a in menu.actions() if a.text() == "Export record…")
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(export).center())
    assert [c.name for c in asked] == ["Özlem Özdemir", "Bram"]


# -- a trajectory ----------------------------------------------------------------------


def test_the_trajectory_lists_the_sessions_and_charts_their_shares(
    qtbot: QtBot, store: SqlStore
) -> None:
    opened = open_window(qtbot, store, practice(store), target=0.55)
    window = opened.window
    open_trajectory(qtbot, window, "Özlem Özdemir")
    held = opened.held["Özlem Özdemir"]
    model = window.trajectory.proxy
    assert model.rowCount() == 5
    assert [model.index(r, 6).data() for r in range(5)] == ["75%", "50%", "50%", "25%", "20%"]
    assert [model.index(r, 3).data() for r in range(5)] == ["1", "2", "2", "3", "4"]
    assert model.index(2, 7).data() == "mentor 1"
    chart = window.trajectory.chart.chart()
    series = {s.objectName(): s for s in chart.series() if isinstance(s, QLineSeries)}
    points = [(p.x(), p.y()) for p in series[SHARE_SERIES].points()]
    starts = sorted(facts.started_at_ms for facts in window.trajectory.sessions())
    # Each session stands at its own date, not at its place in the row.
    assert points == [
        (at, h.share * 100) for at, h in zip(starts, held, strict=True) if h.share is not None
    ]
    assert [p.y() for p in series[TARGET_LINE].points()] == [pytest.approx(55.0)] * 2
    # Advice per hour has a chart of its own below, on the same dates: one scale per chart.
    rate_chart = window.trajectory.rate_chart.chart()
    assert [len(c.axes(Qt.Orientation.Vertical)) for c in (chart, rate_chart)] == [1, 1]
    rate = {s.objectName(): s for s in rate_chart.series() if isinstance(s, QLineSeries)}
    assert [p.x() for p in rate[ADVICE_SERIES].points()] == starts
    window.trajectory.resize(900, 700)
    QApplication.processEvents()
    share_plot = window.trajectory.chart.chart().plotArea()
    rate_plot = window.trajectory.rate_chart.chart().plotArea()
    assert share_plot.left() == pytest.approx(rate_plot.left(), abs=1)  # one date, one x
    assert share_plot.right() == pytest.approx(rate_plot.right(), abs=1)
    # Resting the pointer on a point shows the counts behind its percentage.
    first = window.trajectory.sessions()[0]
    dots = next(
        s
        for s in chart.series()
        if isinstance(s, QScatterSeries) and s.objectName() != PARTIAL_SERIES
    )
    dots.hovered.emit(QPointF(starts[0], 75.0), True)
    total = first.coach_side + first.coachee_side
    assert QToolTip.text() == (
        f"Session 1, {day_text(first.started_at_ms)}: the coachee {first.coachee_side} of {total} "
        f"({percent_text(first.share)}); {first.coach_side} advice in "
        f"{duration_text(first.active_ms)}"
    )
    dots.hovered.emit(QPointF(starts[0], 75.0), False)
    window.resize(window.minimumSizeHint())  # as small as the window goes
    QApplication.processEvents()
    table = window.trajectory.table
    rows = table.verticalHeader().defaultSectionSize()
    assert table.height() >= table.horizontalHeader().height() + 4 * rows  # four rows in view
    for label in bottom_tick_labels(window.trajectory.rate_chart.chart()):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", label), label  # dates, read the same anywhere


def test_a_session_left_out_of_figures_stays_listed_marked_and_can_be_counted_again(
    history: Opened, qtbot: QtBot, database: Path
) -> None:
    window = history.window
    open_trajectory(qtbot, window, "Özlem Özdemir")
    view = window.trajectory
    model = view.proxy
    last = model.columnCount() - 1
    assert model.headerData(last, Qt.Orientation.Horizontal) == "Figures"
    click_row(qtbot, view.table, 4)  # the newest: 20%
    assert view.leave_out_button.text() == "Leave out of figures"

    click(qtbot, view.leave_out_button)

    assert model.rowCount() == 5  # kept
    assert [model.index(r, last).data() for r in range(5)] == ["", "", "", "", "left out"]
    assert model.index(4, 0).data(Qt.ItemDataRole.FontRole).italic()
    assert "Left out of figures" in model.index(4, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(3, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    chart = view.chart.chart()
    share = next(s for s in chart.series() if s.objectName() == SHARE_SERIES)
    assert isinstance(share, QLineSeries)
    assert [p.y() for p in share.points()] == [75.0, 50.0, 50.0, 25.0]
    assert view.leave_out_button.text() == "Count in figures again"
    left_out = view.selected()[0].id
    assert rows(database, "SELECT SUM(left_out) FROM coaching_session") == [(1,)]
    assert rows(database, "SELECT left_out FROM coaching_session WHERE id = ?", left_out) == [(1,)]
    window.tabs.setCurrentWidget(window.coachees)
    assert shown(window, 3) == ["75%", "50%", "25%"]  # the latest share counted skips it

    window.tabs.setCurrentWidget(window.trajectory)
    click_row(qtbot, view.table, 4)
    assert view.leave_out_action in view.table.actions()  # the table's context menu
    assert view.leave_out_action.text() == "Count in figures again"
    view.leave_out_action.trigger()

    assert [model.index(r, last).data() for r in range(5)] == [""] * 5
    assert rows(database, "SELECT SUM(left_out) FROM coaching_session") == [(0,)]
    window.tabs.setCurrentWidget(window.coachees)
    assert shown(window, 3) == ["75%", "50%", "20%"]


def test_the_trajectory_tab_shows_the_coachee_picked_in_the_list(
    history: Opened, qtbot: QtBot
) -> None:
    window = history.window
    window.tabs.setCurrentWidget(window.trajectory)
    assert window.trajectory.title.text() == "Pick a coachee to see their trajectory."
    assert window.trajectory.proxy.rowCount() == 0
    window.tabs.setCurrentWidget(window.coachees)
    select_coachee(qtbot, window, "Anna de Vries")
    window.tabs.setCurrentWidget(window.trajectory)
    assert window.trajectory.title.text() == "Anna de Vries"
    assert window.trajectory.proxy.rowCount() == 3


def test_sorting_the_sessions_table(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    open_trajectory(qtbot, window, "Özlem Özdemir")
    header = window.trajectory.table.horizontalHeader()
    click_header(qtbot, header, 6)  # coachee share
    first = [window.trajectory.proxy.index(r, 6).data() for r in range(5)]
    click_header(qtbot, header, 6)
    second = [window.trajectory.proxy.index(r, 6).data() for r in range(5)]
    ascending = ["20%", "25%", "50%", "50%", "75%"]
    assert sorted([first, second]) == [ascending, ascending[::-1]]


def test_a_session_opens_in_the_review(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    open_trajectory(qtbot, window, "Anna de Vries")
    held = history.held["Anna de Vries"]
    table = window.trajectory.table
    click_row(qtbot, table, 1, double=True)
    assert history.reviews == [held[1].id]
    click_row(qtbot, table, 2)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert history.reviews == [held[1].id, held[2].id]
    click_row(qtbot, table, 0)
    click(qtbot, window.trajectory.review_button)
    assert history.reviews == [held[1].id, held[2].id, held[0].id]


def test_two_sessions_side_by_side(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    open_trajectory(qtbot, window, "Özlem Özdemir")
    table = window.trajectory.table
    assert not window.trajectory.compare.isVisible()
    click_row(qtbot, table, 0)
    rect = table.visualRect(table.model().index(4, 0))
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.ControlModifier,
        rect.center(),
    )
    assert window.trajectory.compare.isVisible()
    model = window.trajectory.compare_model
    rows = {
        model.index(r, 0).data(): (model.index(r, 1).data(), model.index(r, 2).data())
        for r in range(model.rowCount())
    }
    assert rows["Coachee share"] == ("75%", "20%")
    assert rows["advice given"] == ("1", "4")
    assert rows["coachee action noted"] == ("3", "1")
    assert not window.trajectory.review_button.isEnabled()  # which of two? none


# -- filters ---------------------------------------------------------------------------


def test_dates_limit_the_views_and_the_choice_is_remembered(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    bar = window.filter_bar
    open_trajectory(qtbot, window, "Özlem Özdemir")
    click_box(qtbot, bar.from_check)
    bar.from_date.setDate(QDate(2026, 3, 9))  # Özlem's second session on
    click_box(qtbot, bar.to_check)
    bar.to_date.setDate(QDate(2026, 3, 23))  # to her fourth
    assert history.choices[-1].first_day == date(2026, 3, 9)
    assert history.choices[-1].last_day == date(2026, 3, 23)
    assert window.trajectory.proxy.rowCount() == 3

    window.tabs.setCurrentWidget(window.practice)
    sessions = sum(
        int(window.practice.proxy.index(r, 1).data())
        for r in range(window.practice.proxy.rowCount())
    )
    assert sessions == 5  # Özlem's three and Anna's two, all in March 2026
    # March counts only from the 9th to the 23rd: a partial month, drawn hollow and named so.
    share_chart = window.practice.chart.chart()
    hollow = next(s for s in share_chart.series() if s.objectName() == PARTIAL_SERIES)
    assert isinstance(hollow, QScatterSeries) and hollow.count() == 1
    legend = [m.label() for m in share_chart.legend().markers() if m.isVisible()]
    assert "partial month" in legend

    window.tabs.setCurrentWidget(window.coachees)  # the list counts within the dates too
    assert shown(window) == ["Anna de Vries", "Bram", "Özlem Özdemir"]
    assert shown(window, 1) == ["2", "0", "3"]
    latest = shown(window, 3)
    assert (latest[0], latest[2]) == ("75%", "25%")  # on 17 and 23 March

    rebuilt = open_window(qtbot, history.store, history.held, history.choices[-1])
    assert rebuilt.window.filter_bar.from_check.isChecked()
    assert rebuilt.window.filter_bar.from_date.date() == QDate(2026, 3, 9)
    assert rebuilt.window.filter_bar.to_date.date() == QDate(2026, 3, 23)
    open_trajectory(qtbot, rebuilt.window, "Özlem Özdemir")
    assert rebuilt.window.trajectory.proxy.rowCount() == 3
    click(qtbot, rebuilt.window.filter_bar.all_dates_button)
    assert rebuilt.choices[-1].first_day is None and rebuilt.choices[-1].last_day is None
    assert rebuilt.window.trajectory.proxy.rowCount() == 5


def test_a_first_day_after_the_last_is_refused(history: Opened, qtbot: QtBot) -> None:
    bar = history.window.filter_bar
    click_box(qtbot, bar.to_check)
    bar.to_date.setDate(QDate(2026, 3, 1))
    before = list(history.choices)
    bar.from_date.setDate(QDate(2026, 3, 10))
    click_box(qtbot, bar.from_check)
    assert bar.error.isVisible()
    assert bar.error.text() == "The first day comes after the last day: nothing was changed."
    assert not bar.from_check.isChecked()
    assert history.choices == before
    assert history.window.choice.first_day is None


def store_id(history: Opened, name: str) -> CoacheeId:
    return next(o.coachee.id for o in history.store.coachee_overviews() if o.coachee.name == name)


def test_a_coachee_selection_limits_every_view(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    bar = window.filter_bar
    bar.coachee_menu.popup(bar.coachee_button.mapToGlobal(QPoint(0, bar.coachee_button.height())))
    qtbot.waitExposed(bar.coachee_menu)
    anna = next(a for a in bar.coachee_menu.actions() if a.text() == "Anna de Vries")
    qtbot.mouseClick(
        bar.coachee_menu,
        Qt.MouseButton.LeftButton,
        pos=bar.coachee_menu.actionGeometry(anna).center(),
    )
    anna_id = store_id(history, "Anna de Vries")
    assert history.choices[-1].coachees == (anna_id,)
    assert bar.coachee_button.text() == "1 coachee"
    assert shown(window) == ["Anna de Vries"]
    window.tabs.setCurrentWidget(window.practice)
    total = sum(
        int(window.practice.proxy.index(r, 1).data())
        for r in range(window.practice.proxy.rowCount())
    )
    assert total == 3

    rebuilt = open_window(qtbot, history.store, history.held, history.choices[-1])
    assert shown(rebuilt.window) == ["Anna de Vries"]
    assert rebuilt.window.filter_bar.coachee_button.text() == "1 coachee"


# -- the practice ----------------------------------------------------------------------


def test_the_practice_per_month_and_week_and_its_falling_list(
    history: Opened, qtbot: QtBot
) -> None:
    window = history.window
    window.tabs.setCurrentWidget(window.practice)
    proxy = window.practice.proxy
    months = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert months == ["March 2026", "April 2026"]
    assert [proxy.index(r, 1).data() for r in range(2)] == ["8", "1"]
    window.filter_bar.grain.setCurrentIndex(window.filter_bar.grain.findText("per week"))
    assert history.choices[-1].grain is Grain.WEEK
    assert proxy.index(0, 0).data() == "week of 2026-03-02"
    assert sum(int(proxy.index(r, 1).data()) for r in range(proxy.rowCount())) == 9

    falling = window.practice.falling_list
    assert falling.count() == 1
    assert falling.item(0).text().startswith("Özlem Özdemir: from 75% to 20%")
    click_row(qtbot, falling, 0, double=True)
    assert window.tabs.currentWidget() is window.trajectory
    assert window.trajectory.title.text() == "Özlem Özdemir"
    assert window.trajectory.proxy.rowCount() == 5


def test_views_read_only_when_shown(qtbot: QtBot, store: SqlStore) -> None:
    held = practice(store)
    opened = open_window(qtbot, store, held)
    window = opened.window
    assert window.practice.proxy.rowCount() == 0  # never shown: never read
    hold(store, "Chris", 50, "22")
    window.reload()
    assert "Chris" in shown(window)
    window.tabs.setCurrentWidget(window.practice)
    assert window.practice.proxy.rowCount() == 2


def test_the_falling_list_stays_short(qtbot: QtBot, store: SqlStore) -> None:
    for n in range(12):
        for day, keys in enumerate(["2221", "2211", "2111"]):
            hold(store, f"Coachee {n:02d}", n * 30 + day * 7, keys[: 4 - n % 2])
    opened = open_window(qtbot, store, {})
    window = opened.window
    window.tabs.setCurrentWidget(window.practice)
    assert window.practice.falling_list.count() == 10
    assert window.practice.falling_hint.text() == (
        "The 10 steepest of 12 coachees whose share fell across their last 5 sessions."
    )


def test_in_dutch_at_640_wide_every_history_view_fits_and_nothing_is_clipped(
    qtbot: QtBot, store: SqlStore
) -> None:
    i18n.install("nl")
    try:
        opened = open_window(qtbot, store, practice(store))
        window = opened.window
        window.resize(640, 400)  # 1280x800 at 200%
        for tab in (window.coachees, window.trajectory, window.practice):
            window.tabs.setCurrentWidget(tab)
            QApplication.processEvents()
            assert window.width() <= 640, (tab.objectName(), window.minimumSizeHint())
        archived = window.filter_bar.archived_check
        assert archived.text() == "Ook gearchiveerde"
        assert archived.width() >= archived.sizeHint().width()  # not cut off
        assert archived.mapTo(window, archived.rect().topRight()).x() <= window.width()
    finally:
        i18n.install("en")


# -- sessions too short to count ---------------------------------------------------------


def test_a_too_short_session_is_listed_marked_and_can_be_counted_anyway(
    qtbot: QtBot, store: SqlStore, database: Path
) -> None:
    held = practice(store)
    test_run = hold(store, "Özlem Özdemir", 30, "111", minutes=2)  # three advice in 2 minutes
    opened = open_window(qtbot, store, held)
    window = opened.window
    bar = window.filter_bar
    assert bar.min_minutes.text() == "5 min"  # the default, said where it can be changed
    assert "too short to count" in bar.min_minutes.toolTip()
    open_trajectory(qtbot, window, "Özlem Özdemir")
    view = window.trajectory
    model = view.proxy
    last = model.columnCount() - 1
    assert [model.index(r, 0).data() for r in range(6)] == ["1", "2", "3", "4", "5", "6"]
    assert model.index(5, last).data() == "too short"
    assert model.index(5, 1).data(Qt.ItemDataRole.FontRole).italic()
    assert "Shorter than the minimum" in model.index(5, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert view.rule.isVisible()
    assert view.rule.text() == "Not counted: sessions shorter than 5 minutes and sessions left out."
    share = next(s for s in view.chart.chart().series() if s.objectName() == SHARE_SERIES)
    assert isinstance(share, QLineSeries)
    assert [p.y() for p in share.points()] == [75.0, 50.0, 50.0, 25.0, 20.0]  # not the 0%
    window.tabs.setCurrentWidget(window.coachees)
    assert shown(window, 3)[2] == "20%"  # the latest share counted is not the test run's 0%

    window.tabs.setCurrentWidget(window.trajectory)
    click_row(qtbot, view.table, 5)
    assert view.leave_out_button.text() == "Count in figures anyway"
    click(qtbot, view.leave_out_button)

    assert model.index(5, last).data() == "counted anyway"
    assert not model.index(5, 1).data(Qt.ItemDataRole.FontRole)
    assert rows(database, "SELECT left_out FROM coaching_session WHERE id = ?", test_run.id) == [
        (2,)  # counted even though short
    ]
    share = next(s for s in view.chart.chart().series() if s.objectName() == SHARE_SERIES)
    assert isinstance(share, QLineSeries)
    assert [p.y() for p in share.points()] == [75.0, 50.0, 50.0, 25.0, 20.0, 0.0]
    assert view.leave_out_button.text() == "Leave out of figures"
    click(qtbot, view.leave_out_button)  # and out again: left out, whatever its length
    assert model.index(5, last).data() == "left out"
    assert view.leave_out_button.text() == "Count in figures again"
    click(qtbot, view.leave_out_button)
    assert model.index(5, last).data() == "counted anyway"


def test_the_coach_sets_the_minimum_and_it_is_remembered(qtbot: QtBot, store: SqlStore) -> None:
    held = practice(store)
    hold(store, "Bram", 41, "1", minutes=20)
    opened = open_window(qtbot, store, held)
    window = opened.window
    window.tabs.setCurrentWidget(window.practice)
    proxy = window.practice.proxy
    assert [proxy.index(r, 1).data() for r in range(proxy.rowCount())] == ["8", "2"]
    spin = window.filter_bar.min_minutes
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "25")
    qtbot.keyClick(spin, Qt.Key.Key_Return)

    assert opened.choices[-1].min_minutes == 25
    assert [proxy.index(r, 1).data() for r in range(proxy.rowCount())] == ["8", "1"]
    assert window.practice.rule.text() == (
        "Not counted: sessions shorter than 25 minutes and sessions left out."
    )
    spin.selectAll()
    qtbot.keyClicks(spin, "0")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.text() == "any length"
    assert opened.choices[-1].min_minutes == 0
    assert not window.practice.rule.isVisible()
    assert [proxy.index(r, 1).data() for r in range(proxy.rowCount())] == ["8", "2"]


def test_partial_periods_say_so_in_the_practice_table(history: Opened, qtbot: QtBot) -> None:
    window = history.window
    window.tabs.setCurrentWidget(window.practice)
    proxy = window.practice.proxy
    assert [proxy.index(r, 0).data() for r in range(2)] == ["March 2026", "April 2026"]
    assert proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None
    bar = window.filter_bar
    bar.to_date.setDate(QDate(2026, 3, 20))  # March is cut off after the 20th
    click_box(qtbot, bar.to_check)

    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["March 2026 (partial)"]
    assert "partial month" in proxy.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    window.filter_bar.grain.setCurrentIndex(window.filter_bar.grain.findText("per week"))
    weeks = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert weeks[0] == "week of 2026-03-02"
    assert weeks[-1] == "week of 2026-03-16 (partial)"  # the 20th is a Friday
    assert all("partial" not in week for week in weeks[:-1])
