"""With a practice server configured, coachdesk connects to it and to nothing else, seen at
the OS level with strace (every connect() of the process and its threads, whatever the
address family); and the commands that are not about the practice open no internet socket at
all, even with a server configured."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.store import open_store
from tests.cli.commandline import ROOT, headless_env
from tests.fakes import FakeClock
from tests.pgserver import Cluster
from tests.practice import add_session
from tests.system.support import INTERNET

pytestmark = pytest.mark.slow

STRACE = shutil.which("strace")
CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_INET6?), (.*?)\}")
#: Every connect(), of any family: the family and the address as strace prints it.
ANY_CONNECT = re.compile(r"connect\(\d+, \{sa_family=(\w+)(?:, (.*?))?\}")
#: glibc's name-service cache daemon: looking up the user's own account (libpq asks for the
#: login's name and home folder, for ~/.pgpass) first tries this local socket, and falls back
#: to /etc/passwd when no nscd runs. It is a process on this machine, not the network.
NSCD = {'sun_path="/var/run/nscd/socket"', 'sun_path="/run/nscd/socket"'}


def run(data: Path, *args: str, stdin: str = "", trace: Path | None = None) -> str:
    env = {k: v for k, v in headless_env().items() if not k.startswith("PG")}
    command = [sys.executable, "-m", "coachdesk", "--data-dir", str(data), "--lang", "en", *args]
    if trace is not None:
        assert STRACE is not None
        command = [STRACE, "-f", "-qq", "-e", "trace=socket,connect", "-o", str(trace), *command]
    done = subprocess.run(
        command, input=stdin, capture_output=True, text=True, timeout=120, check=False,
        cwd=ROOT, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)")
def test_sync_connects_to_the_configured_server_only(pg: Cluster, tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = open_store(data / "coachdesk.sqlite3")
    add_session(store, FakeClock(), "Bram", "Bram's own plan")
    store.close()
    run(data, "practice", "init", pg.socket_url())
    run(data, "practice", "add-coach", "anna", "--server", pg.socket_url(), stdin="a-pw\n")
    url = pg.tcp_url("anna", "unused").replace(":unused@", "@")  # TLS to 127.0.0.1
    run(data, "practice", "connect", url, stdin="a-pw\n")

    log = tmp_path / "sync.trace"
    out = run(data, "practice", "sync", stdin="a-pw\n", trace=log)
    assert "Sent: coachees 1, sessions 1" in out
    connects = [m.groups() for m in CONNECT.finditer(log.read_text())]
    internet = [where for family, where in connects if family.startswith("AF_INET")]
    assert internet, "the sync reached the server over TCP"
    assert set(internet) == {f'sin_port=htons({pg.port}), sin_addr=inet_addr("127.0.0.1")'}

    log = tmp_path / "export.trace"
    run(data, "export", "--format", "json", "--out", str(tmp_path / "t.json"), trace=log)
    assert [line for line in log.read_text().splitlines() if INTERNET.search(line)] == []


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)")
@pytest.mark.parametrize("over", ["socket", "tcp"])
def test_every_connect_of_a_sync_goes_to_the_configured_server(
    pg: Cluster, tmp_path: Path, over: str
) -> None:
    """The app's own sync (``coachdesk practice sync``), traced: each connect() goes to the
    configured server (its Unix socket, or 127.0.0.1 at its port), or to glibc's nscd
    socket (see :data:`NSCD`); no other socket of any family, no DNS, no D-Bus."""
    data = tmp_path / "data"
    store = open_store(data / "coachdesk.sqlite3")
    add_session(store, FakeClock(), "Bram", "Bram's own plan")
    store.close()
    run(data, "practice", "init", pg.socket_url())
    run(data, "practice", "add-coach", "anna", "--server", pg.socket_url(), stdin="a-pw\n")
    if over == "socket":
        url = pg.socket_url("anna", "unused").replace(":unused@", "@")
        server = {("AF_UNIX", f'sun_path="{pg.socket_dir}/.s.PGSQL.{pg.port}"')}
    else:
        url = pg.tcp_url("anna", "unused").replace(":unused@", "@")
        server = {("AF_INET", f'sin_port=htons({pg.port}), sin_addr=inet_addr("127.0.0.1")')}
    run(data, "practice", "connect", url, stdin="a-pw\n")

    log = tmp_path / "sync.trace"
    out = run(data, "practice", "sync", stdin="a-pw\n", trace=log)
    assert "Sent: coachees 1, sessions 1" in out
    connects = {(family, where or "") for family, where in ANY_CONNECT.findall(log.read_text())}
    assert server <= connects, "the sync reached the server"
    others = {(family, where) for family, where in connects - server if where not in NSCD}
    assert others == set()
