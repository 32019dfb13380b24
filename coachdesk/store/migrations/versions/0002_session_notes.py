"""Session notes: what the coach writes down in the end-of-session review.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # One row per filled-in field; a field left empty has no row.
    op.create_table(
        "session_note",
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("coaching_session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("field", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "field"),
    )
