"""What the practice's administrator does to the server: make and upgrade the schema, add
coaches and supervisors, remove a coach. Run as a PostgreSQL superuser.

A coach's password never reaches the server in the clear: libpq turns it into a SCRAM
verifier on this machine (``PQencryptPasswordConn``), which is all the server stores (and
all that a statement log could show).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from coachdesk.domain.errors import InvalidInput, PracticeLoginRefused, PracticeServerError
from coachdesk.domain.i18n import _
from coachdesk.store.server.roles import (
    COACH,
    SCHEMA,
    SUPERVISOR,
    TABLES,
    VERSION_TABLE,
    valid_login,
)

#: A psycopg connection with plain tuple rows.
Conn = psycopg.Connection[tuple[Any, ...]]
MIGRATIONS = str(Path(__file__).with_name("migrations"))


@dataclass(frozen=True, slots=True)
class Upgraded:
    before: str | None  # None: the schema was not there
    after: str


def connect(url: str, password: str | None = None) -> Conn:
    """A psycopg connection to ``url``; ``password`` overrides one in the URL.

    Raises:
        PracticeServerError: the server cannot be reached or refused the login.
    """
    try:
        if password is None:
            return psycopg.connect(url, connect_timeout=15)
        return psycopg.connect(url, connect_timeout=15, password=password)
    except psycopg.Error as e:
        # 28P01 / 28000: a wrong password or no such login; libpq says itself when the
        # server asked for a password and none was given.
        refused = e.sqlstate in _LOGIN_REFUSED or any(t in str(e) for t in _REFUSALS)
        raise (PracticeLoginRefused if refused else PracticeServerError)(
            _("The practice server refused or could not be reached: {reason}").format(
                reason=str(e).strip()
            )
        ) from e


_LOGIN_REFUSED = ("28P01", "28000")
_REFUSALS = ("password authentication failed", "no password supplied")


@contextmanager
def session(url: str, password: str | None = None) -> Iterator[Conn]:
    """A connection (see :func:`connect`), closed at the end; what the server refuses on it
    becomes a :class:`PracticeServerError` (any transaction on it is rolled back)."""
    with connect(url, password) as conn:
        try:
            yield conn
        except psycopg.Error as e:
            raise _refused(e) from e


def _refused(e: Exception) -> PracticeServerError:
    reason = str(getattr(e, "orig", None) or e).strip()
    return PracticeServerError(_("The practice server refused: {reason}").format(reason=reason))


@contextmanager
def _sqlalchemy(url: str) -> Iterator[Connection]:
    """One SQLAlchemy connection over psycopg, in a transaction committed at the end."""
    engine = create_engine(
        "postgresql+psycopg://", creator=lambda: connect(url), poolclass=NullPool
    )
    try:
        with engine.begin() as conn:
            yield conn
    except (psycopg.Error, DBAPIError) as e:  # SQLAlchemy wraps the driver's errors
        raise _refused(e) from e
    finally:
        engine.dispose()


def head() -> str:
    """The revision this coachdesk brings the server to."""
    from alembic.script import ScriptDirectory

    found = ScriptDirectory(MIGRATIONS).get_current_head()
    assert found is not None
    return found


def revision(conn: Conn) -> str | None:
    """The server's schema revision, or None when coachdesk's schema is not there."""
    found = conn.execute("SELECT to_regclass(%s)", (f"{SCHEMA}.{VERSION_TABLE}",)).fetchone()
    if found is None or found[0] is None:
        return None
    row = conn.execute(
        sql.SQL("SELECT version_num FROM {}").format(sql.Identifier(SCHEMA, VERSION_TABLE))
    ).fetchone()
    return None if row is None else str(row[0])


def _require_superuser(conn: Conn) -> None:
    row = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
    if not (row and row[0]):
        raise PracticeServerError(
            _(
                "This needs the server's administrator: connect as a PostgreSQL superuser "
                "(such as postgres)."
            )
        )


def upgrade(url: str, *, create: bool, to: str = "head") -> Upgraded:
    """Bring the schema to :func:`head` in one transaction; ``create``: make it if missing
    (``practice init``), else refuse a server without it (``practice upgrade``). ``to``:
    an earlier revision instead (the migration tests start from one).

    Raises:
        PracticeServerError: not a superuser; no schema and not ``create``; a schema newer
            than this coachdesk.
    """
    from alembic import command
    from alembic.config import Config

    with session(url) as conn:
        _require_superuser(conn)
        before = revision(conn)
    if before is None and not create:
        raise PracticeServerError(
            _("There is no coachdesk practice in this database yet: run practice init first.")
        )
    from alembic.script import ScriptDirectory

    known = {r.revision for r in ScriptDirectory(MIGRATIONS).walk_revisions()}
    if before is not None and before not in known:
        raise PracticeServerError(
            _(
                "The practice server's schema ({revision}) is newer than this coachdesk: "
                "upgrade coachdesk first."
            ).format(revision=before)
        )
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    with _sqlalchemy(url) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, to)
    return Upgraded(before, head() if to == "head" else to)


def _login_ok(name: str) -> None:
    if not valid_login(name):
        raise InvalidInput(
            _(
                "{name} cannot be a login name: use lower-case letters, digits and _ "
                "(a letter first, at most 63), not starting with pg_ or coachdesk_."
            ).format(name=name)
        )


def add_login(url: str, name: str, password: str, *, supervisor: bool = False) -> None:
    """A new login role for a coach (or a supervisor), in the coaches' (supervisors') group.

    Raises:
        InvalidInput: the name cannot be a login, or the password is empty.
        PracticeServerError: not a superuser, no practice here, or the role exists already.
    """
    _login_ok(name)
    if not password:
        raise InvalidInput(_("The password is empty."))
    group = SUPERVISOR if supervisor else COACH
    with session(url) as conn:
        _require_superuser(conn)
        if revision(conn) is None:
            raise PracticeServerError(
                _("There is no coachdesk practice in this database yet: run practice init first.")
            )
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if exists:
            raise PracticeServerError(
                _("The server already has a role named {name}.").format(name=name)
            )
        verifier = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256")
        conn.execute(
            sql.SQL(
                "CREATE ROLE {} LOGIN INHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE "
                "NOBYPASSRLS PASSWORD {} IN ROLE {}"
            ).format(sql.Identifier(name), sql.Literal(verifier.decode()), sql.Identifier(group))
        )


def _coach_role(conn: Conn, name: str) -> None:
    found = conn.execute(
        "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
        "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = %s AND g.rolname = %s",
        (name, COACH),
    ).fetchone()
    if found is None:
        raise PracticeServerError(_("{name} is not a coach of this practice.").format(name=name))


def coach_rows(url: str, name: str) -> dict[str, int]:
    """How many rows of each table belong to coach ``name`` (a superuser reads past the
    row-level security).

    Raises:
        PracticeServerError: not a superuser, or ``name`` is no coach here.
    """
    _login_ok(name)
    with session(url) as conn:
        _require_superuser(conn)
        _coach_role(conn, name)
        counts = {}
        for table in TABLES:
            row = conn.execute(
                sql.SQL("SELECT count(*) FROM {} WHERE coach = %s").format(
                    sql.Identifier(SCHEMA, table)
                ),
                (name,),
            ).fetchone()
            counts[table] = int(row[0]) if row else 0
    return counts


def remove_coach(url: str, name: str) -> dict[str, int]:
    """Delete every row of coach ``name`` on the server and then their login, in one
    transaction; returns the rows deleted per table. Their own machines keep their local
    data. (A role left behind with rows would hand them to a new coach of the same name.)

    Raises:
        PracticeServerError: not a superuser, or ``name`` is no coach here.
    """
    _login_ok(name)
    deleted: dict[str, int] = {}
    with session(url) as conn, conn.transaction():
        _require_superuser(conn)
        _coach_role(conn, name)
        for table in reversed(TABLES):  # children first: the counts are of the rows as they were
            cursor = conn.execute(
                sql.SQL("DELETE FROM {} WHERE coach = %s").format(sql.Identifier(SCHEMA, table)),
                (name,),
            )
            deleted[table] = cursor.rowcount
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))
    return {table: deleted[table] for table in TABLES}
