"""The server's schema and its guard, read from PostgreSQL's own catalogue."""

from __future__ import annotations

import psycopg
import pytest

from coachdesk.domain.errors import InvalidInput, PracticeServerError
from coachdesk.store.server import COACH, OWNER, REPORTER, SCHEMA, SUPERVISOR, TABLES, admin
from tests.pgserver import Cluster
from tests.practice_server.conftest import Practice


def _tables(conn: psycopg.Connection[tuple[object, ...]]) -> dict[str, tuple[object, ...]]:
    rows = conn.execute(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(c.relowner)"
        " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
        (SCHEMA,),
    ).fetchall()
    return {str(r[0]): tuple(r[1:]) for r in rows}


def test_every_table_has_row_level_security_enabled_and_forced_and_a_nologin_owner(
    practice: Practice,
) -> None:
    with psycopg.connect(practice.admin) as conn:
        found = _tables(conn)
        # Alembic's version table holds one revision string; coaches may only read it.
        assert found.pop("server_version") == (False, False, "admin")
        assert set(found) == set(TABLES)
        assert all(v == (True, True, OWNER) for v in found.values()), found
        roles: dict[str, bool] = dict(
            conn.execute(
                "SELECT rolname, rolcanlogin OR rolsuper OR rolbypassrls FROM pg_roles"
                " WHERE rolname IN (%s, %s, %s, %s)",
                (OWNER, COACH, SUPERVISOR, REPORTER),
            ).fetchall()
        )
        assert roles == {OWNER: False, COACH: False, SUPERVISOR: False, REPORTER: False}
        members = conn.execute(
            "SELECT count(*) FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " WHERE g.rolname IN (%s, %s)",
            (OWNER, REPORTER),
        ).fetchone()
        assert members == (0,)


def test_policies_trust_current_user_and_never_a_setting(practice: Practice) -> None:
    with psycopg.connect(practice.admin) as conn:
        policies = conn.execute(
            "SELECT tablename, policyname, roles::text[], cmd, qual, with_check"
            " FROM pg_policies WHERE schemaname = %s",
            (SCHEMA,),
        ).fetchall()
    own = {p[0] for p in policies if p[1] == "own_rows"}
    assert own == set(TABLES)
    for table, name, roles, cmd, qual, check in policies:
        text = f"{qual} {check}"
        assert "current_setting" not in text and "session_user" not in text
        if name == "own_rows":
            assert roles == [COACH] and cmd == "ALL" and "CURRENT_USER" in str(check)
        else:  # the overview's owner reads, never writes
            assert (name, roles, cmd) == ("overview", [REPORTER], "SELECT"), table


def test_the_overview_runs_as_its_nologin_owner_with_a_fixed_search_path(
    practice: Practice,
) -> None:
    with psycopg.connect(practice.admin) as conn:
        row = conn.execute(
            "SELECT p.prosecdef, pg_get_userbyid(p.proowner), p.proconfig, p.proacl::text[]"
            " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = %s AND p.proname = 'practice_overview'",
            (SCHEMA,),
        ).fetchone()
    assert row is not None
    secdef, owner, config, acl = row
    assert secdef is True and owner == REPORTER
    assert config == ["search_path=pg_catalog, pg_temp"]
    assert sorted(str(a).split("=")[0] for a in acl) == sorted([REPORTER, SUPERVISOR])


def test_init_twice_and_upgrade_change_nothing_and_need_a_superuser(practice: Practice) -> None:
    again = admin.upgrade(practice.admin, create=True)
    assert (again.before, again.after) == (admin.head(), admin.head())
    assert admin.upgrade(practice.admin, create=False).before == admin.head()
    with pytest.raises(PracticeServerError, match="superuser"):
        admin.upgrade(practice.login("anna"), create=False)
    with pytest.raises(PracticeServerError, match="superuser"):
        admin.add_login(practice.login("anna"), "carl", "x")


def test_upgrade_refuses_a_database_without_a_practice(pg: Cluster) -> None:
    with pytest.raises(PracticeServerError, match="practice init"):
        admin.upgrade(pg.socket_url(), create=False)


@pytest.mark.parametrize("name", ["Anna", "pg_anna", "coachdesk_owner", "an na", "1anna", ""])
def test_a_login_name_must_be_plain(practice: Practice, name: str) -> None:
    with pytest.raises(InvalidInput, match="cannot be a login name"):
        admin.add_login(practice.admin, name, "secret")


def test_a_coach_password_reaches_the_server_only_as_a_scram_verifier(practice: Practice) -> None:
    with psycopg.connect(practice.admin) as conn:
        row = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'anna'").fetchone()
    assert row is not None and str(row[0]).startswith("SCRAM-SHA-256$")
    assert "anna-secret" not in str(row[0])
    with pytest.raises(PracticeServerError, match="already has a role named anna"):
        admin.add_login(practice.admin, "anna", "again")


def test_s0002_carries_every_session_across_and_guards_the_marker_table(pg: Cluster) -> None:
    admin.upgrade(pg.socket_url(), create=True, to="s0001")
    admin.add_login(pg.socket_url(), "anna", "anna-secret")
    anna = pg.socket_url("anna", "anna-secret")
    with psycopg.connect(anna) as conn:
        conn.execute(
            f"INSERT INTO {SCHEMA}.coachee (uid, name, created_at_ms)"
            " VALUES ('00000000-0000-4000-8000-000000000001', 'Bram', 1)"
        )
        conn.execute(
            f"INSERT INTO {SCHEMA}.coaching_session"
            " (uid, coachee_uid, started_at_ms, active_ms, ended_at_ms, left_out) VALUES"
            " ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001',"
            " 10, 60000, 70, true)"
        )
    done = admin.upgrade(pg.socket_url(), create=False, to="s0002")
    assert (done.before, done.after) == ("s0001", "s0002")
    with psycopg.connect(anna) as conn:
        assert conn.execute(
            f"SELECT left_out, counted_anyway, active_ms FROM {SCHEMA}.coaching_session"
        ).fetchall() == [(True, False, 60000)]
        # Left out and counted anyway at once is refused, as it is an impossible state.
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(f"UPDATE {SCHEMA}.coaching_session SET counted_anyway = true")
    with psycopg.connect(pg.socket_url()) as conn:
        assert _tables(conn)["marker"] == (True, True, OWNER)


def test_s0003_keeps_every_session_and_guards_the_agreed_action_table(pg: Cluster) -> None:
    admin.upgrade(pg.socket_url(), create=True, to="s0002")
    admin.add_login(pg.socket_url(), "anna", "anna-secret")
    anna = pg.socket_url("anna", "anna-secret")
    session = "00000000-0000-4000-8000-000000000002"
    with psycopg.connect(anna) as conn:
        conn.execute(
            f"INSERT INTO {SCHEMA}.coachee (uid, name, created_at_ms)"
            " VALUES ('00000000-0000-4000-8000-000000000001', 'Bram', 1)"
        )
        conn.execute(
            f"INSERT INTO {SCHEMA}.coaching_session"
            " (uid, coachee_uid, started_at_ms, active_ms, ended_at_ms) VALUES"
            f" ('{session}', '00000000-0000-4000-8000-000000000001', 10, 60000, 70)"
        )
    done = admin.upgrade(pg.socket_url(), create=False, to="s0003")
    assert (done.before, done.after) == ("s0002", "s0003")
    with psycopg.connect(anna) as conn:
        assert conn.execute(f"SELECT uid::text FROM {SCHEMA}.coaching_session").fetchall() == [
            (session,)
        ]
        conn.execute(
            f"INSERT INTO {SCHEMA}.agreed_action (session_uid, position, text, outcome)"
            " VALUES (%s, 0, 'call the old team', 'done')",
            (session,),
        )
        assert conn.execute(f"SELECT coach FROM {SCHEMA}.agreed_action").fetchall() == [("anna",)]
        # An outcome other than the three a coach can mark is refused.
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(f"UPDATE {SCHEMA}.agreed_action SET outcome = 'maybe'")
    with psycopg.connect(pg.socket_url()) as conn:
        assert _tables(conn)["agreed_action"] == (True, True, OWNER)


def test_s0004_records_every_session_as_balance_and_guards_the_scheme_version_table(
    pg: Cluster,
) -> None:
    admin.upgrade(pg.socket_url(), create=True, to="s0003")
    admin.add_login(pg.socket_url(), "anna", "anna-secret")
    anna = pg.socket_url("anna", "anna-secret")
    session = "00000000-0000-4000-8000-000000000002"
    with psycopg.connect(anna) as conn:
        conn.execute(
            f"INSERT INTO {SCHEMA}.coachee (uid, name, created_at_ms)"
            " VALUES ('00000000-0000-4000-8000-000000000001', 'Bram', 1)"
        )
        conn.execute(
            f"INSERT INTO {SCHEMA}.coaching_session"
            " (uid, coachee_uid, started_at_ms, active_ms, ended_at_ms) VALUES"
            f" ('{session}', '00000000-0000-4000-8000-000000000001', 10, 60000, 70)"
        )
    done = admin.upgrade(pg.socket_url(), create=False, to="s0004")
    assert (done.before, done.after) == ("s0003", "s0004")
    with psycopg.connect(anna) as conn:
        # Every session on the server before schemes was recorded with Balance's first.
        assert conn.execute(
            f"SELECT uid::text, scheme_key, scheme_version FROM {SCHEMA}.coaching_session"
        ).fetchall() == [(session, "balance", 1)]
        conn.execute(
            f"INSERT INTO {SCHEMA}.scheme_version (key, version, document)"
            " VALUES ('grow', 1, '{}')"
        )
        assert conn.execute(f"SELECT coach FROM {SCHEMA}.scheme_version").fetchall() == [("anna",)]
        with pytest.raises(psycopg.errors.CheckViolation):
            conn.execute(f"UPDATE {SCHEMA}.coaching_session SET scheme_version = 0")
    with psycopg.connect(pg.socket_url()) as conn:
        assert _tables(conn)["scheme_version"] == (True, True, OWNER)
