"""Every command against a database it cannot use: damaged, cut off, read-only, locked by
another program, or from a newer coachdesk. Each says so in one line, exits non-zero and
leaves the database files exactly as they were; none prints a Python traceback. Two kinds
of success are right: reading under another program's write lock (WAL lets readers read),
and restore over a damaged file (what it is for).

Then text that is no text: names in bytes that are not UTF-8, control characters, and
the two Unicode forms of one name."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coachdesk.store import SCHEMA_VERSION
from tests.cli.commandline import ROOT, headless_env, offscreen_env, run
from tests.practice import make_practice

DATABASE = "coachdesk.sqlite3"

#: Every command, with what it needs; ``{out}`` is an empty folder for what it writes.
COMMANDS: dict[str, list[str]] = {
    "export": ["export"],
    "export-file": ["export", "--format", "json", "--out", "{out}/tallies.json"],
    "export-archive": ["export", "--archive", "{out}/practice.zip"],
    "export-coachee": ["export", "--coachee", "Bram", "--out", "{out}/bram"],
    "import": ["import", "{archive}"],
    "erase": ["erase", "--coachee", "Bram", "--yes"],
    "report": ["report", "1", "--out", "{out}/report.pdf"],
    "backup": ["backup"],
    "restore": ["restore", "{backup}"],
    "demo": ["demo", "--coachees", "1", "--sessions", "1"],
    "encrypt": ["encrypt"],
    "decrypt": ["decrypt"],
}
CONDITIONS = ("damaged", "truncated", "read-only", "locked", "newer")
#: Under another program's write lock a reader still reads (WAL): these succeed, and
#: change nothing.
READERS = {"export", "export-file", "export-archive", "export-coachee", "report", "backup"}
#: Putting a backup in place of a damaged database is what restore is for.
REMEDIES = {("restore", "damaged"), ("restore", "truncated")}


@pytest.fixture(scope="module")
def practice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One practice, an archive of it and a backup of it, made once for the whole matrix."""
    root = tmp_path_factory.mktemp("practice")
    make_practice(root / "data" / DATABASE)
    for args in (
        ["export", "--archive", str(root / "practice.zip")],
        ["backup", "--out", str(root / "backup.sqlite3")],
    ):
        done = run(root / "data", *args)
        assert done.returncode == 0, done.stderr
    return root


def spoil(database: Path, condition: str) -> None:
    if condition == "damaged":  # random bytes over the pages of the tally table
        conn = sqlite3.connect(database)
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tally'").fetchone()
        conn.close()
        data = bytearray(database.read_bytes())
        rnd = random.Random(10)
        start = (root[0] - 1) * page_size + 8  # past the page's own header
        for i in range(start, min(len(data), start + page_size)):
            data[i] = rnd.randrange(256)
        database.write_bytes(bytes(data))
    elif condition == "truncated":
        whole = database.read_bytes()
        database.write_bytes(whole[: len(whole) // 2 + 100])
    elif condition == "newer":
        conn = sqlite3.connect(database)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.close()


def ordinary_user() -> list[str]:
    """The prefix that runs a command as a user whom file modes bind. Root ignores them, and
    ``nobody`` cannot reach this interpreter: root without the capabilities that bypass
    them (as ``setpriv`` drops them) is bound by them as any user is."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("needs setpriv to run without root's power over file modes")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


def snapshot(data: Path) -> dict[str, str]:
    """The database, its -wal and the erasure log, by content."""
    found = {}
    for name in (DATABASE, f"{DATABASE}-wal", "erasures.jsonl"):
        path = data / name
        if path.exists():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def hold_write_lock(database: Path) -> subprocess.Popen[str]:
    """Another program, holding a write transaction open on a plain sqlite3 connection."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "conn.execute('BEGIN IMMEDIATE')\n"
            "print('holding', flush=True)\n"
            "sys.stdin.read()\n",
            str(database),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "holding"
    return holder


@pytest.mark.parametrize("condition", CONDITIONS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_meets_a_database_it_cannot_use_with_one_line(
    practice: Path, tmp_path: Path, command: str, condition: str
) -> None:
    data = tmp_path / "data"
    shutil.copytree(practice / "data", data)
    out = tmp_path / "out"
    out.mkdir()
    spoil(data / DATABASE, condition)
    prefix: list[str] = []
    if condition == "read-only":
        prefix = ordinary_user()
        for path in (data / DATABASE, data):
            path.chmod(0o500 if path.is_dir() else 0o400)
    args = [
        part.format(out=out, archive=practice / "practice.zip", backup=practice / "backup.sqlite3")
        for part in COMMANDS[command]
    ]
    holder = hold_write_lock(data / DATABASE) if condition == "locked" else None
    before = snapshot(data)
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "coachdesk", "--data-dir", str(data), *args],
            input="a passphrase long enough\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=ROOT,
            env=headless_env(),
        )
        after = snapshot(data)
    finally:
        if holder is not None:
            holder.communicate("", timeout=30)
        data.chmod(0o700)
    assert "Traceback" not in result.stderr, result.stderr
    if (command, condition) in REMEDIES:
        assert result.returncode == 0, result.stderr
        assert "The damaged database was moved to" in result.stderr
        return
    assert after == before, result.stderr
    # Another program's lock is waited for a short while only (the store's BUSY_TIMEOUT_S),
    # then said, not hung on: the message below is the proof, the 60 s above the bound.
    if condition == "locked" and command in READERS:
        assert result.returncode == 0, result.stderr
        return
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert len(lines) == 1 and lines[0].startswith("coachdesk: "), result.stderr
    words = {
        "damaged": ("is damaged", "fails its check", "already holds coachees"),
        "truncated": ("is damaged", "malformed"),
        "read-only": ("cannot write to", "already holds coachees"),
        "locked": ("in use by another program", "already holds coachees"),
        "newer": ("newer coachdesk", "already holds coachees"),
    }[condition]
    if command == "decrypt":  # asked of a plain database, whatever its state
        words = ("is not encrypted", *words)
    assert any(w in lines[0] for w in words), lines[0]


START = ("start", "--coachee", "Bram")


@pytest.mark.parametrize("condition", CONDITIONS)
def test_start_reaches_its_window_without_a_traceback(
    practice: Path, tmp_path: Path, condition: str
) -> None:
    """The window's own stop page names what is wrong with the database; the command line
    before it must not fail on its own."""
    data = tmp_path / "data"
    shutil.copytree(practice / "data", data)
    spoil(data / DATABASE, condition)
    prefix: list[str] = []
    if condition == "read-only":
        prefix = ordinary_user()
        for path in (data / DATABASE, data):
            path.chmod(0o500 if path.is_dir() else 0o400)
    holder = hold_write_lock(data / DATABASE) if condition == "locked" else None
    app = subprocess.Popen(
        [*prefix, sys.executable, "-m", "coachdesk", "--data-dir", str(data), *START],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            app.wait(timeout=3)  # the window is up, with whatever it has to say
    finally:
        app.terminate()
        _, stderr = app.communicate(timeout=30)
        if holder is not None:
            holder.communicate("", timeout=30)
        data.chmod(0o700)
    assert "Traceback" not in stderr, stderr


@pytest.mark.parametrize(
    "command",
    [
        ["start", "--coachee"],
        ["erase", "--yes", "--coachee"],
        ["export", "--out", "{out}", "--coachee"],
    ],
    ids=["start", "erase", "export"],
)
@pytest.mark.parametrize("name", [b"K\xff17", b"K\x1b[2J17"], ids=["not-utf8", "escape"])
def test_a_name_on_the_command_line_that_is_no_text_is_refused_naming_where(
    practice: Path, tmp_path: Path, command: list[str], name: bytes
) -> None:
    data = tmp_path / "data"
    shutil.copytree(practice / "data", data)
    before = snapshot(data)
    args = [part.format(out=tmp_path / "record") for part in command]
    result = run(data, *args, name, env=offscreen_env())
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert result.stderr.startswith("coachdesk: The name given with --coachee was refused")
    assert snapshot(data) == before and not (tmp_path / "record").exists()


def test_either_unicode_form_finds_the_coachee(tmp_path: Path) -> None:
    from coachdesk.domain.recorder import LiveSession
    from coachdesk.store import open_store
    from tests.fakes import FakeClock

    data = tmp_path / "data"
    store = open_store(data / DATABASE)
    LiveSession.start(store, FakeClock(), "\u00d6zdemir").end()
    store.close()
    result = run(data, "export", "--coachee", "O\u0308zdemir", "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r" / "record.json").exists()


def test_a_control_character_in_a_stored_name_never_reaches_the_terminal(
    practice: Path, tmp_path: Path
) -> None:
    """Conflict lines name both copies: ours may hold what no longer gets in (older data)."""
    import json
    import zipfile

    data = tmp_path / "data"
    shutil.copytree(practice / "data", data)
    with zipfile.ZipFile(practice / "practice.zip") as zipped:
        doc = json.loads(zipped.read("archive.json"))
    doc["coachees"][0]["name"] = "Someone else"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))
    conn = sqlite3.connect(data / DATABASE)
    with conn:
        conn.execute(
            "UPDATE coachee SET name = ? WHERE uid = ?",
            ("Bram\x1b]0;owned\x07", doc["coachees"][0]["uid"]),
        )
    conn.close()
    result = run(data, "import", str(changed))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Bram\\x1b]0;owned\\x07 here" in result.stdout


def test_an_answer_that_is_no_text_erases_nothing(practice: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(practice / "data", data)
    before = snapshot(data)
    result = subprocess.run(
        [sys.executable, "-m", "coachdesk", "--data-dir", str(data), "erase", "--coachee", "Bram"],
        input=b"Bram\xff\n",
        capture_output=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        env={**headless_env(), "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr and b"Nothing was erased." in result.stderr
    assert snapshot(data) == before
