"""Text contrast meets WCAG AA in the light palette and in a dark one, computed from the
palette and the stylesheet the app actually uses (coachdesk.ui.style)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from coachdesk.ui.contrast import LARGE, TEXT, ratio
from coachdesk.ui.style import stylesheet
from tests.ui.driving import dark, light


def colour_of(sheet: str, selector: str) -> QColor:
    found = re.search(re.escape(selector) + r"\s*\{[^}]*?color:\s*(#[0-9a-fA-F]{6})", sheet)
    assert found is not None, selector
    return QColor(found.group(1))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_meets_aa(qapp: QApplication, scheme: str) -> None:
    palette = light() if scheme == "light" else dark()
    sheet = stylesheet(palette)
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    role = QPalette.ColorRole
    pairs = [
        ("window text", palette.color(role.WindowText), window, TEXT),
        ("text in fields", palette.color(role.Text), base, TEXT),
        ("button text", palette.color(role.ButtonText), palette.color(role.Button), TEXT),
        ("paused timer", colour_of(sheet, "QLabel#timer:disabled"), window, LARGE),
        ("Paused", colour_of(sheet, "QLabel#stateLabel"), window, TEXT),
        ("planned time reached", colour_of(sheet, 'QLabel#timer[overtime="true"]'), window, LARGE),
        ("+n not saved yet", colour_of(sheet, "QLabel#tallyWaiting"), base, TEXT),
        ("Opening your data…", colour_of(sheet, "QLabel#loading"), window, TEXT),
    ]
    too_faint = [
        f"{what}: {ratio(fg, bg):.2f}" for what, fg, bg, least in pairs if ratio(fg, bg) < least
    ]
    assert too_faint == []
    assert "@" not in sheet  # every worked-out colour was filled in


def test_the_ratio_is_wcags() -> None:
    assert round(ratio(QColor("#B8B8B8"), QColor("#EFEFEF")), 2) == 1.73  # as the issue found
    assert round(ratio(QColor("black"), QColor("white")), 1) == 21.0


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_chart_mark_stands_out_three_to_one(
    qapp: QApplication, scheme: str, tmp_path: Path
) -> None:
    from PySide6.QtCharts import QAreaSeries, QPercentBarSeries, QScatterSeries, QXYSeries
    from PySide6.QtCore import QLocale

    from coachdesk.domain.balance import balance_of
    from coachdesk.domain.recorder import LiveSession
    from coachdesk.domain.review import thirds
    from coachdesk.store import open_store
    from coachdesk.ui.charts import (
        SideColours,
        balance_chart,
        themed,
        thirds_chart,
        timeline_chart,
    )
    from tests.fakes import FakeClock

    store = open_store(tmp_path / "coachdesk.sqlite3")
    clock = FakeClock()
    session = LiveSession.start(store, clock, "Anna", 45)
    kinds = session.kinds
    for n, kind in enumerate([0, 1, 1, 2, 0, 1]):
        clock.advance(60_000 * (n + 1))
        session.tally(kinds[kind].id, "mentor" if kinds[kind].detail else None)
    session.note_marker(session.mark().marker, "a turn")  # a marked moment, its line and tip
    record = store.session_record(session.id)
    store.close()
    palette = light() if scheme == "light" else dark()
    background = palette.color(QPalette.ColorRole.Window)
    colours = SideColours.of(kinds)
    tallies, active = record.tallies, 8 * 60_000
    charts = [
        balance_chart([("this session", balance_of(kinds, tallies))], colours, 0.5),
        timeline_chart(kinds, tallies, record.pauses, active, markers=record.markers),
        thirds_chart(thirds(kinds, tallies, active), colours),
    ]
    faint = []
    for chart in charts:
        themed(chart, palette, QLocale())
        for series in chart.series():
            if isinstance(series, QAreaSeries | QScatterSeries):
                shown = [series.color()]
            elif isinstance(series, QXYSeries):
                shown = [series.pen().color()]
            elif isinstance(series, QPercentBarSeries):
                shown = [bar.color() for bar in series.barSets()]
            else:
                shown = []
            faint += [
                f"{series.name()}: {ratio(c, background):.2f}"
                for c in shown
                if ratio(c, background) < LARGE
            ]
    assert faint == []
    names = [s.name() for s in charts[1].series()]
    assert names.count("moment marked") == 2  # the marker's line and its tip were checked
