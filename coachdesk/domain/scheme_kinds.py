"""A session's tally kinds, as its scheme version has them.

The store keeps one ``tally_kind`` row per kind of a scheme (the tallies point at it); what
the kind is called, its key, colour, party, type and detail choices are the scheme
version's, so an old session reads as it was recorded whatever later versions say.
"""

from __future__ import annotations

from collections.abc import Mapping

from coachdesk.domain.model import DETAIL_CHOICE, DETAIL_HAT, TallyKind, TallyKindId
from coachdesk.domain.scheme_colours import shade
from coachdesk.domain.scheme_presets import BALANCE, HAT
from coachdesk.domain.schemes import Kind, KindType, Scheme


def detail_of(scheme_key: str, kind: Kind) -> str | None:
    """What a kind's tallies hold as detail: the Balance scheme's hats, a kind's own
    choices, or nothing."""
    if scheme_key == BALANCE and kind.key == HAT and kind.details:
        return DETAIL_HAT
    return DETAIL_CHOICE if kind.details else None


def row_detail(scheme_key: str, kind: Kind) -> str | None:
    """What a ``tally_kind`` row says its tallies may hold, for every version of its scheme:
    the Balance scheme's hats, or for any other scheme's kind a choice (one of the kind's
    own, in the version its session used; a later version may add or drop the choices, so
    a tally may also hold none). Archives and the server check tallies by it."""
    if scheme_key == BALANCE:
        return detail_of(scheme_key, kind)
    return DETAIL_CHOICE


def tally_kind(scheme: Scheme, kind: Kind, kind_id: TallyKindId) -> TallyKind:
    """``kind`` of ``scheme`` as the live session, the review and the exports use it."""
    return TallyKind(
        id=kind_id,
        key=kind.key,
        label=kind.label.en,
        side=kind.party,
        position=scheme.kinds.index(kind),
        colour=shade(kind.colour, dark=False),
        detail=detail_of(scheme.key, kind),
        words=kind.label,
        hotkey=kind.hotkey,
        dark_colour=shade(kind.colour, dark=True),
        group=kind.group if kind.type is KindType.STATE else None,
        choices=kind.details,
        offered=not kind.retired,
    )


def session_kinds(scheme: Scheme, ids: Mapping[str, TallyKindId]) -> list[TallyKind]:
    """Every kind of ``scheme`` that has a row (``ids``: kind key to row id), in order."""
    return [tally_kind(scheme, k, ids[k.key]) for k in scheme.kinds if k.key in ids]
