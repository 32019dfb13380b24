"""Isolation on the practice server, tried from inside: each coach's own login against the
other's rows, in every table, by every route a PostgreSQL client has (plain SQL, COPY, views
and functions of their own, SET ROLE / RESET ROLE / SET SESSION AUTHORIZATION, settings,
statistics); and the supervisor, who gets the figures and nothing else."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest
from psycopg import errors, sql

from coachdesk.store.server import COACH, OWNER, REPORTER, SCHEMA, SUPERVISOR, TABLES
from tests.practice_server.conftest import Practice

Conn = psycopg.Connection[tuple[Any, ...]]

KINDS = (("advice", "coach", None), ("action", "coachee", None), ("hat", "neutral", "hat"))
_MS = 1000


def uid(*parts: object) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "/".join(map(str, parts))))


@dataclass(frozen=True)
class Session:
    coach: str
    n: int
    started: datetime
    minutes: int
    tallies: tuple[str, ...]  # kind keys, in order
    ended: bool = True
    left_out: bool = False

    @property
    def uid(self) -> str:
        return uid(self.coach, "session", self.n)


#: What each coach holds: a session left out and an open one, which the overview skips.
SESSIONS = (
    Session("anna", 1, datetime(2026, 1, 5, 9, tzinfo=UTC), 50, ("advice", "action", "hat")),
    Session("anna", 2, datetime(2026, 1, 19, 9, tzinfo=UTC), 60, ("action", "action", "advice")),
    Session("anna", 3, datetime(2026, 1, 26, 9, tzinfo=UTC), 45, ("advice",), left_out=True),
    Session("anna", 4, datetime(2026, 2, 2, 9, tzinfo=UTC), 30, ("hat", "action")),
    Session("ben", 1, datetime(2026, 1, 31, 23, 30, tzinfo=UTC), 90, ("advice", "advice")),
    Session("ben", 2, datetime(2026, 2, 10, 14, tzinfo=UTC), 40, ("action",), ended=False),
)


def seed(practice: Practice, coach: str) -> None:
    """Rows in every table, written by the coach's own login (the server sets ``coach``)."""
    coachee = uid(coach, "coachee")
    with psycopg.connect(practice.login(coach)) as conn:
        conn.execute(
            f"INSERT INTO {SCHEMA}.coachee (uid, name, created_at_ms, note) VALUES (%s, %s, 1, %s)",
            (coachee, f"Coachee of {coach}", f"private note of {coach}"),
        )
        for position, (key, side, detail) in enumerate(KINDS):
            conn.execute(
                f"INSERT INTO {SCHEMA}.tally_kind (key, label, side, position, colour, detail)"
                " VALUES (%s, %s, %s, %s, '#336699', %s)",
                (key, key.title(), side, position, detail),
            )
        conn.execute(
            f"INSERT INTO {SCHEMA}.scheme_version (key, version, document) VALUES ('grow', 1, %s)",
            (f"the GROW scheme of {coach}",),
        )
        for s in (s for s in SESSIONS if s.coach == coach):
            start = int(s.started.timestamp() * _MS)
            conn.execute(
                f"INSERT INTO {SCHEMA}.coaching_session (uid, coachee_uid, started_at_ms,"
                " planned_minutes, active_ms, ended_at_ms, left_out, scheme_key)"
                " VALUES (%s, %s, %s, 60, %s, %s, %s, %s)",
                (
                    s.uid,
                    coachee,
                    start,
                    s.minutes * 60 * _MS,
                    start + s.minutes * 60 * _MS if s.ended else None,
                    s.left_out,
                    "grow" if s.n == 2 else "balance",
                ),
            )
            for i, key in enumerate(s.tallies):
                conn.execute(
                    f"INSERT INTO {SCHEMA}.tally (uid, session_uid, kind_key, position, offset_ms,"
                    " at_ms, detail) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (uid(s.uid, "tally", i), s.uid, key, i, i * _MS, start + i * _MS,
                     "coach" if key == "hat" else None),
                )  # fmt: skip
            conn.execute(
                f"INSERT INTO {SCHEMA}.pause (uid, session_uid, position, offset_ms,"
                " started_at_ms, ended_at_ms) VALUES (%s, %s, 0, 10, %s, %s)",
                (uid(s.uid, "pause"), s.uid, start + 10, start + 20),
            )
            conn.execute(
                f"INSERT INTO {SCHEMA}.session_note (session_uid, field, text, updated_at_ms)"
                " VALUES (%s, 'note', %s, 5)",
                (s.uid, f"note of {coach} on session {s.n}"),
            )
            conn.execute(
                f"INSERT INTO {SCHEMA}.marker (session_uid, position, offset_ms, at_ms, note)"
                " VALUES (%s, 0, 15, %s, %s)",
                (s.uid, start + 15, f"moment of {coach} in session {s.n}"),
            )
            conn.execute(
                f"INSERT INTO {SCHEMA}.agreed_action (session_uid, position, text, outcome)"
                " VALUES (%s, 0, %s, 'partly')",
                (s.uid, f"action agreed with {coach} in session {s.n}"),
            )
        conn.execute(
            f"INSERT INTO {SCHEMA}.erasure (uid, erased_at_ms) VALUES (%s, 7)",
            (uid(coach, "erased coachee"),),
        )


@pytest.fixture
def seeded(practice: Practice) -> Practice:
    seed(practice, "anna")
    seed(practice, "ben")
    return practice


def table(name: str) -> sql.Composed:
    return sql.SQL("{}").format(sql.Identifier(SCHEMA, name))


def rows_of(conn: Conn, name: str, coach: str | None = None) -> list[tuple[Any, ...]]:
    query = sql.SQL("SELECT * FROM {} {} ORDER BY 1, 2").format(
        table(name), sql.SQL("WHERE coach = %s" if coach else "")
    )
    return conn.execute(query, (coach,) if coach else ()).fetchall()


def everything_of(practice: Practice, coach: str) -> dict[str, list[tuple[Any, ...]]]:
    with psycopg.connect(practice.admin) as conn:
        return {name: rows_of(conn, name, coach) for name in TABLES}


def test_every_table_holds_both_coaches(seeded: Practice) -> None:
    for coach in ("anna", "ben"):
        held = everything_of(seeded, coach)
        assert all(held[name] for name in TABLES), (coach, held)


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("tls", [False, True], ids=["socket", "tls"])
def test_a_coach_reads_only_their_own_rows(seeded: Practice, name: str, tls: bool) -> None:
    own = everything_of(seeded, "anna")[name]
    with psycopg.connect(seeded.login("anna", tls=tls)) as conn:
        assert rows_of(conn, name) == own
        assert rows_of(conn, name, "ben") == []
        with conn.cursor().copy(sql.SQL("COPY {} TO STDOUT").format(table(name))) as copy:
            copied = [row for row in copy.rows()]
        assert len(copied) == len(own)
        assert all(row[0] == "anna" for row in copied)


def _another(row: dict[str, Any], name: str) -> dict[str, Any]:
    """A row like ``row`` (the other coach's) under a key nobody holds yet."""
    new = dict(row)
    if "uid" in new:
        new["uid"] = str(uuid.uuid4())
    elif name == "tally_kind":
        new["key"] = "another"
    elif name in ("marker", "agreed_action"):
        new["position"] = 99
    elif name == "scheme_version":
        new["version"] = 99
    else:
        new["field"] = "another"
    return new


@pytest.mark.parametrize("name", TABLES)
def test_a_coach_cannot_write_another_coachs_rows(seeded: Practice, name: str) -> None:
    before = everything_of(seeded, "ben")
    with psycopg.connect(seeded.admin, row_factory=psycopg.rows.dict_row) as conn:
        theirs = conn.execute(
            sql.SQL("SELECT * FROM {} WHERE coach = 'ben' LIMIT 1").format(table(name))
        ).fetchone()
    assert theirs is not None
    claim = _another(theirs, name)
    insert = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        table(name),
        sql.SQL(", ").join(map(sql.Identifier, claim)),
        sql.SQL(", ").join(map(sql.Literal, claim.values())),
    )
    with psycopg.connect(seeded.login("anna"), autocommit=True) as conn:
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(insert)
        # Their rows cannot be reached to change or delete ...
        changed = conn.execute(
            sql.SQL("UPDATE {} SET coach = coach WHERE coach = 'ben'").format(table(name))
        )
        assert changed.rowcount == 0
        gone = conn.execute(sql.SQL("DELETE FROM {} WHERE coach = 'ben'").format(table(name)))
        assert gone.rowcount == 0
        # ... nor can an own row be handed over to them.
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                sql.SQL("UPDATE {} SET coach = 'ben' WHERE coach = 'anna'").format(table(name))
            )
        # A session variable is no boundary and no key: setting one changes nothing.
        conn.execute("SELECT set_config('app.coach_id', 'ben', false)")
        assert rows_of(conn, name, "ben") == []
    assert everything_of(seeded, "ben") == before


def test_a_session_cannot_hang_on_another_coachs_coachee(seeded: Practice) -> None:
    """The foreign keys carry the coach: the other coach's uid is as unknown as a made-up
    one (the same error, so it tells nothing about what exists)."""
    with psycopg.connect(seeded.login("anna"), autocommit=True) as conn:
        for coachee in (uid("ben", "coachee"), str(uuid.uuid4())):
            with pytest.raises(errors.ForeignKeyViolation, match="is not present"):
                conn.execute(
                    f"INSERT INTO {SCHEMA}.coaching_session (uid, coachee_uid, started_at_ms)"
                    " VALUES (%s, %s, 1)",
                    (str(uuid.uuid4()), coachee),
                )


def test_set_role_and_reset_role_lead_nowhere(seeded: Practice) -> None:
    with psycopg.connect(seeded.login("anna"), autocommit=True) as conn:
        for role in ("ben", OWNER, REPORTER, SUPERVISOR, "admin"):
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied to set"):
                conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SET SESSION AUTHORIZATION ben")
        # The coaches' group itself: a member may become it, and then owns nothing at all.
        conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(COACH)))
        for name in TABLES:
            assert rows_of(conn, name) == []
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                f"INSERT INTO {SCHEMA}.erasure (coach, uid, erased_at_ms) VALUES (%s, %s, 1)",
                (COACH, str(uuid.uuid4())),
            )
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            conn.execute(
                f"INSERT INTO {SCHEMA}.erasure (coach, uid, erased_at_ms) VALUES ('ben', %s, 1)",
                (str(uuid.uuid4()),),
            )
        conn.execute("RESET ROLE")
        assert conn.execute("SELECT current_user").fetchone() == ("anna",)
        assert rows_of(conn, "coachee", "ben") == []
        assert len(rows_of(conn, "coachee")) == 1


def test_own_views_and_functions_see_no_more_than_their_maker(seeded: Practice) -> None:
    with psycopg.connect(seeded.login("anna"), autocommit=True) as conn:
        # Nowhere to make a lasting one: not in the practice's schema, not in public.
        for where in (SCHEMA, "public"):
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(
                    sql.SQL("CREATE VIEW {} AS SELECT * FROM {}").format(
                        sql.Identifier(where, "everyone"), table("coachee")
                    )
                )
        # Temporary ones run with the coach's own rights.
        conn.execute(f"CREATE TEMP VIEW everyone AS SELECT * FROM {SCHEMA}.coachee")
        assert [r[0] for r in conn.execute("SELECT coach FROM everyone")] == ["anna"]
        conn.execute(
            "CREATE FUNCTION pg_temp.names() RETURNS SETOF text LANGUAGE sql SECURITY DEFINER"
            f" AS $$ SELECT name FROM {SCHEMA}.coachee $$"
        )
        assert conn.execute("SELECT * FROM pg_temp.names()").fetchall() == [("Coachee of anna",)]
        # The supervisor's overview is not theirs to call.
        with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
            conn.execute(f"SELECT * FROM {SCHEMA}.practice_overview()")
        # Nor can they turn the guard off or add a policy of their own.
        for statement in (
            f"ALTER TABLE {SCHEMA}.coachee DISABLE ROW LEVEL SECURITY",
            f"ALTER TABLE {SCHEMA}.coachee NO FORCE ROW LEVEL SECURITY",
            f"CREATE POLICY mine ON {SCHEMA}.coachee USING (true)",
            f"DROP POLICY own_rows ON {SCHEMA}.coachee",
        ):
            with pytest.raises(errors.InsufficientPrivilege, match="must be owner"):
                conn.execute(statement)


def test_the_planner_statistics_show_no_values_of_a_guarded_table(seeded: Practice) -> None:
    with psycopg.connect(seeded.admin, autocommit=True) as conn:
        conn.execute(f"ANALYZE {SCHEMA}.coachee, {SCHEMA}.session_note")
        assert conn.execute(
            "SELECT count(*) FROM pg_stats WHERE schemaname = %s", (SCHEMA,)
        ).fetchone() != (0,)
    with psycopg.connect(seeded.login("anna")) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_stats WHERE schemaname = %s", (SCHEMA,)
        ).fetchone() == (0,)


def expected_overview() -> list[tuple[object, ...]]:
    """The overview worked out here from :data:`SESSIONS`: ended sessions not left out, per
    coach and month (UTC), with their minutes and tallies by side."""
    side = {key: s for key, s, _ in KINDS}
    groups: dict[tuple[str, str], Counter[str]] = {}
    for s in SESSIONS:
        if not s.ended or s.left_out:
            continue
        c = groups.setdefault((s.coach, s.started.strftime("%Y-%m")), Counter())
        c["sessions"] += 1
        c["minutes"] += s.minutes
        c.update(side[key] for key in s.tallies)
        c["hats"] += sum(key == "hat" for key in s.tallies)
    return [
        # no session of the Four legs scheme among them: zeros for its legs
        (coach, month, c["sessions"], c["minutes"], c["coach"], c["coachee"], c["hats"], *[0] * 5)
        for (coach, month), c in sorted(groups.items())
    ]


def test_the_supervisor_gets_the_figures_and_no_rows(seeded: Practice) -> None:
    with psycopg.connect(seeded.login("sara"), autocommit=True) as conn:
        for name in TABLES:
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                conn.execute(sql.SQL("SELECT count(*) FROM {}").format(table(name)))
        for role in (REPORTER, COACH, OWNER, "anna"):
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied to set"):
                conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(role)))
        found = conn.execute(f"SELECT * FROM {SCHEMA}.practice_overview()").fetchall()
        assert found == expected_overview()
        # In another time zone, ben's session of 23:30 UTC on 31 January falls in February.
        shifted = conn.execute(
            f"SELECT coach, month, sessions FROM {SCHEMA}.practice_overview('Europe/Amsterdam')"
            " WHERE coach = 'ben'"
        ).fetchall()
        assert shifted == [("ben", "2026-02", 1)]
        # The overview's columns are figures; none of them is a name, a note or a time.
        described = conn.execute(f"SELECT * FROM {SCHEMA}.practice_overview() LIMIT 0").description
        assert described is not None
        assert [c.name for c in described] == [
            "coach", "month", "sessions", "minutes", "coach_tallies", "coachee_tallies", "hats",
            "legs_sessions", "socio_emotional", "network", "autonomy", "career",
        ]  # fmt: skip


def test_the_overview_cannot_be_led_to_another_table(seeded: Practice) -> None:
    """Its search_path is fixed: a supervisor's own objects (in pg_temp) are never used."""
    with psycopg.connect(seeded.login("sara"), autocommit=True) as conn:
        conn.execute("CREATE TEMP TABLE coaching_session (coach text)")
        conn.execute("SET search_path = pg_temp, public")
        found = conn.execute(f"SELECT * FROM {SCHEMA}.practice_overview()").fetchall()
        assert found == expected_overview()
        with pytest.raises(errors.InvalidParameterValue):
            conn.execute(f"SELECT * FROM {SCHEMA}.practice_overview('UTC''; --')")


def test_a_coach_login_refuses_a_server_certificate_for_another_name(practice: Practice) -> None:
    from coachdesk.domain.errors import PracticeServerError
    from coachdesk.store.server.coach import check_login

    assert check_login(practice.login("anna", tls=True), None).name == "anna"
    wrong = practice.cluster.tcp_url("anna", "anna-secret", host="praktijk.example.nl")
    with pytest.raises(PracticeServerError, match="does not match host name"):
        check_login(wrong, None)
