"""How a tally kind of a scheme is stored as a ``tally_kind`` row.

A row's ``key`` is unique in the store, while two schemes may each have a kind with the same
key (``goal``), so the row of a kind of any scheme but Balance is keyed by the scheme's key
and the kind's; ``kind_key`` holds the kind's own key. Balance's rows keep their own keys,
as every store had them before schemes (its kinds' keys are those rows' keys).
"""

from __future__ import annotations

from coachdesk.domain.scheme_presets import BALANCE
from coachdesk.domain.schemes import KEY_PATTERN


def kind_row_key(scheme_key: str, kind_key: str) -> str:
    """The ``tally_kind.key`` of the kind ``kind_key`` of the scheme ``scheme_key``."""
    return kind_key if scheme_key == BALANCE else f"{scheme_key}.{kind_key}"


def kind_key_of(scheme_key: str, row_key: str) -> str | None:
    """The kind's key in the scheme ``scheme_key`` of the row keyed ``row_key``, or None
    when the row is not one of that scheme's (:func:`kind_row_key` the other way round)."""
    if scheme_key == BALANCE:
        return row_key
    prefix = f"{scheme_key}."
    return row_key[len(prefix) :] if row_key.startswith(prefix) else None


def kind_key_of_row(row_key: str) -> str:
    """The kind's key of a row whose scheme is not known (a kind no session of an import
    uses): a scheme's key and a kind's are identifiers, without dots, so ``grow.goal`` is
    the kind ``goal`` of a scheme other than Balance; any other row is Balance's, by its
    own key."""
    scheme_key, dot, kind_key = row_key.partition(".")
    if dot and KEY_PATTERN.match(scheme_key) and KEY_PATTERN.match(kind_key):
        return kind_key
    return row_key
