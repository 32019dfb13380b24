"""A trajectory's tables: its sessions (one row each) and two of them side by side."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

from coachdesk.domain.history import SessionFacts
from coachdesk.domain.i18n import _
from coachdesk.domain.model import TallyKind
from coachdesk.ui.history.formatting import (
    NONE,
    day_text,
    decimal_text,
    duration_text,
    hats_text,
    percent_text,
)
from coachdesk.ui.history.rows_model import MISSING, Column, RowsModel


def _count_column(kind: TallyKind) -> Column:
    def count(row: SessionFacts) -> int:
        return row.kind_counts.get(kind.id, 0)

    return Column(_(kind.label), lambda r: str(count(r)), count, numeric=True)


def session_columns(kinds: Sequence[TallyKind]) -> list[Column]:
    ordered = sorted(kinds, key=lambda k: k.position)
    return [
        # this coachee's 1st, 2nd, ... session, as the review and the report name it
        Column(_("No."), lambda r: str(r.number), lambda r: r.number, numeric=True),
        Column(_("Date"), lambda r: day_text(r.started_at_ms), lambda r: r.started_at_ms),
        Column(
            _("Active"), lambda r: duration_text(r.active_ms), lambda r: r.active_ms, numeric=True
        ),
        *(_count_column(k) for k in ordered),
        Column(
            _("Coachee share"),
            lambda r: percent_text(r.share),
            lambda r: MISSING if r.share is None else r.share,
            numeric=True,
        ),
        Column(_("Hats"), lambda r: hats_text(r.hat_counts), lambda r: sum(r.hat_counts.values())),
        # how the coachee's agreed actions came back at the next session
        Column(
            _("Actions done"),
            lambda r: r.agreed.short() if r.agreed else "",
            lambda r: MISSING if r.agreed is None else r.agreed.done,
            numeric=True,
        ),
        Column(_("Figures"), figures_text, figures_text),
    ]


def figures_text(row: SessionFacts) -> str:
    """How the session counts: "left out", "too short", "counted anyway" or nothing."""
    if row.left_out:
        return _("left out")
    if row.too_short:
        return _("too short")
    return _("counted anyway") if row.counted_anyway and row.short else ""


def figures_tip(row: SessionFacts) -> str:
    if row.left_out:
        return _("Left out of figures: not counted in shares, rates or trends.")
    if row.too_short:
        return _(
            "Shorter than the minimum chosen under the filters: not counted in shares, rates "
            "or trends. Count it anyway from its menu."
        )
    if row.counted_anyway and row.short:
        return _("Shorter than the minimum, but counted in figures as you asked.")
    return ""


class SessionModel(RowsModel):
    """One row per :class:`SessionFacts`; a column per tally kind. A session not counted in
    figures (left out, or too short) shows in italics, saying why in its last column and tool
    tip."""

    def __init__(self, kinds: Sequence[TallyKind], parent: QObject | None = None) -> None:
        super().__init__(
            session_columns(kinds),
            parent,
            italic=lambda r: not r.counted,
            tooltip=figures_tip,
        )


Figure = tuple[str, Callable[[SessionFacts], str]]


def _figures(kinds: Sequence[TallyKind]) -> list[Figure]:
    def count_of(kind: TallyKind) -> Callable[[SessionFacts], str]:
        return lambda f: str(f.kind_counts.get(kind.id, 0))

    return [
        (_("Active"), lambda f: duration_text(f.active_ms)),
        *((_(k.label), count_of(k)) for k in sorted(kinds, key=lambda k: k.position)),
        (_("Coachee share"), lambda f: percent_text(f.share)),
        (_("Advice per hour"), lambda f: decimal_text(f.advice_per_hour)),
        (_("Hats"), lambda f: hats_text(f.hat_counts) or NONE),
    ]


def compare_rows(
    kinds: Sequence[TallyKind], first: SessionFacts, second: SessionFacts
) -> list[tuple[str, str, str]]:
    """(figure, first session's value, second session's value), one line per figure."""
    return [(label, text(first), text(second)) for label, text in _figures(kinds)]


class CompareModel(RowsModel):
    """Two sessions side by side: a row per figure, a column per session."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(self._columns_for("", ""), parent)

    @staticmethod
    def _columns_for(first: str, second: str) -> list[Column]:
        return [
            Column(_("Figure"), lambda r: r[0], lambda r: r[0]),
            Column(first, lambda r: r[1], lambda r: r[1], numeric=True),
            Column(second, lambda r: r[2], lambda r: r[2], numeric=True),
        ]

    def compare(
        self, kinds: Sequence[TallyKind], first: SessionFacts, second: SessionFacts
    ) -> None:
        self.set_columns(
            self._columns_for(day_text(first.started_at_ms), day_text(second.started_at_ms))
        )
        self.set_rows(compare_rows(kinds, first, second))
