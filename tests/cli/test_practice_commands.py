"""``coachdesk practice ...`` in child processes, against the throwaway PostgreSQL cluster:
what the administrator and a coach type, then what the server and the settings hold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from coachdesk.store.server import COACH, SCHEMA, SUPERVISOR
from tests.cli.commandline import ROOT, headless_env
from tests.keyrings import FILE_VARIABLE, read_file_keyring
from tests.pgserver import Cluster


def practice(
    data: Path, *args: str, stdin: str = "", keyring: str = "keyring.backends.null.Keyring"
) -> subprocess.CompletedProcess[str]:
    """``coachdesk practice ARGS`` in a child, with ``keyring`` as its keyring backend (by
    default one that keeps nothing: the platform's keyring is never touched)."""
    env = {k: v for k, v in headless_env().items() if not k.startswith("PG")}
    env["PYTHON_KEYRING_BACKEND"] = keyring
    env[FILE_VARIABLE] = str(data.parent / "keyring.json")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "coachdesk",
            "--data-dir",
            str(data),
            "--lang",
            "en",
            "practice",
            *args,
        ],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        env=env,
    )


def members(pg: Cluster, group: str) -> list[str]:
    with psycopg.connect(pg.socket_url()) as conn:
        rows = conn.execute(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member"
            " JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = %s ORDER BY 1",
            (group,),
        ).fetchall()
    return [str(r[0]) for r in rows]


@pytest.fixture
def ready(pg: Cluster, tmp_path: Path) -> Cluster:
    """init, one coach (anna) and one supervisor (sara), typed as the administrator would."""
    done = practice(tmp_path, "init", pg.socket_url())
    assert done.returncode == 0, done.stderr
    assert "The practice is ready on the server (schema s0005)." in done.stdout
    done = practice(tmp_path, "add-coach", "anna", "--server", pg.socket_url(), stdin="a-pw\n")
    assert done.returncode == 0, done.stderr
    done = practice(tmp_path, "add-supervisor", "sara", "--server", pg.socket_url(), stdin="s-pw\n")
    assert done.returncode == 0, done.stderr
    assert "never a coachee, a note or a tally" in done.stdout
    return pg


def test_init_and_add_make_logins_in_their_groups(ready: Cluster, tmp_path: Path) -> None:
    assert members(ready, COACH) == ["anna"]
    assert members(ready, SUPERVISOR) == ["sara"]
    with psycopg.connect(ready.socket_url("anna", "a-pw")) as conn:
        assert conn.execute(f"SELECT count(*) FROM {SCHEMA}.coachee").fetchone() == (0,)
    again = practice(tmp_path, "init", ready.socket_url())
    assert again.returncode == 0 and "already there" in again.stdout
    upgraded = practice(tmp_path, "upgrade", ready.socket_url())
    assert upgraded.returncode == 0 and "up to date (s0005)" in upgraded.stdout


def test_a_coach_cannot_init_or_add(ready: Cluster, tmp_path: Path) -> None:
    as_anna = ready.socket_url("anna", "a-pw")
    done = practice(tmp_path, "init", as_anna)
    assert done.returncode == 1 and "superuser" in done.stderr
    done = practice(tmp_path, "add-coach", "ben", "--server", as_anna, stdin="b\n")
    assert done.returncode == 1 and "superuser" in done.stderr
    assert members(ready, COACH) == ["anna"]


def test_connect_keeps_the_url_and_never_the_password(ready: Cluster, tmp_path: Path) -> None:
    url = ready.socket_url("anna", "unused").replace(":unused@", "@")
    done = practice(tmp_path, "connect", url, stdin="a-pw\n")
    assert done.returncode == 0, done.stderr
    assert "Connected to the practice as anna (schema s0005)." in done.stdout
    kept = json.loads((tmp_path / "config" / "settings.json").read_text())["practice_url"]
    assert "a-pw" not in kept and "user=anna" in kept and str(ready.socket_dir) in kept
    assert "a-pw" not in (tmp_path / "config" / "settings.json").read_text()
    # A password in the URL is used, and not kept either.
    done = practice(tmp_path, "connect", ready.tcp_url("anna", "a-pw"))
    assert done.returncode == 0, done.stderr
    assert "a-pw" not in (tmp_path / "config" / "settings.json").read_text()


def test_connect_refuses_a_wrong_password_a_supervisor_and_a_plain_remote_url(
    ready: Cluster, tmp_path: Path
) -> None:
    done = practice(tmp_path, "connect", ready.socket_url("anna", "wrong"))
    assert done.returncode == 1 and "password authentication failed" in done.stderr
    done = practice(tmp_path, "connect", ready.socket_url("sara", "s-pw"))
    assert done.returncode == 1 and "sara is not a coach of this practice" in done.stderr
    done = practice(tmp_path, "connect", "postgresql://anna@praktijk.example.nl/practice")
    assert done.returncode == 1 and "sslmode=verify-full" in done.stderr
    # Refused before anything is asked or reached: the name is not even looked up.
    assert not (tmp_path / "config" / "settings.json").exists()


def test_remove_coach_says_what_goes_asks_and_deletes_all(ready: Cluster, tmp_path: Path) -> None:
    with psycopg.connect(ready.socket_url("anna", "a-pw")) as conn:
        conn.execute(
            f"INSERT INTO {SCHEMA}.coachee (uid, name, created_at_ms) VALUES"
            " ('6b1f3c2e-5d0a-4c57-9a53-43446b736b31', 'Jansen', 1)"
        )
        conn.execute(
            f"INSERT INTO {SCHEMA}.coaching_session (uid, coachee_uid, started_at_ms) VALUES"
            " ('7b1f3c2e-5d0a-4c57-9a53-43446b736b31', '6b1f3c2e-5d0a-4c57-9a53-43446b736b31', 2)"
        )
    admin = ready.socket_url()
    kept = practice(tmp_path, "remove-coach", "anna", "--server", admin, stdin="ann\n")
    assert kept.returncode == 1 and "Nothing was removed." in kept.stderr
    assert "coachees: 1, sessions: 1, tally kinds: 0, tallies: 0" in kept.stdout
    assert "Their own machines keep their local data." in kept.stdout
    assert members(ready, COACH) == ["anna"]
    gone = practice(tmp_path, "remove-coach", "anna", "--server", admin, stdin="anna\n")
    assert gone.returncode == 0, gone.stderr
    assert "Removed anna: 2 rows deleted from the server." in gone.stdout
    assert members(ready, COACH) == []
    with psycopg.connect(admin) as conn:
        rows = conn.execute(
            f"SELECT (SELECT count(*) FROM {SCHEMA}.coachee),"
            f" (SELECT count(*) FROM {SCHEMA}.coaching_session)"
        ).fetchone()
    assert rows == (0, 0)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(ready.socket_url("anna", "a-pw"))


def test_remove_coach_refuses_someone_who_is_no_coach(ready: Cluster, tmp_path: Path) -> None:
    done = practice(tmp_path, "remove-coach", "sara", "--server", ready.socket_url(), "--yes")
    assert done.returncode == 1 and "sara is not a coach of this practice." in done.stderr
    assert members(ready, SUPERVISOR) == ["sara"]


def test_sync_sends_this_computers_sessions_once(ready: Cluster, tmp_path: Path) -> None:
    from coachdesk.store import open_store
    from tests.fakes import FakeClock
    from tests.practice import add_session

    store = open_store(tmp_path / "coachdesk.sqlite3")
    add_session(store, FakeClock(), "Bram", "Bram's own plan")
    store.close()
    done = practice(tmp_path, "sync", stdin="a-pw\n")
    assert done.returncode == 1 and "not connected to a practice" in done.stderr
    url = ready.socket_url("anna", "unused").replace(":unused@", "@")
    assert practice(tmp_path, "connect", url, stdin="a-pw\n").returncode == 0
    first = practice(tmp_path, "sync", stdin="a-pw\n")
    assert first.returncode == 0, first.stderr
    assert "Sent: coachees 1, sessions 1, tallies 4, erasures 0." in first.stdout
    again = practice(tmp_path, "sync", stdin="a-pw\n")
    assert again.returncode == 0, again.stderr
    assert "Sent: coachees 0, sessions 0, tallies 0, erasures 0." in again.stdout
    with psycopg.connect(ready.socket_url()) as conn:
        held = conn.execute(f"SELECT coach, count(*) FROM {SCHEMA}.tally GROUP BY coach").fetchall()
    assert held == [("anna", 4)]
    wrong = practice(tmp_path, "sync", stdin="not-it\n")
    assert wrong.returncode == 1 and "password authentication failed" in wrong.stderr


def test_a_removal_the_server_refuses_changes_nothing(ready: Cluster, tmp_path: Path) -> None:
    with psycopg.connect(ready.socket_url("anna", "a-pw")) as conn:
        conn.execute(
            f"INSERT INTO {SCHEMA}.coachee (uid, name, created_at_ms) VALUES"
            " ('6b1f3c2e-5d0a-4c57-9a53-43446b736b31', 'Jansen', 1)"
        )
    with psycopg.connect(ready.socket_url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE elsewhere OWNER anna")  # the role cannot be dropped now
    done = practice(tmp_path, "remove-coach", "anna", "--server", ready.socket_url(), "--yes")
    assert done.returncode == 1
    assert "The practice server refused:" in done.stderr and "Traceback" not in done.stderr
    assert members(ready, COACH) == ["anna"]
    with psycopg.connect(ready.socket_url()) as conn:
        kept = conn.execute(f"SELECT count(*) FROM {SCHEMA}.coachee").fetchone()
    assert kept == (1,)


def test_connect_remember_password_keeps_it_in_the_keyring_for_sync(
    ready: Cluster, tmp_path: Path
) -> None:
    from coachdesk.domain import settings
    from coachdesk.store.server import passwords

    data = tmp_path / "data"
    ring = "tests.keyrings.FileKeyring"
    url = ready.socket_url("anna", "unused").replace(":unused@", "@")
    done = practice(data, "connect", url, "--remember-password", stdin="a-pw\n", keyring=ring)
    assert done.returncode == 0, done.stderr
    assert "the password in this computer's keyring" in done.stdout
    kept_url = settings.load(data / "config" / "settings.json").practice_url
    assert kept_url is not None
    entry = (passwords.SERVICE, passwords.account(kept_url))
    assert read_file_keyring(tmp_path / "keyring.json") == {entry: "a-pw"}
    assert settings.load(data / "config" / "settings.json").practice_keyring is True
    synced = practice(data, "sync", keyring=ring)  # nothing on standard input: not asked
    assert synced.returncode == 0, synced.stderr
    assert "Password" not in synced.stdout + synced.stderr
    # Connected again without the option: the kept password is deleted, and asked again.
    done = practice(data, "connect", url, stdin="a-pw\n", keyring=ring)
    assert done.returncode == 0, done.stderr
    assert read_file_keyring(tmp_path / "keyring.json") == {}
    assert settings.load(data / "config" / "settings.json").practice_keyring is False
    asked = practice(data, "sync", stdin="a-pw\n", keyring=ring)
    assert asked.returncode == 0, asked.stderr
    assert "a-pw" not in "".join(
        p.read_text(errors="replace") for p in data.rglob("*") if p.is_file()
        and p.name != "keyring.json"
    )  # fmt: skip


def test_remember_password_without_a_keyring_says_so_and_asks_each_time(
    ready: Cluster, tmp_path: Path
) -> None:
    from coachdesk.domain import settings

    data = tmp_path / "data"
    url = ready.socket_url("anna", "unused").replace(":unused@", "@")
    done = practice(
        data, "connect", url, "--remember-password", stdin="a-pw\n",
        keyring="keyring.backends.fail.Keyring",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "No keyring is usable on this computer (" in done.stderr
    assert "coachdesk asks for it each time it starts" in done.stderr
    assert "the password is not: coachdesk asks" in done.stdout
    assert settings.load(data / "config" / "settings.json").practice_keyring is False
    asked = practice(data, "sync", stdin="a-pw\n", keyring="keyring.backends.fail.Keyring")
    assert asked.returncode == 0, asked.stderr


def test_keyring_is_imported_only_when_a_practice_password_is_kept() -> None:
    code = (
        "import sys\n"
        "import coachdesk.cli.main, coachdesk.wiring.app, coachdesk.store.server.service\n"
        "import coachdesk.ui.practice_runner, coachdesk.ui.practice_dialog\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'keyring'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False,
        cwd=ROOT, env=headless_env(),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_connecting_to_another_server_leaves_no_password_for_the_old_one(
    ready: Cluster, tmp_path: Path
) -> None:
    from coachdesk.domain import settings
    from coachdesk.store.server import passwords

    data = tmp_path / "data"
    ring = "tests.keyrings.FileKeyring"
    by_socket = ready.socket_url("anna", "unused").replace(":unused@", "@")
    by_tls = ready.tcp_url("anna", "unused", host="localhost").replace(":unused@", "@")
    for url in (by_socket, by_tls):
        done = practice(data, "connect", url, "--remember-password", stdin="a-pw\n", keyring=ring)
        assert done.returncode == 0, done.stderr
    kept_url = settings.load(data / "config" / "settings.json").practice_url
    assert kept_url is not None and "localhost" in kept_url
    entry = (passwords.SERVICE, passwords.account(kept_url))
    assert read_file_keyring(tmp_path / "keyring.json") == {entry: "a-pw"}  # the new one only
