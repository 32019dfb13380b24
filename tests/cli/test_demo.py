"""``coachdesk demo``: a made-up practice in a new data dir, never over real records."""

from __future__ import annotations

import sqlite3
from itertools import pairwise
from pathlib import Path

import pytest

from coachdesk.domain.history import Grain, HistoryFilter
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store
from tests.cli.commandline import run
from tests.dbcheck import rows
from tests.fakes import FakeClock


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_demo_fills_a_new_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    result = run(
        data, "demo", "--coachees", "8", "--sessions", "60", "--tallies-per-session", "15",
        "--seed", "5",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "8 coachees, 60 sessions" in result.stdout
    database = data / "coachdesk.sqlite3"
    assert database.stat().st_mode & 0o777 == 0o600
    assert rows(database, "SELECT COUNT(*) FROM coachee") == [(8,)]
    assert rows(database, "SELECT COUNT(*) FROM coaching_session WHERE ended_at_ms IS NULL") == [
        (0,)
    ]
    (tallies,) = rows(database, "SELECT COUNT(*) FROM tally")[0]
    assert f"{tallies} tallies" in result.stdout and 60 * 7 <= tallies <= 60 * 23
    times = rows(database, "SELECT started_at_ms, ended_at_ms FROM coaching_session ORDER BY 1")
    assert all(end < start for (_, end), (start, _) in pairwise(times))
    assert rows(database, "SELECT COUNT(*) FROM coachee WHERE note LIKE 'Fictional%'") == [(8,)]
    notes = rows(database, "SELECT field, text FROM session_note")
    assert 10 <= len(notes) <= 40
    assert all(field == "note" and text.startswith("Demo note: ") for field, text in notes)
    assert rows(database, "SELECT session_id, kind_id, detail, n FROM session_count") == rows(
        database,
        "SELECT session_id, kind_id, COALESCE(detail, ''), COUNT(*) FROM tally GROUP BY 1, 2, 3",
    )
    store = open_store(database, read_only=True)
    try:
        listed = store.coachee_overviews()
        assert len(listed) == 7 and len(store.coachee_overviews(include_archived=True)) == 8
        assert all(o.sessions > 0 and o.latest_share is not None for o in listed)
        months = store.practice(Grain.MONTH, HistoryFilter(include_archived=True))
        assert sum(p.sessions for p in months) == 60 and len(months) >= 2
    finally:
        store.close()


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "1 coachee, 1 session, 0 tallies."), ("nl", "1 coachee, 1 sessie, 0 turfjes.")],
)
def test_demo_counts_one_in_the_singular(tmp_path: Path, lang: str, said: str) -> None:
    result = run(
        tmp_path / "demo", "--lang", lang, "demo", "--coachees", "1", "--sessions", "1",
        "--tallies-per-session", "0",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert said in result.stdout


def test_demo_in_dutch(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    result = run(data, "--lang", "nl", "demo", "--coachees", "2", "--sessions", "3")
    assert result.returncode == 0, result.stderr
    assert "2 coachees, 3 sessies" in result.stdout
    assert rows(data / "coachdesk.sqlite3", "SELECT DISTINCT note FROM coachee") == [
        ("Verzonnen demo-coachee, gemaakt door coachdesk demo: geen echte persoon.",)
    ]


def test_demo_refuses_a_data_dir_with_real_records(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data / "coachdesk.sqlite3")
    session = LiveSession.start(store, FakeClock(), "Anna", 45)
    session.tally(session.kinds[0].id)
    store.close()
    before = snapshot(data)

    result = run(data, "demo")

    assert result.returncode == 1
    assert "already holds coachees or sessions" in result.stderr
    assert "nothing was written" in result.stderr
    assert snapshot(data) == before


def test_demo_refuses_a_second_fill(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    assert run(data, "demo", "--sessions", "5").returncode == 0
    before = snapshot(data)
    again = run(data, "demo", "--sessions", "5")
    assert again.returncode == 1 and "already holds" in again.stderr
    assert snapshot(data) == before


def test_demo_refuses_a_foreign_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with sqlite3.connect(data / "coachdesk.sqlite3") as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    conn.close()
    before = snapshot(data)
    result = run(data, "demo")
    assert result.returncode == 1 and "another program" in result.stderr
    assert snapshot(data) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--coachees", "0"], "must be 1 to 10,000"),
        (["--sessions", "many"], "not a whole number"),
        (["--tallies-per-session", "5000"], "must be 0 to 2,000"),
    ],
)
def test_demo_refuses_bad_sizes(tmp_path: Path, args: list[str], words: str) -> None:
    result = run(tmp_path / "d", "demo", *args)
    assert result.returncode == 2 and words in result.stderr
    assert not (tmp_path / "d").exists()
