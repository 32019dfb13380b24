"""Preferences survive a round trip; anything odd in the file falls back to its default."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from coachdesk.domain import settings
from coachdesk.domain.history import DEFAULT_MIN_MINUTES, MAX_MIN_MINUTES, Grain, HistoryFilter
from coachdesk.domain.model import CoacheeId
from coachdesk.domain.rotation import DEFAULT_POLICY, Policy
from coachdesk.domain.settings import Settings


def test_target_share_and_history_choice_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    chosen = settings.Settings(
        language="nl",
        target_share=0.6,
        history=settings.HistoryChoice(
            first_day=date(2026, 1, 1),
            last_day=date(2026, 6, 30),
            coachees=(CoacheeId(3), CoacheeId(7)),
            include_archived=True,
            grain=Grain.WEEK,
            min_minutes=12,
            scheme="four_legs",
        ),
    )
    settings.save(path, chosen)
    assert settings.load(path) == chosen
    assert chosen.history.filter == HistoryFilter(
        date(2026, 1, 1),
        date(2026, 6, 30),
        frozenset({CoacheeId(3), CoacheeId(7)}),
        True,
        min_active_ms=12 * 60_000,
        scheme="four_legs",
    )


def test_sessions_under_a_few_minutes_are_too_short_unless_the_coach_says_otherwise() -> None:
    assert settings.HistoryChoice().filter.min_active_ms == DEFAULT_MIN_MINUTES * 60_000
    assert 0 < DEFAULT_MIN_MINUTES <= 10


@pytest.mark.parametrize("minutes", [-1, MAX_MIN_MINUTES + 1, 2.5, "5", True, None])
def test_a_minimum_that_is_not_a_number_of_minutes_falls_back(
    tmp_path: Path, minutes: object
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "history": {"min_minutes": minutes}}))
    assert settings.load(path).history.min_minutes == DEFAULT_MIN_MINUTES


@pytest.mark.parametrize("share", [1.5, -0.1, "0.5", True, float("nan"), None, [0.5]])
def test_a_target_share_that_is_not_a_share_means_no_line(tmp_path: Path, share: object) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "target_share": share}))
    assert settings.load(path).target_share is None


def test_a_garbled_history_choice_falls_back_field_by_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    garbled = {
        "first_day": "yesterday",
        "last_day": "2026-02-30",
        "coachees": [1, "two", True, 3.0, 4],
        "include_archived": "yes",
        "grain": "fortnight",
        "scheme": "Four legs!",
    }
    path.write_text(json.dumps({"version": 1, "language": "nl", "history": garbled}))
    loaded = settings.load(path)
    assert loaded.language == "nl"
    assert loaded.history == settings.HistoryChoice(coachees=(CoacheeId(1), CoacheeId(4)))


def test_the_backup_rotation_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    chosen = settings.Settings(backup_policy=Policy(daily=3, weekly=0, monthly=12))
    settings.save(path, chosen)
    assert json.loads(path.read_text())["backup_policy"] == {
        "daily": 3,
        "weekly": 0,
        "monthly": 12,
    }
    assert settings.load(path) == chosen


@pytest.mark.parametrize(
    "policy",
    [
        {"daily": 0, "weekly": 4, "monthly": 6},  # no daily backup kept: not allowed
        {"daily": -1, "weekly": 4, "monthly": 6},
        {"daily": 7, "weekly": "4", "monthly": 6},
        {"daily": 7, "weekly": 4},
        {"daily": True, "weekly": 4, "monthly": 6},
        {"daily": 7, "weekly": 4, "monthly": 10_000},
        [7, 4, 6],
        None,
    ],
)
def test_a_rotation_that_is_not_one_falls_back_to_the_default(
    tmp_path: Path, policy: object
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "language": "nl", "backup_policy": policy}))
    loaded = settings.load(path)
    assert loaded.backup_policy == DEFAULT_POLICY == Policy(7, 4, 6)
    assert loaded.language == "nl"


def test_every_older_version_has_an_upgrade_step_and_a_test_of_it() -> None:
    assert set(settings.UPGRADES) == set(range(1, settings.SETTINGS_VERSION))
    tests = {name for name in globals() if name.startswith("test_upgrade_from_version_")}
    assert tests == {f"test_upgrade_from_version_{n}" for n in settings.UPGRADES}


def test_the_upgrade_steps_run_in_order_up_to_this_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The machinery a step will use, with two steps that rename a field in turn."""

    def first(raw: dict[str, Any]) -> dict[str, Any]:
        return {**raw, "lang": raw.pop("language_code")}

    def second(raw: dict[str, Any]) -> dict[str, Any]:
        return {**raw, "language": raw.pop("lang")}

    monkeypatch.setattr(settings, "SETTINGS_VERSION", 3)
    monkeypatch.setattr(settings, "UPGRADES", {1: first, 2: second})
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "language_code": "nl", "discreet": True}))
    assert settings.load(path) == settings.Settings(language="nl", discreet=True)


@pytest.mark.parametrize("version", [None, 0, -1, True, "1", 1.0])
def test_a_file_of_no_version_coachdesk_wrote_gives_the_defaults(
    tmp_path: Path, version: object
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": version, "language": "nl", "discreet": True}))
    assert settings.load(path) == settings.Settings()


def test_a_newer_coachdesks_file_is_read_and_what_it_knows_more_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    newer = settings.SETTINGS_VERSION + 1
    path.write_text(json.dumps({"version": newer, "language": "nl", "pad_opacity": 0.8}))
    loaded = settings.load(path)
    assert loaded.language == "nl"
    settings.save(path, replace(loaded, discreet=True))
    written = json.loads(path.read_text())
    assert written["version"] == newer and written["pad_opacity"] == 0.8
    assert written["discreet"] is True and written["language"] == "nl"
    assert settings.load(path) == replace(loaded, discreet=True)


def test_the_practice_choice_round_trips_and_anything_else_means_everything(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    assert settings.load(path).practice_notes is True  # the default: everything goes up
    settings.save(path, Settings(practice_url="postgresql:///p", practice_notes=False))
    assert settings.load(path) == Settings(practice_url="postgresql:///p", practice_notes=False)
    path.write_text('{"version": 1, "practice_notes": "no"}', encoding="utf-8")
    assert settings.load(path).practice_notes is True


@pytest.mark.parametrize("scheme", [None, 3, "", "Four Legs", ["grow"], "x" * 41])
def test_a_history_scheme_that_is_not_a_key_means_every_scheme(
    tmp_path: Path, scheme: object
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "history": {"scheme": scheme}}))
    assert settings.load(path).history.scheme is None


def test_a_file_written_before_the_history_had_schemes_reads_every_scheme(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "history": {"grain": "week", "min_minutes": 7}}))
    assert settings.load(path).history == settings.HistoryChoice(grain=Grain.WEEK, min_minutes=7)


@pytest.mark.parametrize("written", [None, "grow", "Not a key", 3, ""])
def test_the_default_scheme_round_trips_and_anything_else_means_the_one_used_last(
    tmp_path: Path, written: object
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "default_scheme": written}), encoding="utf-8")
    expected = written if written == "grow" else None
    assert settings.load(path).default_scheme == expected
    settings.save(path, Settings(default_scheme="four_legs"))
    assert settings.load(path).default_scheme == "four_legs"
