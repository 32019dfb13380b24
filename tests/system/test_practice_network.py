"""With a practice server configured, coachdesk connects to it and to nothing else, seen at
the OS level with strace; and the commands that are not about the practice open no internet
socket at all, even with a server configured."""

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
