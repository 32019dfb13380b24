"""The supervisor's overview counts the legs of the chair: per coach and month, the sessions
recorded with the Four legs scheme (the preset, or a scheme of the coach's own made from it)
and how often each leg was offered in them. Figures still, never a coachee, a note or a time.

Revision ID: s0005
Revises: s0004
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

from coachdesk.domain.scheme_presets import FOUR_LEGS, LEGS
from coachdesk.store.server.roles import REPORTER, SCHEMA, SUPERVISOR

revision = "s0005"
down_revision = "s0004"
branch_labels = None
depends_on = None

S = SCHEMA

#: A session's scheme is Four legs when it is the preset itself, or a scheme of the coach's
#: own whose document (the scheme file's JSON, as sync writes it) names the preset.
_FROM_PRESET = f'%"preset": "{FOUR_LEGS}"%'

#: Per leg: tallies of a kind of that key in the session's scheme (its tally kind row is
#: keyed "<scheme>.<leg>"; a coach may rename a kind, never rekey it).
_LEG_COUNTS = ",\n".join(
    f"count(*) FILTER (WHERE t.kind_key LIKE '%.{leg}') AS {leg}" for leg in LEGS
)
_LEG_SUMS = ",\n".join(f"coalesce(sum(t.{leg}) FILTER (WHERE s.legs), 0)::bigint" for leg in LEGS)
_LEG_COLUMNS = ", ".join(f"{leg} bigint" for leg in LEGS)

_OVERVIEW = f"""
CREATE FUNCTION {S}.practice_overview(zone text DEFAULT 'UTC')
RETURNS TABLE (
    coach text, month text, sessions bigint, minutes bigint,
    coach_tallies bigint, coachee_tallies bigint, hats bigint,
    legs_sessions bigint, {_LEG_COLUMNS}
)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    WITH s AS (
        SELECT s.coach, s.uid, s.active_ms,
               to_char(to_timestamp(s.started_at_ms / 1000.0) AT TIME ZONE zone, 'YYYY-MM')
                   AS month,
               (s.scheme_key = '{FOUR_LEGS}'
                OR coalesce(v.document LIKE '{_FROM_PRESET}', false)) AS legs
        FROM {S}.coaching_session s
        LEFT JOIN {S}.scheme_version v
            ON v.coach = s.coach AND v.key = s.scheme_key AND v.version = s.scheme_version
        WHERE s.ended_at_ms IS NOT NULL AND NOT s.left_out
    ), t AS (
        SELECT t.coach, t.session_uid,
               count(*) FILTER (WHERE k.side = 'coach') AS coach_side,
               count(*) FILTER (WHERE k.side = 'coachee') AS coachee_side,
               count(*) FILTER (WHERE k.detail = 'hat') AS hats,
               {_LEG_COUNTS}
        FROM {S}.tally t
        JOIN {S}.tally_kind k ON k.coach = t.coach AND k.key = t.kind_key
        GROUP BY t.coach, t.session_uid
    )
    SELECT s.coach, s.month, count(*), (sum(s.active_ms) / 60000)::bigint,
           coalesce(sum(t.coach_side), 0)::bigint, coalesce(sum(t.coachee_side), 0)::bigint,
           coalesce(sum(t.hats), 0)::bigint,
           count(*) FILTER (WHERE s.legs),
           {_LEG_SUMS}
    FROM s LEFT JOIN t ON t.coach = s.coach AND t.session_uid = s.uid
    GROUP BY s.coach, s.month
    ORDER BY s.coach, s.month
$$;
"""


def upgrade() -> None:
    # The overview's owner reads, besides the counted columns, which scheme a session was
    # recorded with and the schemes' documents (which name their preset): still no name, note
    # or time of a single tally, and the supervisor reads none of it, only the function's rows.
    op.execute(f"GRANT SELECT (scheme_key, scheme_version) ON {S}.coaching_session TO {REPORTER}")
    op.execute(f"GRANT SELECT (coach, key, version, document) ON {S}.scheme_version TO {REPORTER}")
    op.execute(
        f"CREATE POLICY overview ON {S}.scheme_version FOR SELECT TO {REPORTER} USING (true)"
    )
    # A function's result type cannot change in place: made anew, with the same owner and
    # the same rights.
    op.execute(f"DROP FUNCTION {S}.practice_overview(text)")
    op.execute(_OVERVIEW)
    op.execute(f"ALTER FUNCTION {S}.practice_overview(text) OWNER TO {REPORTER}")
    op.execute(f"REVOKE ALL ON FUNCTION {S}.practice_overview(text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION {S}.practice_overview(text) TO {SUPERVISOR}")


def downgrade() -> None:
    raise NotImplementedError("the practice server is never downgraded")
