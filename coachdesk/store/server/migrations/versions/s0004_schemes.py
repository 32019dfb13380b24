"""Tally schemes: each session records the scheme version it was recorded with, and the coach's
scheme versions that sessions use travel with them, as the local schema 6 and archives carry
them.

Revision ID: s0004
Revises: s0003
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from coachdesk.store.server.roles import COACH, OWNER, SCHEMA

revision = "s0004"
down_revision = "s0003"
branch_labels = None
depends_on = None

S = SCHEMA


def upgrade() -> None:
    # Every session already on the server was recorded with the Balance scheme's first
    # version: the default. That version is never stored here (each machine has its own,
    # made from its tally kinds), so the session's scheme is no foreign key: sync sends a
    # session's version in the same transaction as the session.
    op.execute(
        f"ALTER TABLE {S}.coaching_session"
        " ADD COLUMN scheme_key text NOT NULL DEFAULT 'balance' CHECK (scheme_key <> ''),"
        " ADD COLUMN scheme_version integer NOT NULL DEFAULT 1 CHECK (scheme_version >= 1)"
    )
    # One version of one of the coach's schemes, as its scheme file's JSON (kept as text, as
    # the local store keeps it). A version never changes once it has sessions.
    op.execute(
        f"""
        CREATE TABLE {S}.scheme_version (
            coach text NOT NULL DEFAULT current_user CHECK (coach <> ''),
            key text NOT NULL CHECK (key <> ''),
            version integer NOT NULL CHECK (version >= 1),
            document text NOT NULL,
            PRIMARY KEY (coach, key, version)
        )
        """
    )
    # The same guard as every other table: the owner role owns it, row-level security
    # enabled and forced, a coach's own rows only. The supervisor's overview never reads it.
    op.execute(f"ALTER TABLE {S}.scheme_version OWNER TO {OWNER}")
    op.execute(f"REVOKE ALL ON {S}.scheme_version FROM PUBLIC")
    op.execute(f"ALTER TABLE {S}.scheme_version ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {S}.scheme_version FORCE ROW LEVEL SECURITY")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {S}.scheme_version TO {COACH}")
    own = f"coach = current_user AND current_user <> '{COACH}'"
    op.execute(
        f"CREATE POLICY own_rows ON {S}.scheme_version TO {COACH} USING ({own}) WITH CHECK ({own})"
    )


def downgrade() -> None:
    raise NotImplementedError("the practice server is never downgraded")
