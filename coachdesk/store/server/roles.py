"""The names the practice server's schema is built on (plain constants: no SQL imported).

PostgreSQL roles belong to the whole cluster, not to one database: one practice per cluster.
"""

from __future__ import annotations

import re

#: The schema that holds every table of the practice.
SCHEMA = "coachdesk"
#: Alembic's version table, in :data:`SCHEMA`; it holds the revision and nothing else.
VERSION_TABLE = "server_version"
#: Owns the schema, its tables and its policies; cannot log in, and nobody is its member.
OWNER = "coachdesk_owner"
#: The group of every coach's login role; the policies are written for it.
COACH = "coachdesk_coach"
#: The group of every supervisor's login role: may call the overview, nothing else.
SUPERVISOR = "coachdesk_supervisor"
#: Owns the overview function; cannot log in, nobody is its member, and it may read only
#: the columns the overview counts.
REPORTER = "coachdesk_reporter"
GROUPS = (OWNER, COACH, SUPERVISOR, REPORTER)

#: Every table that holds a coach's rows, parents first.
TABLES = (
    "coachee",
    "coaching_session",
    "tally_kind",
    "tally",
    "pause",
    "session_note",
    "marker",
    "agreed_action",
    "scheme_version",
    "erasure",
)

#: A coach's or supervisor's login: lower case letters, digits and _, as PostgreSQL keeps
#: an unquoted name, so psql and pg_hba.conf read it the same way.
LOGIN_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,62}\Z")


def valid_login(name: str) -> bool:
    """Whether ``name`` may be a coach's or supervisor's login role."""
    return bool(LOGIN_PATTERN.match(name)) and not name.startswith(("pg_", "coachdesk_"))
