"""A future release's migration, played out on a database full of sessions.

The next schema will change a table, and SQLite changes a table by copying it and dropping
the old one. These tests add such a migration (a copy of ``coaching_session`` with a new
column) to a copy of the real migrations and open a filled database with it, the way the next
coachdesk will: nothing may be lost on the way.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coachdesk.errors import DatabaseRefused
from coachdesk.recorder import LiveSession
from coachdesk.store import open_store, opening
from tests.dbcheck import rows
from tests.fakes import FakeClock

pytestmark = pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection:sqlalchemy.exc.SAWarning"
)

NEXT_MIGRATION = '''
"""Test only: copy coaching_session to add a column, as a batch migration does."""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("coaching_session", recreate="always") as batch:
        batch.add_column(sa.Column("room", sa.Text(), nullable=True))
'''

ORPHANING_MIGRATION = '''
"""Test only: a faulty migration that leaves tallies pointing at no session."""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM coaching_session")
'''


def filled_today(database: Path) -> list[tuple[object, ...]]:
    """Two sessions with tallies and a pause, written by today's coachdesk; returns what an
    outsider reads back."""
    with pytest.MonkeyPatch.context() as today:
        today.setattr(opening, "SCHEMA_VERSION", 1)
        today.setattr(opening, "MIGRATIONS", "coachdesk.store:migrations")
        store = open_store(database)
    clock = FakeClock()
    for name in ("Anna", "Bram"):
        session = LiveSession.start(store, clock, name, 45)
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
    store.close()
    return everything(database)


def everything(database: Path) -> list[tuple[object, ...]]:
    return [
        *rows(database, "SELECT id, session_id, kind_id, offset_ms, at_ms, detail FROM tally"),
        *rows(database, "SELECT id, session_id, offset_ms, started_at_ms, ended_at_ms FROM pause"),
        *rows(database, "SELECT id, uid, coachee_id, active_ms, ended_at_ms FROM coaching_session"),
    ]


@pytest.fixture
def next_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real migrations plus a 0002 (written by the test), as the next coachdesk would
    ship them; returns where the 0002 goes."""
    scripts = tmp_path / "migrations"
    shutil.copytree(
        Path(opening.__file__).parent / "migrations",
        scripts,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    monkeypatch.setattr(opening, "MIGRATIONS", str(scripts))
    monkeypatch.setattr(opening, "SCHEMA_VERSION", 2)
    return scripts / "versions" / "0002_next.py"


def test_copying_a_table_keeps_every_tally_pause_and_rule(
    tmp_path: Path, next_release: Path
) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled_today(database)
    assert len(before) == 6 + 2 + 2
    next_release.write_text(NEXT_MIGRATION)

    open_store(database).close()

    assert everything(database) == before
    assert rows(database, "PRAGMA user_version") == [(2,)]
    assert rows(database, "SELECT COUNT(*) FROM pragma_table_info('coaching_session')") == [(8,)]
    assert rows(database, "PRAGMA foreign_key_check") == []
    index_sql = rows(database, "SELECT sql FROM sqlite_master WHERE name = 'ux_session_one_open'")
    assert index_sql and "WHERE ended_at_ms IS NULL" in str(index_sql[0][0])
    backup = database.with_name(f"{database.name}.before-schema-2-from-1")
    assert backup.stat().st_mode & 0o777 == 0o600
    assert everything(backup) == before
    assert rows(backup, "PRAGMA user_version") == [(1,)]


def test_an_earlier_backup_is_never_overwritten(tmp_path: Path, next_release: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    filled_today(database)
    earlier = database.with_name(f"{database.name}.before-schema-2-from-1")
    earlier.write_bytes(b"an older backup the coach kept")
    next_release.write_text(NEXT_MIGRATION)

    open_store(database).close()

    assert earlier.read_bytes() == b"an older backup the coach kept"
    assert rows(Path(f"{earlier}.2"), "PRAGMA user_version") == [(1,)]


def test_a_migration_that_orphans_rows_is_undone(tmp_path: Path, next_release: Path) -> None:
    database = tmp_path / "data" / "coachdesk.sqlite3"
    before = filled_today(database)
    next_release.write_text(ORPHANING_MIGRATION)

    with pytest.raises(DatabaseRefused, match="rows without their session"):
        open_store(database)

    assert everything(database) == before
    assert rows(database, "PRAGMA user_version") == [(1,)]
