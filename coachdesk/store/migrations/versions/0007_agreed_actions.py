"""Agreed actions: what the coachee set out to do, noted at a session's end, and how each came
back at the next session (done, partly, not; NULL until marked).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table: nothing existing is copied or changed.
    op.create_table(
        "agreed_action",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("coaching_session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(8), nullable=True),
        sa.CheckConstraint("outcome IN ('done', 'partly', 'not')", name="outcome"),
        sa.UniqueConstraint("session_id", "position", name="uq_agreed_action_position"),
    )
