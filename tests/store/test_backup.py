"""Backups are verified and private, survive a live writer, and restore to the same content."""

from __future__ import annotations

import random
import shutil
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.domain.errors import BackupFailed, BackupRefused
from coachdesk.domain.model import BackupInfo
from coachdesk.domain.recorder import LiveSession
from coachdesk.domain.rotation import Policy
from coachdesk.store import backup as backups
from coachdesk.store import open_store, restoring
from coachdesk.store.backup import make_backup, prune, verify
from coachdesk.store.restoring import restore
from tests.dbcheck import rows
from tests.fakes import FakeClock
from tests.store.support import content, fill, flip_middle
from tests.written import written


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database)
    return database


def test_a_backup_is_verified_private_and_holds_everything(filled: Path) -> None:
    info = make_backup(filled, now=datetime(2026, 12, 1, 21, 44, 5, tzinfo=UTC))

    path = Path(info.path)
    assert path == filled.parent / "backups" / "coachdesk-20261201-214405Z.sqlite3"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (info.coachees, info.sessions, info.tallies) == (2, 3, 60)
    assert content(path) == content(filled)
    assert rows(path, "PRAGMA journal_mode") == [("delete",)]  # one file, no -wal beside it
    assert verify(path) == info
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary left


def test_two_backups_in_one_second_get_names_of_their_own(filled: Path) -> None:
    moment = datetime(2026, 12, 1, 21, 44, 5, tzinfo=UTC)
    first, second = make_backup(filled, now=moment), make_backup(filled, now=moment)
    assert Path(second.path).name == "coachdesk-20261201-214405Z-2.sqlite3"
    assert content(Path(first.path)) == content(Path(second.path))


def test_a_backup_completes_under_a_live_click_stream(tmp_path: Path) -> None:
    """Another connection adds a tally about every 0.1 s while backups are made."""
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, sessions=2, tallies=2000)
    stop = threading.Event()
    clicked: list[int] = []

    def click() -> None:
        store = open_store(database)
        session = LiveSession.start(store, FakeClock(), "Live", 60)
        kind = session.kinds[0].id
        while not stop.wait(0.1):
            clicked.append(written(session.tally(kind)).tally.id)
        store.close()

    writer = threading.Thread(target=click)
    writer.start()
    try:
        made: list[BackupInfo] = []
        while len(clicked) < 10 or len(made) < 5:
            made.append(make_backup(database))
    finally:
        stop.set()
        writer.join()
    for info in made:
        counted = rows(Path(info.path), "SELECT COUNT(*) FROM tally")[0][0]
        assert counted == info.tallies >= 4000
    assert made[-1].tallies > made[0].tallies or len(clicked) >= 10
    assert rows(database, "SELECT COUNT(*) FROM tally") == [(4000 + len(clicked),)]


def test_a_random_backup_restored_into_a_new_data_dir_is_identical(
    tmp_path: Path, filled: Path
) -> None:
    snapshots = []
    for n in range(4):
        fill(filled, sessions=1, tallies=5, seed=n + 10)
        info = make_backup(filled, now=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=n))
        snapshots.append((info, content(filled)))
    info, expected = random.Random(7).choice(snapshots)
    fresh = tmp_path / "elsewhere" / "coachdesk.sqlite3"

    done = restore(Path(info.path), fresh)

    assert content(fresh) == expected
    assert done.kept is None and done.moved_aside is None
    assert fresh.stat().st_mode & 0o777 == 0o600
    store = open_store(fresh)  # and the app works on it
    try:
        LiveSession.start(store, FakeClock(), "After restore", None).tally(
            store.tally_kinds()[0].id
        )
    finally:
        store.close()


def test_restore_keeps_a_backup_of_the_current_data_first(filled: Path) -> None:
    old = make_backup(filled, now=datetime(2026, 1, 1, tzinfo=UTC))
    fill(filled, sessions=1, tallies=3, seed=5)
    current = content(filled)

    done = restore(Path(old.path), filled, now=datetime(2026, 1, 2, tzinfo=UTC))

    assert content(filled) == content(Path(old.path))
    assert done.kept is not None and content(Path(done.kept.path)) == current
    assert not Path(f"{filled}-wal").exists() or Path(f"{filled}-wal").stat().st_size == 0


def test_the_restore_hook_is_called_with_the_restored_database(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[int, Path]] = []

    def hook(conn: sqlite3.Connection, data_dir: Path) -> None:
        seen.append((conn.execute("SELECT COUNT(*) FROM tally").fetchone()[0], data_dir))

    monkeypatch.setattr(restoring, "after_restore", hook)
    info = make_backup(filled)
    restore(Path(info.path), tmp_path / "new" / "coachdesk.sqlite3")
    assert seen == [(60, tmp_path / "new")]


def not_backups(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": b"",
        "text": b"just some notes\n" * 100,
        "random": random.Random(3).randbytes(8192),
    }
    made = {}
    for name, data in files.items():
        made[name] = tmp_path / f"{name}.sqlite3"
        made[name].write_bytes(data)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE photos (path TEXT)")
    conn.close()
    made["foreign"] = foreign
    return made


@pytest.mark.parametrize("kind", ["empty", "text", "random", "foreign"])
def test_restore_refuses_what_is_not_a_backup_and_changes_nothing(
    tmp_path: Path, filled: Path, kind: str
) -> None:
    given = not_backups(tmp_path)[kind]
    given_bytes = given.read_bytes()
    before = content(filled)
    folder = sorted(p.name for p in filled.parent.iterdir())

    with pytest.raises(BackupRefused, match="not a verified coachdesk backup"):
        restore(given, filled)

    assert given.read_bytes() == given_bytes
    assert content(filled) == before
    assert sorted(p.name for p in filled.parent.iterdir()) == folder


def test_a_damaged_database_is_never_backed_up(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    fill(database, sessions=2, tallies=3000)
    good = make_backup(database, now=datetime(2026, 1, 1, tzinfo=UTC))
    flip_middle(database)

    with pytest.raises(BackupFailed, match="fails its check"):
        make_backup(database, now=datetime(2026, 1, 2, tzinfo=UTC))

    assert [p.name for p in Path(good.path).parent.iterdir()] == [Path(good.path).name]
    assert verify(Path(good.path)) == good


def test_prune_keeps_the_rotation_and_touches_nothing_else(filled: Path) -> None:
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    for day in range(20):
        make_backup(filled, now=start + timedelta(days=day))
    folder = filled.parent / "backups"
    mine = folder / "my-own-copy.sqlite3"
    shutil.copy(next(folder.iterdir()), mine)

    gone = prune(filled, Policy(daily=3, weekly=1, monthly=1))

    left = sorted(p.name for p in folder.iterdir())
    assert len(gone) == 17
    assert left == [
        "coachdesk-20260318-120000Z.sqlite3",
        "coachdesk-20260319-120000Z.sqlite3",
        "coachdesk-20260320-120000Z.sqlite3",
        "my-own-copy.sqlite3",
    ]


def test_a_restored_backup_loses_the_coachees_erased_since(filled: Path) -> None:
    from coachdesk.store.connection import connect
    from coachdesk.store.erasure import erase

    info = make_backup(filled)
    assert rows(Path(info.path), "SELECT name FROM coachee ORDER BY name") == [
        ("Coachee 0",),
        ("Coachee 1",),
    ]
    conn = connect(filled)
    try:
        (coachee_id,) = conn.execute("SELECT id FROM coachee WHERE name = 'Coachee 0'").fetchone()
        erase(conn, coachee_id, filled.parent, 5)
    finally:
        conn.close()

    restore(Path(info.path), filled)

    assert rows(filled, "SELECT name FROM coachee") == [("Coachee 1",)]
    assert rows(filled, "SELECT COUNT(*) FROM coaching_session") == [(1,)]


def test_backups_made_in_one_second_are_listed_newest_first(filled: Path) -> None:
    moment = datetime(2026, 12, 4, 9, 30, 0, tzinfo=UTC)
    made = [make_backup(filled, now=moment) for _ in range(11)]  # ...Z, ...Z-2, ..., ...Z-11
    listed = [Path(info.path).name for info in backups.list_backups(filled)]
    assert listed[0] == "coachdesk-20261204-093000Z-11.sqlite3"
    assert listed == [Path(info.path).name for info in reversed(made)]
