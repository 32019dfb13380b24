"""The first schema: coachees, tally kinds, sessions, pauses, tallies.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The built-in tally kinds. Labels are English msgids, translated when shown.
DEFAULT_KINDS = [
    ("advice", "advice given", "coach", 1, "#D9822B", None),
    ("coachee_action", "coachee action noted", "coachee", 2, "#2A9D8F", None),
    ("hat", "role hat declared", "neutral", 3, "#7B6CC9", "hat"),
]


def upgrade() -> None:
    op.create_table(
        "coachdesk_meta",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "coachee",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        sa.Column("created_at_ms", sa.Integer(), nullable=False),
    )
    kinds = op.create_table(
        "tally_kind",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(), nullable=False, unique=True),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("colour", sa.String(7), nullable=False),
        sa.Column("detail", sa.String(), nullable=True),
        sa.CheckConstraint("side IN ('coach', 'coachee', 'neutral')", name="side"),
    )
    op.create_table(
        "coaching_session",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("coachee_id", sa.Integer(), sa.ForeignKey("coachee.id"), nullable=False),
        sa.Column("started_at_ms", sa.Integer(), nullable=False),
        sa.Column("planned_minutes", sa.Integer(), nullable=True),
        sa.Column("active_ms", sa.Integer(), nullable=False),
        sa.Column("ended_at_ms", sa.Integer(), nullable=True),
    )
    op.create_index(
        "ix_session_coachee_started", "coaching_session", ["coachee_id", "started_at_ms"]
    )
    # At most one session is ever open: every open row has the same indexed value.
    op.create_index(
        "ux_session_one_open",
        "coaching_session",
        [sa.text("(ended_at_ms IS NULL)")],
        unique=True,
        sqlite_where=sa.text("ended_at_ms IS NULL"),
    )
    op.create_table(
        "pause",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("coaching_session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("offset_ms", sa.Integer(), nullable=False),
        sa.Column("started_at_ms", sa.Integer(), nullable=False),
        sa.Column("ended_at_ms", sa.Integer(), nullable=True),
    )
    op.create_index("ix_pause_session", "pause", ["session_id", "id"])
    op.create_table(
        "tally",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("coaching_session.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind_id", sa.Integer(), sa.ForeignKey("tally_kind.id"), nullable=False),
        sa.Column("offset_ms", sa.Integer(), nullable=False),
        sa.Column("at_ms", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(), nullable=True),
    )
    op.create_index("ix_tally_session", "tally", ["session_id", "id"])
    op.bulk_insert(
        kinds,
        [
            dict(zip(("key", "label", "side", "position", "colour", "detail"), row, strict=True))
            for row in DEFAULT_KINDS
        ],
    )
