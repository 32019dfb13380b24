"""A trajectory's tables: its sessions (one row each) and two of them side by side.

Sessions of one tally scheme show a count per kind of it (and, for a preset, its figures
that follow from counts); sessions of several schemes share only the balance, so they show
the coach's and the coachee's tallies and each session's scheme instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QObject

from coachdesk.domain.history import SessionFacts
from coachdesk.domain.i18n import _
from coachdesk.domain.model import DETAIL_HAT, Side, TallyKind
from coachdesk.domain.scheme_figures import Listening
from coachdesk.domain.scheme_presets import (
    CLOSED_QUESTION,
    COMPLEX_REFLECTION,
    LISTENING,
    OPEN_QUESTION,
    SIMPLE_REFLECTION,
)
from coachdesk.ui.history.formatting import (
    NONE,
    day_text,
    decimal_text,
    duration_text,
    hats_text,
    percent_text,
)
from coachdesk.ui.history.rows_model import MISSING, Column, RowsModel


@dataclass(frozen=True, slots=True)
class Layout:
    """What a trajectory's tables show besides the figures every session has."""

    kinds: tuple[TallyKind, ...] = ()  # a count per kind, in scheme order
    #: Non-empty: the sessions are of several schemes (key -> name shown). No count per
    #: kind then, but the balance's sides and a column naming each session's scheme.
    schemes: Mapping[str, str] = field(default_factory=dict)
    preset: str | None = None  # the one scheme's preset, whose figures are added
    #: Schemes in view with no kind on the coach's side: no advice to count, so no rate.
    no_advice: frozenset[str] = frozenset()

    @classmethod
    def of(cls, kinds: Sequence[TallyKind]) -> Layout:
        return cls(tuple(sorted(kinds, key=lambda k: k.position)))

    @property
    def mixed(self) -> bool:
        return bool(self.schemes)

    @property
    def balance(self) -> bool:
        """Whether the sessions have a balance: a kind for the coach or the coachee (GROW and
        Four legs count for neither, so their share is always empty)."""
        return self.mixed or any(k.side is not Side.NEUTRAL for k in self.kinds) or not self.kinds

    @property
    def hats(self) -> bool:
        """Whether hats can be among the sessions' tallies."""
        return self.mixed or any(k.detail == DETAIL_HAT for k in self.kinds)

    def advice_per_hour(self, row: SessionFacts) -> float | None:
        """The session's advice per hour, or None when its scheme counts no advice."""
        return None if row.scheme in self.no_advice else row.advice_per_hour

    def listening(self, row: SessionFacts) -> Listening:
        """The listening figures of a session of a Listening scheme, from its counts."""
        ids = {k.key: k.id for k in self.kinds}

        def count(*keys: str) -> int:
            return sum(row.kind_counts.get(ids[key], 0) for key in keys if key in ids)

        return Listening(
            questions=count(OPEN_QUESTION, CLOSED_QUESTION),
            reflections=count(SIMPLE_REFLECTION, COMPLEX_REFLECTION),
            complex_reflections=count(COMPLEX_REFLECTION),
        )


def _count_column(kind: TallyKind) -> Column:
    def count(row: SessionFacts) -> int:
        return row.kind_counts.get(kind.id, 0)

    return Column(kind.shown(), lambda r: str(count(r)), count, numeric=True)


def _number_column(header: str, value: Callable[[SessionFacts], float | None]) -> Column:
    return Column(
        header,
        lambda r: decimal_text(value(r)),
        lambda r: MISSING if (v := value(r)) is None else v,
        numeric=True,
    )


def _share_column(header: str, value: Callable[[SessionFacts], float | None]) -> Column:
    return Column(
        header,
        lambda r: percent_text(value(r)),
        lambda r: MISSING if (v := value(r)) is None else v,
        numeric=True,
    )


def _counts_columns(layout: Layout) -> list[Column]:
    """The counts: per kind of the one scheme, or the sides and the scheme of each."""
    if layout.mixed:
        names = layout.schemes
        return [
            Column(
                _("Scheme"),
                lambda r: names.get(r.scheme, r.scheme),
                lambda r: names.get(r.scheme, r.scheme),
            ),
            Column(
                _("Coach's tallies"),
                lambda r: str(r.coach_side),
                lambda r: r.coach_side,
                numeric=True,
            ),
            Column(
                _("Coachee's tallies"),
                lambda r: str(r.coachee_side),
                lambda r: r.coachee_side,
                numeric=True,
            ),
        ]
    found = [_count_column(k) for k in layout.kinds]
    if layout.preset == LISTENING:
        found += [
            _number_column(
                _("Reflections per question"),
                lambda r: layout.listening(r).reflections_per_question,
            ),
            _share_column(_("Complex reflections"), lambda r: layout.listening(r).complex_share),
        ]
    return found


def session_columns(shown: Sequence[TallyKind] | Layout) -> list[Column]:
    layout = shown if isinstance(shown, Layout) else Layout.of(shown)
    hats = (
        [Column(_("Hats"), lambda r: hats_text(r.hat_counts), lambda r: sum(r.hat_counts.values()))]
        if layout.hats
        else []
    )
    return [
        # this coachee's 1st, 2nd, ... session, as the review and the report name it
        Column(_("No."), lambda r: str(r.number), lambda r: r.number, numeric=True),
        Column(_("Date"), lambda r: day_text(r.started_at_ms), lambda r: r.started_at_ms),
        Column(
            _("Active"), lambda r: duration_text(r.active_ms), lambda r: r.active_ms, numeric=True
        ),
        *_counts_columns(layout),
        *([_share_column(_("Coachee share"), lambda r: r.share)] if layout.balance else []),
        *hats,
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
    """One row per :class:`SessionFacts`; a column per tally kind (see :class:`Layout`). A
    session not counted in figures (left out, or too short) shows in italics, saying why in
    its last column and tool tip."""

    def __init__(self, kinds: Sequence[TallyKind], parent: QObject | None = None) -> None:
        self.layout = Layout.of(kinds)
        super().__init__(
            session_columns(self.layout),
            parent,
            italic=lambda r: not r.counted,
            tooltip=figures_tip,
        )

    def show_sessions(self, rows: Sequence[SessionFacts], layout: Layout) -> None:
        """These sessions, with the columns ``layout`` asks for, in one reset."""
        self.layout = layout
        self.set_rows(rows, session_columns(layout))


Figure = tuple[str, Callable[[SessionFacts], str]]


def _figures(layout: Layout) -> list[Figure]:
    def count_of(kind: TallyKind) -> Callable[[SessionFacts], str]:
        return lambda f: str(f.kind_counts.get(kind.id, 0))

    if layout.mixed:
        counts: list[Figure] = [
            (_("Scheme"), lambda f: layout.schemes.get(f.scheme, f.scheme)),
            (_("Coach's tallies"), lambda f: str(f.coach_side)),
            (_("Coachee's tallies"), lambda f: str(f.coachee_side)),
        ]
    else:
        counts = [(k.shown(), count_of(k)) for k in layout.kinds]
        if layout.preset == LISTENING:
            counts += [
                (
                    _("Reflections per question"),
                    lambda f: decimal_text(layout.listening(f).reflections_per_question),
                ),
                (
                    _("Complex reflections"),
                    lambda f: percent_text(layout.listening(f).complex_share),
                ),
            ]
    hats: list[Figure] = (
        [(_("Hats"), lambda f: hats_text(f.hat_counts) or NONE)] if layout.hats else []
    )
    balance: list[Figure] = (
        [
            (_("Coachee share"), lambda f: percent_text(f.share)),
            (_("Advice per hour"), lambda f: decimal_text(layout.advice_per_hour(f))),
        ]
        if layout.balance
        else []
    )
    return [(_("Active"), lambda f: duration_text(f.active_ms)), *counts, *balance, *hats]


def compare_rows(
    shown: Sequence[TallyKind] | Layout, first: SessionFacts, second: SessionFacts
) -> list[tuple[str, str, str]]:
    """(figure, first session's value, second session's value), one line per figure."""
    layout = shown if isinstance(shown, Layout) else Layout.of(shown)
    return [(label, text(first), text(second)) for label, text in _figures(layout)]


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
        self, shown: Sequence[TallyKind] | Layout, first: SessionFacts, second: SessionFacts
    ) -> None:
        self.set_columns(
            self._columns_for(day_text(first.started_at_ms), day_text(second.started_at_ms))
        )
        self.set_rows(compare_rows(shown, first, second))
