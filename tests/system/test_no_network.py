"""No network, proven at the OS level: every socket the processes open is traced with strace
(Qt's own sockets included, which a Python-level patch would not see), and the app runs in a
network namespace without any network.

The traced run: a scripted session in the real app (tallies, a pause, end, review, PDF
report, the record exported, the history window's coachees and practice), then the data
commands (archive export and import, a report, a record export, an erasure).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.cli.commandline import ROOT, offscreen_env
from tests.system.support import INTERNET

pytestmark = pytest.mark.slow

STRACE = shutil.which("strace")


def traced(log: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert STRACE is not None
    env = offscreen_env()
    command = [STRACE, "-f", "-qq", "-e", "trace=socket", "-o", str(log), sys.executable, *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=180, check=False, cwd=ROOT, env=env
    )


def sockets(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if "socket(" in line]


@pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)")
def test_a_whole_working_day_opens_no_internet_socket(tmp_path: Path) -> None:
    data, out = tmp_path / "data", tmp_path / "out"
    out.mkdir()
    app_log = tmp_path / "app.trace"
    result = traced(app_log, "-m", "tests.scripted_app", str(data), str(out))
    if result.returncode != 0 and "PTRACE" in result.stderr.upper():
        pytest.skip(f"strace may not trace here: {result.stderr.strip()[:200]}")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["quit", "exit 0"]
    assert (out / "report.pdf").stat().st_size > 1000
    with zipfile.ZipFile(out / "record.zip") as zipped:
        assert "record.json" in zipped.namelist()
    # The trace sees sockets: the app's own local socket (one instance per data folder).
    assert any("AF_UNIX" in line for line in sockets(app_log))
    found = [line for line in sockets(app_log) if INTERNET.search(line)]

    other = tmp_path / "other"
    commands = [
        ("export", "--archive", str(out / "practice.zip")),
        ("export", "--coachee", "K-17", "--out", str(out / "record")),
        ("report", "1", "--out", str(out / "again.pdf")),
        ("export", "--format", "json", "--out", str(out / "tallies.json")),
        ("erase", "--coachee", "K-17", "--yes"),
    ]
    for n, command in enumerate(commands):
        log = tmp_path / f"command-{n}.trace"
        done = traced(log, "-m", "coachdesk", "--data-dir", str(data), *command)
        assert done.returncode == 0, (command, done.stderr)
        found += [line for line in sockets(log) if INTERNET.search(line)]
    log = tmp_path / "import.trace"
    done = traced(
        log, "-m", "coachdesk", "--data-dir", str(other), "import", str(out / "practice.zip")
    )
    assert done.returncode == 0, done.stderr
    found += [line for line in sockets(log) if INTERNET.search(line)]
    assert found == []


def _namespaces_allowed() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    flags = ["-n"] if os.geteuid() == 0 else ["-r", "-n"]
    probe = subprocess.run([unshare, *flags, "true"], capture_output=True, check=False)
    return probe.returncode == 0


@pytest.mark.skipif(not _namespaces_allowed(), reason="no network namespaces here (unshare -n)")
def test_the_app_works_in_full_without_any_network(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    assert unshare is not None
    flags = ["-n"] if os.geteuid() == 0 else ["-r", "-n"]
    out = tmp_path / "out"
    out.mkdir()
    env = offscreen_env()
    result = subprocess.run(
        [
            unshare,
            *flags,
            sys.executable,
            "-m",
            "tests.scripted_app",
            str(tmp_path / "d"),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "exit 0"
    assert (out / "report.pdf").exists() and (out / "record.zip").exists()
