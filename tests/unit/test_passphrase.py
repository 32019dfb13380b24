"""The rules for a new passphrase and the strength hint (no Qt, no store)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.passphrase import MIN_LENGTH, Strength, check_new, estimated_bits, strength


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", Strength.TOO_SHORT),
        ("otter12", Strength.TOO_SHORT),
        ("otter123", Strength.WEAK),
        ("aaaaaaaaaaaaaaaaaaaa", Strength.WEAK),  # long, but one letter over and over
        ("Otter-under-4", Strength.FAIR),
        ("otter under the bridge", Strength.STRONG),
    ],
)
def test_strength_hint(text: str, expected: Strength) -> None:
    assert strength(text) is expected


@given(st.text(min_size=1), st.characters())
def test_adding_a_character_never_lowers_the_estimate_much(text: str, extra: str) -> None:
    # A longer passphrase may lose a little for a repeat, never the whole of it.
    assert estimated_bits(text + extra) >= estimated_bits(text) * 0.75


def test_a_new_passphrase_must_be_long_enough_and_typed_the_same_twice() -> None:
    with pytest.raises(InvalidInput, match="at least 8 characters"):
        check_new("x" * (MIN_LENGTH - 1), "x" * (MIN_LENGTH - 1))
    with pytest.raises(InvalidInput, match="differ"):
        check_new("otter under the bridge", "otter under the bridgE")
    check_new("otter under the bridge", "otter under the bridge")
