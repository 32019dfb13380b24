"""``scripts/start`` says what a first run does, and the README says what ``coachdesk`` means.

The script runs on a copy of itself with a stand-in Python that only records what it is asked
to do, so the test takes no minutes of real installing.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from coachdesk.domain.export import COLUMNS, SPREADSHEET_COLUMNS

ROOT = Path(__file__).resolve().parents[2]

#: A Python that passes the version check and "creates" a venv whose python and coachdesk
#: are stand-ins too.
FAKE_PYTHON = """#!/bin/sh
echo "python $*" >> "$CALLS"
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
    mkdir -p "$3/bin"
    printf '#!/bin/sh\\necho "venv-python $*" >> "$CALLS"\\n' > "$3/bin/python"
    printf '#!/bin/sh\\necho "coachdesk $*" >> "$CALLS"\\n' > "$3/bin/coachdesk"
    chmod +x "$3/bin/python" "$3/bin/coachdesk"
fi
exit 0
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    if shutil.which("bash") is None:
        pytest.skip("scripts/start needs bash")
    copy = tmp_path / "coachdesk"
    (copy / "scripts").mkdir(parents=True)
    for name in ("scripts/start", "scripts/venv.sh", "pyproject.toml"):
        shutil.copy2(ROOT / name, copy / name)
    fake = tmp_path / "python3.11"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    return copy


def start(checkout: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHON": str(checkout.parent / "python3.11"),
        "CALLS": str(checkout.parent / "calls.txt"),
    }
    return subprocess.run(
        ["bash", str(checkout / "scripts" / "start"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


def test_a_first_start_says_each_step_and_a_later_one_starts_quietly(checkout: Path) -> None:
    first = start(checkout, "--lang", "nl")
    assert first.returncode == 0, first.stderr
    assert first.stderr.splitlines() == [
        "Creating the Python environment in .venv (first run only)...",
        "Installing coachdesk and what it needs into .venv (a minute or two)...",
        "Starting coachdesk (.venv/bin/coachdesk)...",
    ]
    calls = (checkout.parent / "calls.txt").read_text().splitlines()
    assert calls[-1] == "coachdesk --lang nl"
    assert any(c.startswith("venv-python -m pip install") and "--editable ." in c for c in calls)

    again = start(checkout)
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""  # set up already: straight to coachdesk
    assert (checkout.parent / "calls.txt").read_text().splitlines()[-1].rstrip() == "coachdesk"


def test_the_readme_says_early_what_coachdesk_means() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    note = readme.index("`coachdesk` in this README means `.venv/bin/coachdesk`")
    first_use = readme.index("coachdesk start --coachee")
    assert note < first_use
    assert readme.count("means `.venv/bin/coachdesk`") == 1


def test_the_readme_lists_the_export_columns_in_order() -> None:
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    listed = re.sub(r" \([^)]*\)", "", readme.split("Columns: ", 1)[1]).split(".", 1)[0]
    assert [c.strip().strip("`") for c in listed.split(",")] == list(COLUMNS)
    assert len(COLUMNS) == 9 and COLUMNS[-1] == "session_ref"
    spreadsheet = readme.split("`--format spreadsheet`", 1)[1].split("In both forms", 1)[0]
    assert SPREADSHEET_COLUMNS[: len(COLUMNS)] == COLUMNS
    assert all(f"`{c}`" in spreadsheet for c in SPREADSHEET_COLUMNS[len(COLUMNS) :])
