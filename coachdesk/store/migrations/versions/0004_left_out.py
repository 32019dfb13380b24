"""A session can be left out of figures: kept and shown, but not counted in shares, rates or
trends, until the coach counts it again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a column with a constant default in place: no copy of the table, so no
    # batch either (a batch reflects the table first, and cannot reflect its expression index).
    op.add_column(
        "coaching_session",
        sa.Column("left_out", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
