"""Which ``tally_kind`` row holds a kind of a scheme.

The tallies point at rows, one per kind of a scheme, shared by its versions (a kind's key
never changes across versions). The Balance scheme's rows keep the keys they had before
schemes existed (``advice``, ``coachee_action``, ``hat``); another scheme's kind ``k`` is the
row ``"<scheme key>.k"``, so two schemes may each have a kind called ``advice``. Archives and
the practice server carry tallies by these row keys.
"""

from __future__ import annotations

from coachdesk.domain.scheme_presets import BALANCE


def kind_row_key(scheme_key: str, kind_key: str) -> str:
    """The ``tally_kind.key`` of the kind ``kind_key`` of the scheme ``scheme_key``."""
    return kind_key if scheme_key == BALANCE else f"{scheme_key}.{kind_key}"
