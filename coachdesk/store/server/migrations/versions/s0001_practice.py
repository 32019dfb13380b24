"""The practice server: roles, tables keyed by the owning coach and the archive's stable
uids, row-level security on every table, and the supervisor's overview.

Revision ID: s0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from coachdesk.store.server.roles import (
    COACH,
    GROUPS,
    OWNER,
    REPORTER,
    SCHEMA,
    SUPERVISOR,
    VERSION_TABLE,
)

revision = "s0001"
down_revision = None
branch_labels = None
depends_on = None

S = SCHEMA
#: The tables this revision makes (later revisions guard their own in the same way).
TABLES = (
    "coachee",
    "coaching_session",
    "tally_kind",
    "tally",
    "pause",
    "session_note",
    "erasure",
)
#: Whose row it is: the login role that wrote it, set by the server (a client cannot choose
#: another: the policies check it against current_user).
_COACH = "coach text NOT NULL DEFAULT current_user CHECK (coach <> '')"

_TABLES = f"""
CREATE TABLE {S}.coachee (
    {_COACH},
    uid uuid NOT NULL,
    name text NOT NULL CHECK (name <> ''),
    created_at_ms bigint NOT NULL,
    note text NOT NULL DEFAULT '',
    archived_at_ms bigint,
    PRIMARY KEY (coach, uid),
    UNIQUE (coach, name)
);
CREATE TABLE {S}.coaching_session (
    {_COACH},
    uid uuid NOT NULL,
    coachee_uid uuid NOT NULL,
    started_at_ms bigint NOT NULL,
    planned_minutes integer CHECK (planned_minutes > 0),
    active_ms bigint NOT NULL DEFAULT 0 CHECK (active_ms >= 0),
    ended_at_ms bigint,
    left_out boolean NOT NULL DEFAULT false,
    PRIMARY KEY (coach, uid),
    FOREIGN KEY (coach, coachee_uid) REFERENCES {S}.coachee (coach, uid) ON DELETE CASCADE
);
CREATE INDEX ix_session_coachee ON {S}.coaching_session (coach, coachee_uid);
CREATE TABLE {S}.tally_kind (
    {_COACH},
    key text NOT NULL,
    label text NOT NULL,
    side text NOT NULL CHECK (side IN ('coach', 'coachee', 'neutral')),
    position integer NOT NULL,
    colour text NOT NULL,
    detail text,
    PRIMARY KEY (coach, key)
);
CREATE TABLE {S}.tally (
    {_COACH},
    uid uuid NOT NULL,
    session_uid uuid NOT NULL,
    kind_key text NOT NULL,
    position integer NOT NULL,  -- the order of the session's tallies, as recorded
    offset_ms bigint NOT NULL,
    at_ms bigint NOT NULL,
    detail text,
    PRIMARY KEY (coach, uid),
    FOREIGN KEY (coach, session_uid) REFERENCES {S}.coaching_session (coach, uid)
        ON DELETE CASCADE,
    FOREIGN KEY (coach, kind_key) REFERENCES {S}.tally_kind (coach, key)
);
CREATE INDEX ix_tally_session ON {S}.tally (coach, session_uid);
CREATE TABLE {S}.pause (
    {_COACH},
    uid uuid NOT NULL,
    session_uid uuid NOT NULL,
    position integer NOT NULL,
    offset_ms bigint NOT NULL,
    started_at_ms bigint NOT NULL,
    ended_at_ms bigint,
    PRIMARY KEY (coach, uid),
    FOREIGN KEY (coach, session_uid) REFERENCES {S}.coaching_session (coach, uid)
        ON DELETE CASCADE
);
CREATE INDEX ix_pause_session ON {S}.pause (coach, session_uid);
CREATE TABLE {S}.session_note (
    {_COACH},
    session_uid uuid NOT NULL,
    field text NOT NULL,
    text text NOT NULL,
    updated_at_ms bigint NOT NULL,
    PRIMARY KEY (coach, session_uid, field),
    FOREIGN KEY (coach, session_uid) REFERENCES {S}.coaching_session (coach, uid)
        ON DELETE CASCADE
);
-- A coachee or session the coach erased (uids only, as in the local erasure log), so every
-- machine of the coach erases it too and nothing brings it back.
CREATE TABLE {S}.erasure (
    {_COACH},
    uid uuid NOT NULL,
    erased_at_ms bigint NOT NULL,
    PRIMARY KEY (coach, uid)
);
"""

#: The only columns the overview's owner may read: no names, notes, details of other kinds
#: or times of single tallies.
_REPORTER_COLUMNS = {
    "coaching_session": "coach, uid, started_at_ms, active_ms, ended_at_ms, left_out",
    "tally": "coach, session_uid, kind_key",
    "tally_kind": "coach, key, side, detail",
}

_OVERVIEW = f"""
CREATE FUNCTION {S}.practice_overview(zone text DEFAULT 'UTC')
RETURNS TABLE (
    coach text, month text, sessions bigint, minutes bigint,
    coach_tallies bigint, coachee_tallies bigint, hats bigint
)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    WITH s AS (
        SELECT s.coach, s.uid, s.active_ms,
               to_char(to_timestamp(s.started_at_ms / 1000.0) AT TIME ZONE zone, 'YYYY-MM')
                   AS month
        FROM {S}.coaching_session s
        WHERE s.ended_at_ms IS NOT NULL AND NOT s.left_out
    ), t AS (
        SELECT t.coach, t.session_uid,
               count(*) FILTER (WHERE k.side = 'coach') AS coach_side,
               count(*) FILTER (WHERE k.side = 'coachee') AS coachee_side,
               count(*) FILTER (WHERE k.detail = 'hat') AS hats
        FROM {S}.tally t
        JOIN {S}.tally_kind k ON k.coach = t.coach AND k.key = t.kind_key
        GROUP BY t.coach, t.session_uid
    )
    SELECT s.coach, s.month, count(*), (sum(s.active_ms) / 60000)::bigint,
           coalesce(sum(t.coach_side), 0)::bigint, coalesce(sum(t.coachee_side), 0)::bigint,
           coalesce(sum(t.hats), 0)::bigint
    FROM s LEFT JOIN t ON t.coach = s.coach AND t.session_uid = s.uid
    GROUP BY s.coach, s.month
    ORDER BY s.coach, s.month
$$;
"""


def upgrade() -> None:
    roles = ", ".join(f"'{r}'" for r in GROUPS)
    # Group roles: made if missing, and whatever they were before, made unable to log in.
    op.execute(
        f"""
        DO $$
        DECLARE r text;
        BEGIN
            FOREACH r IN ARRAY ARRAY[{roles}] LOOP
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', r);
                END IF;
                EXECUTE format('ALTER ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS', r);
            END LOOP;
        END $$
        """
    )
    op.execute(f"ALTER SCHEMA {S} OWNER TO {OWNER}")
    op.execute(f"REVOKE ALL ON SCHEMA {S} FROM PUBLIC")
    op.execute(f"GRANT USAGE ON SCHEMA {S} TO {COACH}, {SUPERVISOR}, {REPORTER}")
    # An older database may still let everyone create in public (PostgreSQL 14 and before).
    op.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    op.execute(_TABLES)
    for table in TABLES:
        op.execute(f"ALTER TABLE {S}.{table} OWNER TO {OWNER}")
        op.execute(f"REVOKE ALL ON {S}.{table} FROM PUBLIC")
        op.execute(f"ALTER TABLE {S}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {S}.{table} FORCE ROW LEVEL SECURITY")
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {S}.{table} TO {COACH}")
        # A coach's own rows, for every command; the group role itself (SET ROLE to it)
        # owns no rows and may write none.
        own = f"coach = current_user AND current_user <> '{COACH}'"
        op.execute(
            f"CREATE POLICY own_rows ON {S}.{table} TO {COACH} USING ({own}) WITH CHECK ({own})"
        )
    for table, columns in _REPORTER_COLUMNS.items():
        op.execute(f"GRANT SELECT ({columns}) ON {S}.{table} TO {REPORTER}")
        op.execute(f"CREATE POLICY overview ON {S}.{table} FOR SELECT TO {REPORTER} USING (true)")
    op.execute(_OVERVIEW)
    op.execute(f"ALTER FUNCTION {S}.practice_overview(text) OWNER TO {REPORTER}")
    op.execute(f"REVOKE ALL ON FUNCTION {S}.practice_overview(text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {S}.practice_overview(text) TO {SUPERVISOR}")
    # Coaches and supervisors may see which revision the server is at, nothing more.
    op.execute(f"GRANT SELECT ON {S}.{VERSION_TABLE} TO {COACH}, {SUPERVISOR}")


def downgrade() -> None:
    raise NotImplementedError("the practice server is never downgraded")
