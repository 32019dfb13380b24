"""Migrations played out on databases full of sessions: nothing may be lost on the way.

The shipped migrations are checked by building a database at an older schema (with only the
migrations up to it) and opening it with today's code. A future release is played out too:
the next schema will change a table, and SQLite changes a table by copying it and dropping the
old one. These tests add such a migration (a copy of ``coaching_session`` with a new column)
to a copy of the real migrations and open a filled database with it, the way the next
coachdesk will.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from coachdesk.domain.errors import DatabaseDamaged, DatabaseRefused
from coachdesk.domain.history import HistoryFilter
from coachdesk.domain.model import SessionId, SessionRecord
from coachdesk.domain.recorder import LiveSession
from coachdesk.domain.scheme_presets import first_version
from coachdesk.store import SCHEMA_VERSION, open_store, opening
from tests.dbcheck import rows
from tests.fakes import FakeClock
from tests.store.support import HEAD, NEXT, NEXT_MIGRATION, SHIPPED, flip_middle

pytestmark = pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection:sqlalchemy.exc.SAWarning"
)


ORPHANING_MIGRATION = f'''
"""Test only: a faulty migration that leaves tallies pointing at no session."""
from alembic import op

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM coaching_session")
'''


def migrations_up_to(version: int, folder: Path) -> Path:
    """A copy of the shipped migrations with only revisions 0001 .. ``version`` in it: what an
    older coachdesk shipped."""

    def later(_directory: str, names: list[str]) -> list[str]:
        numbered = {n: re.match(r"(\d{4})_", n) for n in names}
        return [
            n
            for n, match in numbered.items()
            if n == "__pycache__" or (match is not None and int(match.group(1)) > version)
        ]

    shutil.copytree(SHIPPED, folder, ignore=later)
    return folder


def filled(
    database: Path, version: int = SCHEMA_VERSION, migrations: str = opening.MIGRATIONS
) -> list[tuple[object, ...]]:
    """Two sessions with tallies, a pause and (from schema 2) notes, written by the coachdesk
    of schema ``version``; returns what an outsider reads back."""
    with pytest.MonkeyPatch.context() as then:
        then.setattr(opening, "SCHEMA_VERSION", version)
        then.setattr(opening, "MIGRATIONS", migrations)
        store = open_store(database)
    clock = FakeClock()
    for name in ("Anna", "Bram"):
        if version >= 6:
            session = LiveSession.start(store, clock, name, 45)
        else:  # before schemes, every session had the tally kinds the database holds
            now = clock.now_ms()
            coachee = store.coachee_named(name, now)
            record = SessionRecord(
                store.start_session(coachee.id, now, 45), coachee, now, 45, 0, None, (), ()
            )
            session = LiveSession(store, clock, store.tally_kinds(), record)
        kinds = [k.id for k in session.kinds]
        clock.advance(1_000)
        session.tally(kinds[0])
        session.pause()
        clock.advance(5_000)
        session.resume()
        session.tally(kinds[1])
        session.tally(kinds[2], "mentor")
        clock.advance(1_000)
        session.end()
        if version >= 2:
            store.save_note(session.id, "goal", f"{name} wants calmer meetings 🌊", clock.now_ms())
    store.close()
    return everything(database)


def everything(database: Path) -> list[tuple[object, ...]]:
    found = [
        *rows(database, "SELECT id, session_id, kind_id, offset_ms, at_ms, detail FROM tally"),
        *rows(database, "SELECT id, session_id, offset_ms, started_at_ms, ended_at_ms FROM pause"),
        *rows(database, "SELECT id, uid, coachee_id, active_ms, ended_at_ms FROM coaching_session"),
        *rows(database, "SELECT id, uid, name, created_at_ms FROM coachee"),
    ]
    if rows(database, "SELECT 1 FROM sqlite_master WHERE name = 'session_note'"):
        found += rows(database, "SELECT session_id, field, text, updated_at_ms FROM session_note")
    return found


def backup_of(database: Path, to: int, old: int) -> Path:
    return database.with_name(f"{database.name}.before-schema-{to}-from-{old}")


def test_a_schema_1_database_gets_notes_and_keeps_every_row(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database, 1, str(migrations_up_to(1, tmp_path / "migrations-1")))
    assert len(before) == 6 + 2 + 2 + 2
    assert rows(database, "PRAGMA user_version") == [(1,)]
    assert rows(database, "SELECT 1 FROM sqlite_master WHERE name = 'session_note'") == []

    store = open_store(database)
    try:
        assert everything(database) == before
        old = store.sessions_of(store.coachees()[0].id)[0]
        store.save_note(old.id, "goal", "noted after the upgrade", 5)
        assert store.notes(old.id) == {"goal": "noted after the upgrade"}
    finally:
        store.close()

    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(database, "PRAGMA foreign_key_check") == []
    assert rows(database, "SELECT session_id, field FROM session_note") == [(old.id, "goal")]
    index_sql = rows(database, "SELECT sql FROM sqlite_master WHERE name = 'ux_session_one_open'")
    assert index_sql and "WHERE ended_at_ms IS NULL" in str(index_sql[0][0])
    backup = backup_of(database, SCHEMA_VERSION, 1)
    assert backup.stat().st_mode & 0o777 == 0o600
    assert everything(backup) == before
    assert rows(backup, "PRAGMA user_version") == [(1,)]


@pytest.fixture
def next_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real migrations plus the next one (written by the test), as the next coachdesk
    would ship them; returns where the next one goes."""
    scripts = tmp_path / "migrations"
    shutil.copytree(SHIPPED, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(opening, "MIGRATIONS", str(scripts))
    monkeypatch.setattr(opening, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    return scripts / "versions" / f"{NEXT}_next.py"


def test_copying_a_table_keeps_every_tally_pause_note_and_rule(
    tmp_path: Path, next_release: Path
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database)
    assert len(before) == 6 + 2 + 2 + 2 + 2
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("UPDATE coaching_session SET left_out = 1 WHERE id = 2")
    next_release.write_text(NEXT_MIGRATION)

    open_store(database).close()

    assert everything(database) == before
    assert rows(database, "SELECT id, left_out FROM coaching_session") == [(1, 0), (2, 1)]
    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION + 1,)]
    assert rows(database, "SELECT COUNT(*) FROM pragma_table_info('coaching_session')") == [(10,)]
    assert rows(database, "PRAGMA foreign_key_check") == []
    index_sql = rows(database, "SELECT sql FROM sqlite_master WHERE name = 'ux_session_one_open'")
    assert index_sql and "WHERE ended_at_ms IS NULL" in str(index_sql[0][0])
    backup = backup_of(database, SCHEMA_VERSION + 1, SCHEMA_VERSION)
    assert backup.stat().st_mode & 0o777 == 0o600
    assert everything(backup) == before
    assert rows(backup, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_an_earlier_backup_is_never_overwritten(tmp_path: Path, next_release: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    filled(database)
    earlier = backup_of(database, SCHEMA_VERSION + 1, SCHEMA_VERSION)
    earlier.write_bytes(b"an older backup the coach kept")
    next_release.write_text(NEXT_MIGRATION)

    open_store(database).close()

    assert earlier.read_bytes() == b"an older backup the coach kept"
    assert rows(Path(f"{earlier}.2"), "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_a_migration_that_orphans_rows_is_undone(tmp_path: Path, next_release: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database)
    next_release.write_text(ORPHANING_MIGRATION)

    with pytest.raises(DatabaseRefused, match="rows without their session"):
        open_store(database)

    assert everything(database) == before
    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


FAILING_MIGRATION = f'''
"""Test only: a migration that changes a table, then fails."""
import sqlalchemy as sa
from alembic import op

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coaching_session", recreate="always") as batch:
        batch.add_column(sa.Column("room", sa.Text(), nullable=True))
    op.execute("DELETE FROM tally")
    raise RuntimeError("the migration's author forgot a case")
'''

STALLING_MIGRATION = f'''
"""Test only: a migration that changes a table, then stalls until it is killed."""
import sys
import time

import sqlalchemy as sa
from alembic import op

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coaching_session", recreate="always") as batch:
        batch.add_column(sa.Column("room", sa.Text(), nullable=True))
    op.execute("DELETE FROM tally")
    print("half-way", flush=True)
    time.sleep(60)
'''


def test_a_failing_migration_leaves_the_old_version_and_a_verified_backup(
    tmp_path: Path, next_release: Path
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database)
    next_release.write_text(FAILING_MIGRATION)

    with pytest.raises(DatabaseRefused, match=f"left at schema {SCHEMA_VERSION}"):
        open_store(database)

    assert everything(database) == before
    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(database, "PRAGMA quick_check") == [("ok",)]
    assert everything(backup_of(database, SCHEMA_VERSION + 1, SCHEMA_VERSION)) == before


def test_an_upgrade_killed_half_way_leaves_the_old_version(
    tmp_path: Path, next_release: Path
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database)
    columns = rows(database, "SELECT COUNT(*) FROM pragma_table_info('coaching_session')")
    next_release.write_text(STALLING_MIGRATION)
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.migrate_child",
            str(database),
            str(next_release.parent.parent),
            str(SCHEMA_VERSION + 1),
        ],
        cwd=root,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert child.stdout is not None
    with child.stdout:
        try:
            assert child.stdout.readline() == b"half-way\n"  # table copied, tallies gone
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(30)
    assert child.returncode == -signal.SIGKILL

    assert everything(database) == before
    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(database, "PRAGMA quick_check") == [("ok",)]
    assert rows(database, "SELECT COUNT(*) FROM pragma_table_info('coaching_session')") == columns


def test_a_schema_2_database_gets_its_tallies_counted_for_history(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database, 2, str(migrations_up_to(2, tmp_path / "migrations-2")))
    assert rows(database, "SELECT 1 FROM sqlite_master WHERE name = 'session_count'") == []

    store = open_store(database)
    try:
        assert everything(database) == before
        overviews = store.coachee_overviews()
        assert [(o.coachee.name, o.sessions, o.note, o.archived) for o in overviews] == [
            ("Anna", 1, "", False),
            ("Bram", 1, "", False),
        ]
        assert [o.latest_share for o in overviews] == [0.5, 0.5]
        facts = store.trajectory(overviews[0].coachee.id, HistoryFilter())
        assert [(f.coach_side, f.coachee_side, sum(f.hat_counts.values())) for f in facts] == [
            (1, 1, 1)
        ]
    finally:
        store.close()

    assert rows(database, "SELECT session_id, kind_id, detail, n FROM session_count") == rows(
        database,
        "SELECT session_id, kind_id, COALESCE(detail, ''), COUNT(*) FROM tally GROUP BY 1, 2, 3",
    )
    assert rows(database, "SELECT COUNT(*) FROM session_count") == [(6,)]
    assert rows(backup_of(database, SCHEMA_VERSION, 2), "PRAGMA user_version") == [(2,)]


def test_a_schema_3_database_counts_every_session_in_figures_and_can_leave_one_out(
    tmp_path: Path,
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database, 3, str(migrations_up_to(3, tmp_path / "migrations-3")))
    assert (
        rows(
            database, "SELECT 1 FROM pragma_table_info('coaching_session') WHERE name = 'left_out'"
        )
        == []
    )
    counts = rows(database, "SELECT session_id, kind_id, detail, n FROM session_count")

    store = open_store(database)
    try:
        assert everything(database) == before
        anna = store.coachee_overviews()[0].coachee
        facts = store.trajectory(anna.id, HistoryFilter())
        assert [f.left_out for f in facts] == [False]
        assert store.latest_shares(HistoryFilter(), 5) == {
            o.coachee: [0.5] for o in store.coachee_overviews()
        }
        store.set_left_out(facts[0].id, True)
        assert anna not in store.latest_shares(HistoryFilter(), 5)
    finally:
        store.close()

    assert rows(database, "SELECT id, left_out FROM coaching_session") == [(1, 1), (2, 0)]
    assert rows(database, "SELECT session_id, kind_id, detail, n FROM session_count") == counts
    assert rows(database, "PRAGMA quick_check") == [("ok",)]
    assert rows(database, "PRAGMA foreign_key_check") == []
    assert rows(backup_of(database, SCHEMA_VERSION, 3), "PRAGMA user_version") == [(3,)]


COPY_TALLY_MIGRATION = f'''
"""Test only: copy the tally table, as a batch migration that changes it does."""
import sqlalchemy as sa
from alembic import op

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tally", recreate="always") as batch:
        batch.add_column(sa.Column("source", sa.Text(), nullable=True))
'''


def test_a_copied_tally_table_keeps_its_counting_triggers(
    tmp_path: Path, next_release: Path
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    filled(database)
    next_release.write_text(COPY_TALLY_MIGRATION)

    store = open_store(database)
    try:
        anna = store.coachee_overviews()[0].coachee
        (session,) = store.sessions_of(anna.id)
        store.add_tally(session.id, store.tally_kinds()[0].id, 9_000, 9_000, None)
        (facts,) = store.trajectory(anna.id, HistoryFilter())
        assert facts.coach_side == 2
    finally:
        store.close()
    triggers = rows(database, "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY 1")
    assert triggers == [
        ("tr_tally_count_delete",),
        ("tr_tally_count_insert",),
        ("tr_tally_count_update",),
    ]


def test_a_damaged_database_is_never_upgraded(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    filled(database, 1, str(migrations_up_to(1, tmp_path / "migrations-1")))
    with closing(sqlite3.connect(database)) as conn:  # enough pages to damage one in the middle
        conn.execute("CREATE TABLE padding (x TEXT)")
        conn.executemany("INSERT INTO padding VALUES (?)", [("x" * 500,) for _ in range(400)])
        conn.commit()
    flip_middle(database)
    damaged = database.read_bytes()

    with pytest.raises(DatabaseDamaged, match="fails its check"):
        open_store(database)

    assert database.read_bytes() == damaged
    assert not backup_of(database, SCHEMA_VERSION, 1).exists()


def test_a_schema_4_database_keeps_every_row_and_can_mark_moments(tmp_path: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database, 4, str(migrations_up_to(4, tmp_path / "migrations-4")))
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute("UPDATE coaching_session SET left_out = 1 WHERE id = 2")
    assert rows(database, "SELECT 1 FROM sqlite_master WHERE name = 'marker'") == []
    counts = rows(database, "SELECT session_id, kind_id, detail, n FROM session_count")

    store = open_store(database)
    try:
        assert everything(database) == before
        session = LiveSession.start(store, FakeClock(), "Cas")
        added = session.mark()
        session.note_marker(added.marker, "a turn")
        session.end()
        assert store.session_record(SessionId(1)).markers == ()
    finally:
        store.close()

    assert all(row in everything(database) for row in before)  # every old row still there
    assert rows(database, "SELECT id, left_out FROM coaching_session") == [(1, 0), (2, 1), (3, 0)]
    assert rows(database, "SELECT session_id, note FROM marker") == [(3, "a turn")]
    assert rows(database, "SELECT session_id, kind_id, detail, n FROM session_count") == counts
    assert rows(database, "PRAGMA quick_check") == [("ok",)]
    assert rows(database, "PRAGMA foreign_key_check") == []
    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(backup_of(database, SCHEMA_VERSION, 4), "PRAGMA user_version") == [(4,)]


def test_a_schema_5_database_records_every_session_with_the_balance_scheme(
    tmp_path: Path,
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled(database, 5, str(migrations_up_to(5, tmp_path / "migrations-5")))
    assert rows(database, "SELECT 1 FROM sqlite_master WHERE name = 'scheme_version'") == []
    counts = rows(database, "SELECT session_id, kind_id, detail, n FROM session_count")
    kinds = rows(database, "SELECT id, key FROM tally_kind ORDER BY id")

    store = open_store(database)
    try:
        assert everything(database) == before  # every tally, pause, session, coachee, note
        (scheme,) = store.schemes()
        assert scheme == first_version(store.tally_kinds()).scheme
        assert (scheme.key, scheme.version) == ("balance", 1)
        for session in (SessionId(1), SessionId(2)):
            assert store.session_scheme(session) == scheme
        assert store.kind_keys() == {kind_id: key for kind_id, key in kinds}
        new = LiveSession.start(store, FakeClock(), "Cas")
        new.end()
        assert store.session_scheme(new.id) == scheme
    finally:
        store.close()

    assert rows(database, "SELECT COUNT(*) FROM agreed_action") == [(0,)]  # schema 7's table
    assert rows(database, "SELECT id, scheme_version_id FROM coaching_session") == [
        (1, 1),
        (2, 1),
        (3, 1),
    ]
    assert rows(database, "SELECT session_id, kind_id, detail, n FROM session_count") == counts
    assert rows(database, "PRAGMA quick_check") == [("ok",)]
    assert rows(database, "PRAGMA foreign_key_check") == []
    assert rows(database, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    backup = backup_of(database, SCHEMA_VERSION, 5)
    assert everything(backup) == before
    assert rows(backup, "PRAGMA user_version") == [(5,)]


def test_kinds_an_old_archive_brought_with_keys_that_were_no_identifiers_keep_their_tallies(
    tmp_path: Path,
) -> None:
    """Old archives allowed any key ("q.open", "Open Question"); the Balance scheme's first
    version gives such a kind an identifier of its own, and its row still holds its tallies:
    in a session resumed after the upgrade, and in every new one (no second row made)."""
    database = tmp_path / "data" / "coachdesk.sqlite3"
    migrations = str(migrations_up_to(5, tmp_path / "migrations-5"))
    filled(database, 5, migrations)
    with closing(sqlite3.connect(database)) as conn, conn:
        conn.execute(
            "INSERT INTO tally_kind (key, label, side, position, colour, detail) VALUES "
            "('q.open', 'open question', 'coach', 3, '#336699', NULL), "
            "('Open Question', 'asked open', 'coach', 4, '#336699', NULL)"
        )
    store = open_store(database)
    try:
        keys = [k.key for k in store.session_kinds(SessionId(1))]
        assert keys == ["advice", "coachee_action", "hat", "q_open", "open_question"]
        new = LiveSession.start(store, FakeClock(), "Cas")
        q_open = next(k for k in new.kinds if k.key == "q_open")
        new.tally(q_open.id)
        new.end()
    finally:
        store.close()
    assert rows(
        database,
        "SELECT k.key FROM tally t JOIN tally_kind k ON k.id = t.kind_id WHERE t.session_id = 3",
    ) == [("q.open",)]
    assert rows(database, "SELECT COUNT(*) FROM tally_kind") == [(5,)]
