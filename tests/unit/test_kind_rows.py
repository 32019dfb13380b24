"""The key of a scheme's tally kind row: Balance's by the kind's own key, any other scheme's
by the scheme's key and the kind's."""

from __future__ import annotations

from coachdesk.domain.kind_rows import kind_key_of, kind_key_of_row, kind_row_key


def test_balance_rows_keep_the_kinds_own_key() -> None:
    assert kind_row_key("balance", "advice") == "advice"
    assert kind_key_of("balance", "advice") == "advice"
    assert kind_key_of_row("advice") == "advice"


def test_other_schemes_rows_carry_the_schemes_key() -> None:
    assert kind_row_key("grow", "goal") == "grow.goal"
    assert kind_key_of("grow", "grow.goal") == "goal"
    assert kind_key_of("grow", "learning.goal") is None
    assert kind_key_of("grow", "goal") is None
    assert kind_key_of_row("grow.goal") == "goal"


def test_a_row_key_that_is_no_scheme_and_kind_is_balances() -> None:
    # Kinds an archive brought before schemes may have keys that are no identifiers.
    assert kind_key_of_row("Advice.Given") == "Advice.Given"
    assert kind_key_of_row("a.b.c") == "a.b.c"
