"""The practice's own server: PostgreSQL, several coaches, each seeing only their own rows.

Imported only when a practice is used (the commands under ``coachdesk practice``), never at
start-up. SQLAlchemy Core on psycopg 3; the schema comes from its own Alembic history
(``migrations/``), apart from the local SQLite one: the server's tables are keyed by the
owning coach and the archive's stable uids, and its roles, policies and functions exist in
PostgreSQL only (see the README, "A practice's own server").
"""

from __future__ import annotations

from coachdesk.store.server.roles import COACH, OWNER, REPORTER, SCHEMA, SUPERVISOR, TABLES

__all__ = ["COACH", "OWNER", "REPORTER", "SCHEMA", "SUPERVISOR", "TABLES"]
