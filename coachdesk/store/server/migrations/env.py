"""Alembic environment of the practice server: migrations run only on a connection that
:func:`coachdesk.store.server.admin.upgrade` hands in, as the practice's administrator."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from coachdesk.store.server.roles import SCHEMA, VERSION_TABLE

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("practice server migrations run only through coachdesk.store.server")

# The version table lives in the practice's schema, so the schema exists before Alembic
# looks for it; the first migration hands it to the owner role.
connection.exec_driver_sql(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
context.configure(
    connection=connection,
    version_table=VERSION_TABLE,
    version_table_schema=SCHEMA,
    transactional_ddl=True,
    transaction_per_migration=False,
)
context.run_migrations()
