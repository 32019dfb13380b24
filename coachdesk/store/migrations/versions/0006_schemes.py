"""Tally schemes: every session records the scheme version it used.

The tally kinds the database holds become the first version of the Balance scheme
(:func:`coachdesk.domain.scheme_presets.first_version`), stored as its scheme file document,
and every session, past and future, points at it until the coach chooses another. Each
tally kind notes the key its kind has in the scheme, so a tally is read by its scheme.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from coachdesk.domain.model import Side, TallyKind, TallyKindId
from coachdesk.domain.scheme_files import dumps
from coachdesk.domain.scheme_presets import first_version

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

#: The id of the first version's row: the first row of a new table.
FIRST_VERSION_ID = 1


def upgrade() -> None:
    op.create_table(
        "scheme",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(), nullable=False, unique=True),
    )
    op.create_table(
        "scheme_version",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scheme_id", sa.Integer(), sa.ForeignKey("scheme.id"), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.UniqueConstraint("scheme_id", "version", name="uq_scheme_version"),
    )
    bind = op.get_bind()
    stored = [
        TallyKind(TallyKindId(i), key, label, Side(side), position, colour, detail)
        for i, key, label, side, position, colour, detail in bind.exec_driver_sql(
            "SELECT id, key, label, side, position, colour, detail FROM tally_kind"
        )
    ]
    first = first_version(stored)
    bind.exec_driver_sql("INSERT INTO scheme (id, key) VALUES (1, ?)", (first.scheme.key,))
    bind.exec_driver_sql(
        "INSERT INTO scheme_version (id, scheme_id, version, document) VALUES (?, 1, ?, ?)",
        (FIRST_VERSION_ID, first.scheme.version, dumps(first.scheme).decode("utf-8")),
    )
    # SQLite adds a column in place (no copy of the table, so its expression index stays).
    # A column with a REFERENCES clause may have a default other than NULL only while
    # foreign keys are off, as they are while the schema changes (store/opening.migrate).
    # The default records the first version for every session written without a scheme:
    # the sessions already stored, and those an archive or another machine brings in.
    op.execute(
        "ALTER TABLE coaching_session ADD COLUMN scheme_version_id INTEGER NOT NULL "
        f"DEFAULT {FIRST_VERSION_ID} REFERENCES scheme_version (id)"
    )
    op.add_column(
        "tally_kind", sa.Column("kind_key", sa.String(), nullable=False, server_default="")
    )
    for kind_id, key in first.keys.items():
        bind.exec_driver_sql("UPDATE tally_kind SET kind_key = ? WHERE id = ?", (key, kind_id))
