"""Numbers, dates and periods as the history views show them: in the interface locale."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QDateTime, QLocale

from coachdesk.domain.history import Grain
from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import Hat
from coachdesk.domain.timer import format_active

#: Shown where a figure does not exist (no contributions noted, no active time).
NONE = "\u2013"  # an en dash


def day_text(ms: int) -> str:
    """A stored UTC time as the coach's local calendar day, ``2026-12-04``: read the same way
    in every language (a short locale format such as 12/4/26 is not)."""
    return QDateTime.fromMSecsSinceEpoch(ms).toLocalTime().date().toString("yyyy-MM-dd")


def percent_text(share: float | None) -> str:
    return NONE if share is None else QLocale().toString(round(share * 100)) + "%"


def decimal_text(value: float | None, decimals: int = 1) -> str:
    return NONE if value is None else QLocale().toString(value, "f", decimals)


def duration_text(ms: int) -> str:
    return format_active(ms)


def hats_text(hat_counts: dict[Hat, int]) -> str:
    """``mentor 2, expert 1`` (most declared first), or nothing."""
    ordered = sorted(hat_counts.items(), key=lambda item: (-item[1], list(Hat).index(item[0])))
    return ", ".join(f"{_(hat.label)} {QLocale().toString(n)}" for hat, n in ordered if n)


def period_text(first_day: date, grain: Grain) -> str:
    """``week of 2026-03-02`` (its Monday) or ``March 2026``, in the interface language."""
    if grain is Grain.WEEK:
        return _("week of {monday}").format(monday=first_day.isoformat())  # a date, not a number
    day = QDate(first_day.year, first_day.month, 1)
    return QLocale().standaloneMonthName(first_day.month) + " " + str(day.year())


def rule_text(min_minutes: int) -> str:
    """The too-short rule in one line, where a chart or table applies it ("" when off)."""
    if min_minutes <= 0:
        return ""
    return ngettext(
        "Not counted: sessions shorter than {n} minute and sessions left out.",
        "Not counted: sessions shorter than {n} minutes and sessions left out.",
        min_minutes,
    ).format(n=min_minutes)
