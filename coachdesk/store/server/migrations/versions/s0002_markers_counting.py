"""Moments marked in a session, and a session counted anyway (shorter than the coach's
minimum, counted in figures all the same): what the local schema 5 and its archives carry.

Revision ID: s0002
Revises: s0001
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from coachdesk.store.server.roles import COACH, OWNER, SCHEMA

revision = "s0002"
down_revision = "s0001"
branch_labels = None
depends_on = None

S = SCHEMA


def upgrade() -> None:
    op.execute(
        f"ALTER TABLE {S}.coaching_session"
        " ADD COLUMN counted_anyway boolean NOT NULL DEFAULT false,"
        " ADD CONSTRAINT counted_or_left_out CHECK (NOT (left_out AND counted_anyway))"
    )
    # A marker travels with its session, as in an archive: the session's uid and its place
    # among the session's markers are its key.
    op.execute(
        f"""
        CREATE TABLE {S}.marker (
            coach text NOT NULL DEFAULT current_user CHECK (coach <> ''),
            session_uid uuid NOT NULL,
            position integer NOT NULL,
            offset_ms bigint NOT NULL,
            at_ms bigint NOT NULL,
            note text NOT NULL DEFAULT '',
            PRIMARY KEY (coach, session_uid, position),
            FOREIGN KEY (coach, session_uid) REFERENCES {S}.coaching_session (coach, uid)
                ON DELETE CASCADE
        )
        """
    )
    # The same guard as every table of s0001: the owner role owns it, row-level security
    # enabled and forced, a coach's own rows only. The supervisor's overview never reads it.
    op.execute(f"ALTER TABLE {S}.marker OWNER TO {OWNER}")
    op.execute(f"REVOKE ALL ON {S}.marker FROM PUBLIC")
    op.execute(f"ALTER TABLE {S}.marker ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {S}.marker FORCE ROW LEVEL SECURITY")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {S}.marker TO {COACH}")
    own = f"coach = current_user AND current_user <> '{COACH}'"
    op.execute(f"CREATE POLICY own_rows ON {S}.marker TO {COACH} USING ({own}) WITH CHECK ({own})")


def downgrade() -> None:
    raise NotImplementedError("the practice server is never downgraded")
