"""Agreed actions: the actions a coachee agreed in a session, and how each came back, as the
local schema 7 and its archives carry them.

Revision ID: s0003
Revises: s0002
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from coachdesk.store.server.roles import COACH, OWNER, SCHEMA

revision = "s0003"
down_revision = "s0002"
branch_labels = None
depends_on = None

S = SCHEMA


def upgrade() -> None:
    # An agreed action travels with its session, as in an archive: the session's uid and its
    # line among the session's actions are its key.
    op.execute(
        f"""
        CREATE TABLE {S}.agreed_action (
            coach text NOT NULL DEFAULT current_user CHECK (coach <> ''),
            session_uid uuid NOT NULL,
            position integer NOT NULL CHECK (position >= 0),
            text text NOT NULL CHECK (text <> ''),
            outcome text CHECK (outcome IN ('done', 'partly', 'not')),
            PRIMARY KEY (coach, session_uid, position),
            FOREIGN KEY (coach, session_uid) REFERENCES {S}.coaching_session (coach, uid)
                ON DELETE CASCADE
        )
        """
    )
    # The same guard as every other table: the owner role owns it, row-level security
    # enabled and forced, a coach's own rows only. The supervisor's overview never reads it.
    op.execute(f"ALTER TABLE {S}.agreed_action OWNER TO {OWNER}")
    op.execute(f"REVOKE ALL ON {S}.agreed_action FROM PUBLIC")
    op.execute(f"ALTER TABLE {S}.agreed_action ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {S}.agreed_action FORCE ROW LEVEL SECURITY")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {S}.agreed_action TO {COACH}")
    own = f"coach = current_user AND current_user <> '{COACH}'"
    op.execute(
        f"CREATE POLICY own_rows ON {S}.agreed_action TO {COACH} USING ({own}) WITH CHECK ({own})"
    )


def downgrade() -> None:
    raise NotImplementedError("the practice server is never downgraded")
