"""The app's side of the practice server, without Qt or a server: retries and the zone."""

from __future__ import annotations

import pytest

from coachdesk.domain.practice import (
    RETRY_FIRST_MS,
    SYNC_EVERY_MS,
    SyncOutcome,
    local_zone,
    retry_after,
)


def test_a_failed_round_is_retried_sooner_at_first_then_no_more_often_than_the_timer() -> None:
    waits = [retry_after(n) for n in range(1, 12)]
    assert waits[:3] == [RETRY_FIRST_MS, 2 * RETRY_FIRST_MS, 4 * RETRY_FIRST_MS]
    assert waits == sorted(waits) and waits[-1] == SYNC_EVERY_MS


@pytest.mark.parametrize(
    ("tz", "zone"),
    [("Europe/Amsterdam", "Europe/Amsterdam"), (":America/New_York", "America/New_York"),
     ("UTC", "UTC")],
)  # fmt: skip
def test_the_overview_months_follow_the_machines_zone(
    monkeypatch: pytest.MonkeyPatch, tz: str, zone: str
) -> None:
    monkeypatch.setenv("TZ", tz)
    assert local_zone() == zone


def test_only_received_records_make_the_windows_read_again() -> None:
    assert not SyncOutcome(1, sent_sessions=3).changed_here
    assert SyncOutcome(1, received_sessions=1).changed_here
    assert SyncOutcome(1, erased_here=1).changed_here
