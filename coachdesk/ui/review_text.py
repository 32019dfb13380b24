"""The review's figures as words and locale-formatted numbers, shared by page and report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QDateTime, QLocale

from coachdesk.domain.balance import Balance, balance_of
from coachdesk.domain.i18n import _
from coachdesk.domain.model import Marker, Tally, TallyKind
from coachdesk.domain.review import rates_per_10_minutes, trend
from coachdesk.domain.scheme_review import (
    StateGroup,
    preset_lines,
    session_figures,
    state_groups,
)
from coachdesk.domain.schemes import Scheme
from coachdesk.domain.timer import format_active


def when_text(at_ms: int) -> str:
    """Local date and time with the zone's short name, read the same way in every language:
    ``2026-12-04 16:43 CET``."""
    return QDateTime.fromMSecsSinceEpoch(at_ms).toString("yyyy-MM-dd HH:mm t")


def moments_text(markers: Sequence[Marker]) -> str:
    """The moments marked, numbered as on the timeline: ``Moments marked: 1 at 5:00, the
    silence · 2 at 6:00``; empty when none was marked."""
    if not markers:
        return ""
    items = []
    for n, marker in enumerate(markers, start=1):
        at = format_active(marker.offset_ms)
        items.append(
            _("{n} at {at}, {note}").format(n=n, at=at, note=marker.note)
            if marker.note
            else _("{n} at {at}").format(n=n, at=at)
        )
    return _("Moments marked: {moments}").format(moments=" \u00b7 ".join(items))


def percent(locale: QLocale, share: float) -> str:
    return locale.toString(round(share * 100)) + "%"


@dataclass(frozen=True, slots=True)
class ReviewText:
    """Everything the review says in words, for one session."""

    counts: list[tuple[str, int]]  # kind label -> count, in button order
    sentence: str
    trend: str
    rates: list[tuple[str, str]]  # kind label -> "2.5" per 10 minutes
    groups: list[StateGroup]  # the time under each state (the hats), per group
    scheme_lines: list[str]  # the figures of the scheme's preset, a sentence each

    @classmethod
    def of(
        cls,
        kinds: Sequence[TallyKind],
        tallies: Sequence[Tally],
        active_ms: int,
        previous: Sequence[Balance],
        locale: QLocale,
        scheme: Scheme | None = None,
        *,
        thresholds: bool = False,
    ) -> ReviewText:
        ordered = sorted(kinds, key=lambda k: k.position)
        counts = [(k.shown(), sum(1 for t in tallies if t.kind_id == k.id)) for k in ordered]
        rates = rates_per_10_minutes(ordered, tallies, active_ms)
        if scheme is None:
            from coachdesk.domain.scheme_presets import BALANCE_SCHEME

            scheme = BALANCE_SCHEME
        figures = session_figures(scheme, ordered, tallies, active_ms)
        return cls(
            counts=counts,
            sentence=balance_of(ordered, tallies).sentence(),
            trend=trend_sentence(previous, locale),
            rates=[
                (k.shown(), locale.toString(rates[k.id], "f", 1)) for k in ordered if k.id in rates
            ],
            groups=state_groups(scheme, figures),
            scheme_lines=preset_lines(scheme, figures, thresholds=thresholds),
        )


def trend_sentence(previous: Sequence[Balance], locale: QLocale) -> str:
    """Where this coachee's share stood before: direction, not a verdict."""
    seen = trend(previous)
    if seen.last is None or seen.mean_of_last_five is None:
        return _("No earlier sessions with this coachee to compare with yet.")
    return _("Before: {last} in the previous session; {mean} on average over the last {n}.").format(
        last=percent(locale, seen.last),
        mean=percent(locale, seen.mean_of_last_five),
        n=locale.toString(min(seen.sessions, 5)),
    )
