"""What a session's review says of its scheme: the time under each state, and the figures of
the preset it was made from, in words.

Read from :mod:`~coachdesk.domain.scheme_figures` for the session's own scheme version, so a
session reads as it was recorded whatever later versions say. The review page, the report
(PDF) and ``coachdesk report`` show the same lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from coachdesk.domain import i18n
from coachdesk.domain.i18n import _
from coachdesk.domain.model import Tally, TallyKind
from coachdesk.domain.scheme_figures import (
    MITI_CAVEAT,
    Event,
    Figures,
    GroupFigures,
    figures,
    legs,
    listening,
    phases,
    work_focus,
)
from coachdesk.domain.scheme_presets import (
    BALANCE,
    FOUR_LEGS,
    GROW,
    HAT,
    LEARNING,
    LISTENING,
    PHASES,
)
from coachdesk.domain.schemes import Scheme
from coachdesk.domain.timer import format_active

#: Where a figure has nothing to divide by (no question asked): an en dash.
NO_FIGURE = "\u2013"


@dataclass(frozen=True, slots=True)
class StateRow:
    label: str  # the state's kind, and its choice ("role hat declared: mentor" as "mentor")
    entered: int
    worn_ms: int


@dataclass(frozen=True, slots=True)
class StateGroup:
    """One group of states as the review lists it."""

    title: str
    rows: tuple[StateRow, ...]
    empty: str  # said when no row is shown


def events(kinds: Iterable[TallyKind], tallies: Iterable[Tally]) -> list[Event]:
    """The tallies as the figures read them: by their kinds' keys, in recorded order."""
    key_of = {k.id: k.key for k in kinds}
    return [
        Event(key_of[t.kind_id], t.offset_ms, t.detail)
        for t in sorted(tallies, key=lambda t: (t.offset_ms, t.id))
        if t.kind_id in key_of
    ]


def session_figures(
    scheme: Scheme, kinds: Iterable[TallyKind], tallies: Iterable[Tally], active_ms: int
) -> Figures:
    return figures(scheme, events(kinds, tallies), active_ms)


def _is_hat(scheme: Scheme, group: str) -> bool:
    return scheme.key == BALANCE and group == HAT


def state_groups(scheme: Scheme, session: Figures) -> list[StateGroup]:
    """Each state group with the time under each of its states: the hats (only those
    named, as before schemes), or every state of another group (zeros too: a phase never
    reached is news)."""
    found = []
    several = len(session.groups) > 1
    for group, times in session.groups.items():
        rows = tuple(
            StateRow(_state_label(scheme, t.state), t.entered, t.worn_ms)
            for t in times.times
            if t.entered or not _is_hat(scheme, group)
        )
        if _is_hat(scheme, group):
            found.append(StateGroup(_("Hats named"), rows, _("No hat was named.")))
            continue
        title = _("Time in each state")
        if several:
            title += f" ({_group_words(scheme, times)})"
        found.append(StateGroup(title, rows, _("No state was pressed.")))
    return found


def _state_label(scheme: Scheme, state: tuple[str, str | None]) -> str:
    key, detail = state
    kind = scheme.kind(key)
    if kind is None:
        return key
    if detail is None:
        return kind.label.shown()
    choice = kind.detail(detail)
    return choice.label.shown() if choice is not None else detail


def _group_words(scheme: Scheme, times: GroupFigures) -> str:
    return ", ".join(
        kind.label.shown() for kind in scheme.kinds if kind.group == times.group and kind.group
    )


def _decimal(value: float) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if i18n.current_language() == "nl" else text


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _labels(scheme: Scheme, keys: Sequence[str]) -> str:
    return ", ".join(k.label.shown() for key in keys if (k := scheme.kind(key)) is not None)


def preset_lines(scheme: Scheme, session: Figures, *, thresholds: bool = False) -> list[str]:
    """The figures of the preset ``scheme`` was made from, one sentence each (none for a
    scheme of the coach's own). MITI's thresholds only when ``thresholds``, with their
    caveat."""
    preset = scheme.preset
    if preset == FOUR_LEGS:
        found = legs(scheme, session)
        lines = []
        if found.touched:
            lines.append(
                _("Legs of the chair this session touched: {legs}.").format(
                    legs=_labels(scheme, found.touched)
                )
            )
        if found.missing:
            lines.append(_("Not touched: {legs}.").format(legs=_labels(scheme, found.missing)))
        return lines
    if preset == LEARNING:
        focus = work_focus(session)
        share = focus.work_share
        return [
            _("Work-focused time: {work} of {active} ({share}); other time: {other}.").format(
                work=format_active(focus.work_ms),
                active=format_active(focus.work_ms + focus.other_ms),
                share=_percent(share) if share is not None else NO_FIGURE,
                other=format_active(focus.other_ms),
            )
        ]
    if preset == GROW:
        found_phases = phases(session)
        if not found_phases.order:
            return [_("No phase was pressed.")]
        lines = [
            _("Phases in the order they came: {order}.").format(
                order=" → ".join(_labels(scheme, (p,)) for p in found_phases.order)
            )
        ]
        if not found_phases.reached_will:
            lines.append(
                _("The phase {will} was not reached: the coachee's own next step.").format(
                    will=_labels(scheme, (PHASES[-1],))
                )
            )
        return lines
    if preset == LISTENING:
        heard = listening(session, thresholds=thresholds)
        ratio, share = heard.reflections_per_question, heard.complex_share
        lines = [
            _("Reflections per question: {ratio}; complex reflections: {share}.").format(
                ratio=_decimal(ratio) if ratio is not None else NO_FIGURE,
                share=_percent(share) if share is not None else NO_FIGURE,
            )
        ]
        if heard.reflections_threshold is not None and heard.complex_threshold is not None:
            lines.append(
                _(
                    "MITI 4.2.1: reflections per question fair {rq_fair}, good {rq_good}; "
                    "complex reflections fair {cr_fair}, good {cr_good}."
                ).format(
                    rq_fair=_decimal(heard.reflections_threshold.fair),
                    rq_good=_decimal(heard.reflections_threshold.good),
                    cr_fair=_percent(heard.complex_threshold.fair),
                    cr_good=_percent(heard.complex_threshold.good),
                )
            )
            lines.append(_(MITI_CAVEAT))
        return lines
    return []
