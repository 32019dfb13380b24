"""``coachdesk backup`` and ``coachdesk restore`` in child processes, without a display."""

from __future__ import annotations

from pathlib import Path

from tests.cli.commandline import run
from tests.store.support import content, fill


def test_backup_then_restore_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, sessions=2, tallies=4)
    then = content(database)
    out = tmp_path / "kept.sqlite3"

    made = run(data, "backup", "--out", str(out))
    assert made.returncode == 0, made.stderr
    assert f"Backed up to {out} (2 coachees, 2 sessions, 8 tallies), verified." in made.stderr
    assert out.stat().st_mode & 0o777 == 0o600
    into_folder = run(data, "backup")
    assert into_folder.returncode == 0, into_folder.stderr
    assert len(list((data / "backups").glob("coachdesk-*Z.sqlite3"))) == 1

    fill(database, sessions=1, tallies=3, seed=9)  # work done after the backup
    later = content(database)
    restored = run(data, "restore", str(out))

    assert restored.returncode == 0, restored.stderr
    assert content(database) == then
    kept = [p for p in (data / "backups").glob("coachdesk-*Z*.sqlite3") if content(p) == later]
    assert len(kept) == 1 and f"is kept in {kept[0]}" in restored.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, sessions=1, tallies=2)
    before = database.read_bytes()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup\n" * 20)

    result = run(data, "restore", str(notes))

    assert result.returncode == 1
    assert f"{notes} is not a verified coachdesk backup" in result.stderr
    assert "Nothing was changed." in result.stderr
    assert notes.read_text() == "not a backup\n" * 20
    assert database.read_bytes() == before
    assert not (data / "backups").exists()


def test_backup_refuses_a_damaged_database_and_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    database.parent.mkdir()
    database.write_bytes(b"")

    result = run(data, "backup")

    assert result.returncode == 1
    assert "No backup of" in result.stderr and "fails its check" in result.stderr
    assert "is empty" in result.stderr
    assert database.read_bytes() == b""
    assert list((data / "backups").iterdir()) == []
