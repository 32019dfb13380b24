"""export --coachee, export --archive, import and erase, in child processes as a script runs
them; every file they leave is private to the user."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coachdesk.store import open_store
from tests.cli.test_commands import ROOT, coachdesk, headless_env
from tests.fakes import FakeClock
from tests.practice import MARKED_NAME, MARKER, add_session, files_holding, make_practice


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    make_practice(folder / "coachdesk.sqlite3")
    store = open_store(folder / "coachdesk.sqlite3")
    add_session(store, FakeClock(now_ms=1_900_000_000_000), '=HYPERLINK("x")', "-2+3")
    store.close()
    return folder


def run(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    if stdin is None:
        return coachdesk("--data-dir", str(data), *args, env=headless_env())
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", "--data-dir", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
        env=headless_env(),
    )


def test_a_record_in_a_folder(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "record"
    result = run(data, "export", "--coachee", '=HYPERLINK("x")', "--out", str(out))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names[0] == "record.json" and names[-2:] == ["sessions.csv", "tallies.csv"]
    assert len(names) == 4  # one ended session, one report
    record = json.loads((out / "record.json").read_text())
    assert record["format"] == "coachdesk-archive"
    assert [c["name"] for c in record["coachees"]] == ['=HYPERLINK("x")']
    assert record["coachees"][0]["sessions"][0]["notes"] == {"note": "-2+3", "own": "-2+3"}
    tallies = list(csv.DictReader(io.StringIO((out / "tallies.csv").read_text())))
    assert [t["kind_key"] for t in tallies] == ["advice", "coachee_action", "coachee_action", "hat"]
    uids = {t["tally_uid"] for t in tallies}
    assert uids == {t["uid"] for t in record["coachees"][0]["sessions"][0]["tallies"]}
    assert (out / "record.json").read_bytes().count(b"HYPERLINK") == 1


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(data: Path, tmp_path: Path) -> None:
    store = open_store(data / "coachdesk.sqlite3")
    session = store.coachees()[0]
    sid = store.sessions_of(session.id)[0].id
    store.add_tally(sid, store.tally_kinds()[0].id, 1, 1_900_000_000_001, "@SUM(A1)")
    store.close()
    out = tmp_path / "record"
    assert run(data, "export", "--coachee", '=HYPERLINK("x")', "--out", str(out)).returncode == 0
    details = [
        row["detail"]
        for row in csv.DictReader(io.StringIO((out / "tallies.csv").read_text()))
        if row["detail"]
    ]
    assert details == ["mentor", "'@SUM(A1)"]


def test_a_record_in_a_zip_and_an_existing_folder_refused(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "bram.zip"
    assert run(data, "export", "--coachee", "Bram", "--out", str(out)).returncode == 0
    with zipfile.ZipFile(out) as zipped:
        assert len([n for n in zipped.namelist() if n.endswith(".pdf")]) == 2
    taken = tmp_path / "taken"
    taken.mkdir()
    result = run(data, "export", "--coachee", "Bram", "--out", str(taken))
    assert result.returncode == 1 and "already exists" in result.stderr
    assert list(taken.iterdir()) == []
    unknown = run(data, "export", "--coachee", "Nobody", "--out", str(tmp_path / "n"))
    assert unknown.returncode == 1
    assert "No coachee's name matches Nobody (case and accents are ignored)." in unknown.stderr


@pytest.mark.parametrize("name", ["practice.zip", "practice.json"])
def test_a_practice_moves_and_a_second_import_changes_nothing(
    data: Path, tmp_path: Path, name: str
) -> None:
    archive = tmp_path / name
    result = run(data, "export", "--archive", str(archive))
    assert result.returncode == 0, result.stderr
    assert "Wrote 4 coachees" in result.stderr
    other = tmp_path / "other"
    first = run(other, "import", str(archive))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Added 4 coachees, 7 sessions, 28 tallies, 7 pauses and ")
    second = run(other, "import", str(archive))
    assert second.returncode == 0
    assert "Nothing new" in second.stdout
    again = tmp_path / f"again-{name}"
    assert run(other, "export", "--archive", str(again)).returncode == 0
    # the same practice, apart from when it was exported
    assert strip_time(again) == strip_time(archive)


def strip_time(path: Path) -> dict[str, object]:
    raw = path.read_bytes()
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(path) as zipped:
            raw = zipped.read("archive.json")
    doc: dict[str, object] = json.loads(raw)
    doc.pop("exported_at_ms")
    return doc


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not JSON"),
        (b"<html>hello</html>", "not JSON"),
        (b'{"format": "coachdesk-archive", "version": 1, "exported_at_ms": 1, "tally_k', "cut off"),
        (b"[" * 100_000, "nested too deeply"),
        (
            b'{"format": "coachdesk-archive", "version": "1", "exported_at_ms": 1, '
            b'"tally_kinds": []}',
            "version: expected a whole number",
        ),
    ],
)
def test_a_hostile_file_is_refused_and_writes_nothing(
    data: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    database = data / "coachdesk.sqlite3"
    before = database.read_bytes()
    result = run(data, "import", str(bad))
    assert result.returncode == 1
    assert message in result.stderr and "Nothing was imported." in result.stderr
    assert database.read_bytes() == before


def test_erase_asks_first_and_does_nothing_without_the_name(data: Path) -> None:
    result = run(data, "erase", "--coachee", MARKED_NAME, stdin="yes\n")
    assert result.returncode == 1
    assert "2 sessions, 8 tallies and 5 notes" in result.stdout
    assert result.stdout.endswith("Type the name again to erase: \n")  # the answer's line end
    assert result.stderr == f"The name did not match {MARKED_NAME}: nothing was erased.\n"
    assert files_holding(data, MARKER)


def test_erase_after_the_name_is_typed_again_and_offers_the_backups(data: Path) -> None:
    backups = data / "backups"
    backups.mkdir()
    (backups / "coachdesk-20260101-000000Z.sqlite3").write_bytes(
        (data / "coachdesk.sqlite3").read_bytes()
    )
    result = run(data, "erase", "--coachee", MARKED_NAME, stdin=f"{MARKED_NAME}\ny\n")
    assert result.returncode == 0, result.stderr
    assert f"Erased {MARKED_NAME}." in result.stdout
    assert "1 backup made before now still holds this coachee" in result.stdout
    assert "Deleted 1 backup." in result.stdout
    assert files_holding(data, MARKER) == []


def test_erase_names_the_backups_it_could_not_read_and_leaves_them(data: Path) -> None:
    backups = data / "backups"
    backups.mkdir()
    damaged = backups / "coachdesk-20260102-000000Z.sqlite3"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    result = run(data, "erase", "--coachee", MARKED_NAME, "--yes")
    assert result.returncode == 0, result.stderr
    assert "1 backup could not be read to check it" in result.stdout
    assert f"  {damaged}\n" in result.stdout
    assert damaged.read_bytes() == b"SQLite format 3\x00" + b"\xff" * 200


def test_erase_yes_for_a_retention_routine_keeps_backups_unless_asked(data: Path) -> None:
    backups = data / "backups"
    backups.mkdir()
    (backups / "coachdesk-20260101-000000Z.sqlite3").write_bytes(
        (data / "coachdesk.sqlite3").read_bytes()
    )
    result = run(data, "erase", "--coachee", MARKED_NAME, "--yes")
    assert result.returncode == 0, result.stderr
    assert "They were kept" in result.stdout
    assert files_holding(data, MARKER) == [backups / "coachdesk-20260101-000000Z.sqlite3"]


def test_every_file_coachdesk_leaves_is_private(data: Path, tmp_path: Path) -> None:
    """Database, -wal, -shm, erasure log, exports, reports: 0600; folders 0700."""
    out = tmp_path / "out"
    out.mkdir()
    steps = [
        ("export", "--coachee", "Bram", "--out", str(out / "bram")),
        ("export", "--coachee", "Bram", "--out", str(out / "bram.zip")),
        ("export", "--archive", str(out / "practice.zip")),
        ("export", "--format", "csv", "--out", str(out / "tallies.csv")),
        ("report", "1", "--out", str(out / "report.pdf")),
        ("erase", "--coachee", "Chris", "--yes"),
    ]
    for step in steps:
        result = run(data, *step)
        assert result.returncode == 0, (step, result.stderr)
    other = tmp_path / "other"
    assert run(other, "import", str(out / "practice.zip")).returncode == 0
    for folder in (data, other, out):
        assert folder.stat().st_mode & 0o777 == 0o700 or folder == out
        for path in folder.rglob("*"):
            want = 0o700 if path.is_dir() else 0o600
            assert path.stat().st_mode & 0o777 == want, path
    assert (data / "erasures.jsonl").exists()
    assert (out / "bram" / "record.json").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to try the files as another user")
def test_another_user_can_read_none_of_it(data: Path, tmp_path: Path) -> None:
    """Root ignores modes, so the check runs as ``nobody``: every file is refused."""
    out = tmp_path / "bram.zip"
    assert run(data, "export", "--coachee", "Bram", "--out", str(out)).returncode == 0
    os.chmod(tmp_path, 0o755)  # the way in is open; the files themselves must not be
    targets = [str(p) for p in (*data.rglob("*"), out) if p.is_file()]
    probe = (
        "import os, sys\n"
        "os.setgid(65534); os.setuid(65534)\n"
        "opened = []\n"
        "for p in sys.argv[1:]:\n"
        "    try:\n"
        "        open(p, 'rb').close(); opened.append(p)\n"
        "    except PermissionError:\n"
        "        pass\n"
        "print(len(sys.argv) - 1, opened)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *targets],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == f"{len(targets)} []"


def test_import_and_erase_wait_for_the_app_to_close(data: Path, tmp_path: Path) -> None:
    from PySide6.QtCore import QLockFile

    archive = tmp_path / "practice.zip"
    assert run(data, "export", "--archive", str(archive)).returncode == 0
    running = QLockFile(str(data / "coachdesk.lock"))  # as the running app holds it
    assert running.tryLock(0)
    before = (data / "coachdesk.sqlite3").read_bytes()
    try:
        for step in (("erase", "--coachee", "Bram", "--yes"), ("import", str(archive))):
            result = run(data, *step)
            assert result.returncode == 1
            assert "coachdesk is running with the data folder" in result.stderr
    finally:
        running.unlock()
    assert (data / "coachdesk.sqlite3").read_bytes() == before
    assert run(data, "erase", "--coachee", "Bram", "--yes").returncode == 0
