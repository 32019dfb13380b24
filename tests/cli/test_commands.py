"""The command line in child processes, as a launcher or a script would run it."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store
from tests.cli.commandline import ROOT, headless_env, run, session_uid
from tests.fakes import FakeClock


@pytest.fixture
def data_with_tallies(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store = open_store(data / "coachdesk.sqlite3")
    clock = FakeClock(now_ms=1_795_000_000_000)
    session = LiveSession.start(store, clock, "=cmd|' /C calc'!A0", 60)
    clock.advance(1_500)
    session.tally(session.kinds[0].id)
    clock.advance(2_000)
    session.tally(session.kinds[2].id, "mentor")
    session.end()
    store.close()
    return data


def test_export_csv_to_stdout_needs_no_display(data_with_tallies: Path) -> None:
    result = run(data_with_tallies, "export", "--format", "csv")
    assert result.returncode == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    ref = session_uid(data_with_tallies, 1).replace("-", "")[:8]
    assert table == [
        [
            "coachee",
            "session_id",
            "session_start_utc",
            "kind_key",
            "kind_label",
            "detail",
            "offset_s",
            "timestamp_utc",
            "session_ref",
        ],
        [
            "'=cmd|' /C calc'!A0",
            "1",
            "2026-11-18T11:06:40.000Z",
            "advice",
            "advice given",
            "",
            "1.5",
            "2026-11-18T11:06:41.500Z",
            ref,
        ],
        [
            "'=cmd|' /C calc'!A0",
            "1",
            "2026-11-18T11:06:40.000Z",
            "hat",
            "role hat declared",
            "mentor",
            "3.5",
            "2026-11-18T11:06:43.500Z",
            ref,
        ],
    ]


def test_export_json_to_a_private_file_in_dutch(data_with_tallies: Path, tmp_path: Path) -> None:
    out = tmp_path / "tallies.json"
    result = run(data_with_tallies, "--lang", "nl", "export", "--format", "json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 turfjes geschreven" in result.stderr
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "coachdesk-tallies"
    assert [e["kind_label"] for e in document["events"]] == ["advies gegeven", "pet benoemd"]
    assert document["events"][1]["offset_s"] == 3.5
    assert document["events"][0]["coachee"] == "=cmd|' /C calc'!A0"  # JSON is not a spreadsheet
    assert out.stat().st_mode & 0o777 == 0o600


def test_export_for_a_spreadsheet_to_a_private_file(
    data_with_tallies: Path, tmp_path: Path
) -> None:
    out = tmp_path / "tallies.csv"
    env = headless_env() | {"TZ": "Europe/Amsterdam"}
    result = run(data_with_tallies, "export", "--format", "spreadsheet", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfcoachee;session_id;")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert table[0][-4:] == ["session_start_date", "session_start_time", "date", "time"]
    assert [line[0] for line in table[1:]] == ["'=cmd|' /C calc'!A0"] * 2
    assert [line[6] for line in table[1:]] == ["1,5", "3,5"]
    # 11:06:40 UTC is 12:06:40 in Amsterdam in November
    assert table[2][-4:] == ["2026-11-18", "12:06:40", "2026-11-18", "12:06:43"]
    assert out.stat().st_mode & 0o777 == 0o600


def test_export_as_a_workbook_to_a_private_file(data_with_tallies: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "tallies.xlsx"
    env = headless_env() | {"TZ": "Europe/Amsterdam"}
    result = run(data_with_tallies, "export", "--format", "xlsx", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Wrote 2 tally events to {out}.\n"
    assert out.stat().st_mode & 0o777 == 0o600
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    names = [(c.value, c.data_type) for c in sheet["A"][1:]]
    assert names == [("=cmd|' /C calc'!A0", "s")] * 2  # text, never a formula
    assert [c.value for c in sheet["G"][1:]] == [1.5, 3.5]


def test_a_workbook_needs_a_file_to_go_to(data_with_tallies: Path) -> None:
    result = run(data_with_tallies, "export", "--format", "xlsx")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "--out FILE.xlsx" in result.stderr


def test_export_does_not_import_qt(data_with_tallies: Path) -> None:
    code = (
        "import sys, io\n"
        "from coachdesk.cli.main import main\n"
        "sys.stdout = io.StringIO()\n"
        f"status = main(['--data-dir', {str(data_with_tallies)!r}, 'export'])\n"
        "sys.stdout = sys.__stdout__\n"
        "print(status, any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=headless_env(),
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["0", "False"], result.stderr


def test_export_without_a_database_creates_nothing(tmp_path: Path) -> None:
    result = run(tmp_path / "empty", "export")
    assert result.returncode == 1
    assert "no coachdesk database" in result.stderr
    assert not (tmp_path / "empty" / "coachdesk.sqlite3").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lang", "fr"], "unknown language"),
        (["start"], "--coachee"),
        (["start", "--coachee", "A", "--planned-minutes", "0"], "1 to 1440"),
        (["start", "--coachee", "A", "--planned-minutes", "soon"], "whole number"),
        (["export", "--format", "xml"], "invalid choice"),
    ],
)
def test_bad_arguments_are_refused_clearly(tmp_path: Path, args: list[str], words: str) -> None:
    result = run(tmp_path / "d", *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert not (tmp_path / "d").exists()


def test_a_second_start_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    first = subprocess.Popen(
        [sys.executable, "-m", "coachdesk", "--data-dir", str(data)],
        cwd=ROOT,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not (data / "coachdesk.lock").exists() or not (data / "coachdesk.sqlite3").exists():
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        second = run(data, "start", "--coachee", "Bert", env=env)
        assert second.returncode == 3
        assert f"already running with the data folder {data}" in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=30)
    store = open_store(data / "coachdesk.sqlite3")
    assert store.coachees() == []  # the refused start wrote nothing
    store.close()


def test_export_into_a_pipe_that_closes_early(data_with_tallies: Path) -> None:
    code = (
        "import subprocess, sys\n"
        "export = subprocess.Popen([sys.executable, '-m', 'coachdesk', '--data-dir', "
        f"{str(data_with_tallies)!r}, 'export'], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "export.stdout.readline()\n"
        "export.stdout.close()  # like `coachdesk export | head -1`\n"
        "print(export.wait(), export.stderr.read().decode())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=headless_env(),
        timeout=60,
        check=False,
    )
    status, _, stderr = result.stdout.partition(" ")
    assert status == "0"
    assert "Traceback" not in stderr and "Error" not in stderr


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("missing-folder/out.csv", "missing-folder does not exist: create it first"),
        (".", " already exists"),
    ],
    ids=["no-folder", "a-folder"],
)
def test_export_to_a_path_it_cannot_write_says_so(
    data_with_tallies: Path, tmp_path: Path, where: str, says: str
) -> None:
    result = run(data_with_tallies, "export", "--out", str(tmp_path / where))
    assert result.returncode == 1
    assert result.stderr.startswith("coachdesk: ") and says in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_export_leaves_the_old_file_whole(data_with_tallies: Path, tmp_path: Path) -> None:
    out = tmp_path / "tallies.csv"
    out.write_text("last week's export\n")
    (data_with_tallies / "coachdesk.sqlite3").write_bytes(b"")  # the export cannot even start
    result = run(data_with_tallies, "export", "--out", str(out))
    assert result.returncode == 1
    assert out.read_text() == "last week's export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "tallies.csv"]


def test_a_file_given_as_data_folder_is_named(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("private notes")
    result = run(not_a_folder, "export")
    assert result.returncode == 1
    assert f"The data folder {not_a_folder} is a file, not a folder." in result.stderr
    assert not_a_folder.read_text() == "private notes"


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "csv", "--out", "{file}"],
        ["export", "--archive", "{file}"],
        ["export", "--coachee", "nobody in particular", "--out", "{file}"],
        ["report", "1", "--out", "{file}"],
        ["backup", "--out", "{file}"],
    ],
    ids=["csv", "archive", "record", "report", "backup"],
)
def test_a_file_that_is_there_already_is_never_overwritten(
    data_with_tallies: Path, tmp_path: Path, command: list[str]
) -> None:
    precious = tmp_path / "notes.pdf"  # report would add .pdf to another name
    precious.write_text("the only copy")
    args = [part.format(file=precious) for part in command]
    result = run(data_with_tallies, *args)
    assert result.returncode == 1
    assert f"{precious} already exists" in result.stderr
    assert "does not overwrite" in result.stderr
    assert precious.read_text() == "the only copy"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
