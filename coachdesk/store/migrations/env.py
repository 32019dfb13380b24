"""Alembic environment: migrations always run on a connection the store hands in."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from coachdesk.store.schema import Base

connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("coachdesk migrations run only through coachdesk.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite changes tables by copying them
    transactional_ddl=True,
    transaction_per_migration=False,
)
context.run_migrations()
