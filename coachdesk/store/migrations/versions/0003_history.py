"""History: a coachee's note and archive mark, sessions by date, and a per-session summary
of tally counts kept by triggers in the same transaction as each tally.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# A copy, frozen with this revision, of schema.SUMMARY_TRIGGERS (which migrate() re-creates
# after every run, in case a later revision copies the tally table).
TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS tr_tally_count_insert AFTER INSERT ON tally BEGIN "
    "INSERT INTO session_count (session_id, kind_id, detail, n) "
    "VALUES (NEW.session_id, NEW.kind_id, COALESCE(NEW.detail, ''), 1) "
    "ON CONFLICT (session_id, kind_id, detail) DO UPDATE SET n = n + 1; "
    "END",
    "CREATE TRIGGER IF NOT EXISTS tr_tally_count_delete AFTER DELETE ON tally BEGIN "
    "UPDATE session_count SET n = n - 1 WHERE session_id = OLD.session_id "
    "AND kind_id = OLD.kind_id AND detail = COALESCE(OLD.detail, ''); "
    "DELETE FROM session_count WHERE session_id = OLD.session_id "
    "AND kind_id = OLD.kind_id AND detail = COALESCE(OLD.detail, '') AND n <= 0; "
    "END",
    "CREATE TRIGGER IF NOT EXISTS tr_tally_count_update "
    "AFTER UPDATE OF session_id, kind_id, detail ON tally "
    "WHEN OLD.session_id IS NOT NEW.session_id OR OLD.kind_id IS NOT NEW.kind_id "
    "OR OLD.detail IS NOT NEW.detail BEGIN "
    "UPDATE session_count SET n = n - 1 WHERE session_id = OLD.session_id "
    "AND kind_id = OLD.kind_id AND detail = COALESCE(OLD.detail, ''); "
    "DELETE FROM session_count WHERE session_id = OLD.session_id "
    "AND kind_id = OLD.kind_id AND detail = COALESCE(OLD.detail, '') AND n <= 0; "
    "INSERT INTO session_count (session_id, kind_id, detail, n) "
    "VALUES (NEW.session_id, NEW.kind_id, COALESCE(NEW.detail, ''), 1) "
    "ON CONFLICT (session_id, kind_id, detail) DO UPDATE SET n = n + 1; "
    "END",
)


def upgrade() -> None:
    with op.batch_alter_table("coachee") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("archived_at_ms", sa.Integer(), nullable=True))
    op.create_index("ix_session_started", "coaching_session", ["started_at_ms"])
    # How many tallies of each kind (and detail, such as the hat) a session holds. The
    # practice view reads these few rows per session instead of every tally.
    op.create_table(
        "session_count",
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("coaching_session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind_id", sa.Integer(), sa.ForeignKey("tally_kind.id"), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),  # '' for a tally without detail
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "kind_id", "detail"),
        sqlite_with_rowid=False,
    )
    op.execute(
        "INSERT INTO session_count (session_id, kind_id, detail, n) "
        "SELECT session_id, kind_id, COALESCE(detail, ''), COUNT(*) FROM tally "
        "GROUP BY session_id, kind_id, COALESCE(detail, '')"
    )
    for trigger in TRIGGERS:
        op.execute(trigger)
