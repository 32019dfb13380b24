"""Data commands as a script runs them: erase whose input runs out (the end of the input is
a "no"), and a coachee's record zip imported elsewhere."""

from __future__ import annotations

from pathlib import Path

from tests.cli.commandline import run
from tests.practice import MARKED_NAME, MARKER, files_holding


def test_input_that_ends_before_the_backups_question_keeps_the_backups(data: Path) -> None:
    assert run(data, "backup").returncode == 0  # a backup from before the erasure
    result = run(data, "erase", "--coachee", MARKED_NAME, stdin=f"{MARKED_NAME}\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"Erased {MARKED_NAME}." in result.stdout
    assert "They were kept" in result.stdout
    kept = files_holding(data, MARKER)
    assert len(kept) == 1 and kept[0].parent == data / "backups"


def test_input_that_ends_before_the_name_erases_nothing(data: Path) -> None:
    result = run(data, "erase", "--coachee", MARKED_NAME, stdin="")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Nothing was erased." in result.stderr
    assert data / "coachdesk.sqlite3" in files_holding(data, MARKER)


def test_a_coachees_record_zip_imports_into_another_data_folder(data: Path, tmp_path: Path) -> None:
    record = tmp_path / "record.zip"
    assert run(data, "export", "--coachee", MARKED_NAME, "--out", str(record)).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    result = run(elsewhere, "import", str(record))
    assert result.returncode == 0, result.stderr
    assert "Added 1 coachee" in result.stdout
    again = run(elsewhere, "import", str(record))
    assert again.returncode == 0 and "Nothing new" in again.stdout
