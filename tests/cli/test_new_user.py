"""The command line as a new user meets it: sessions named by reference, a session left open
by a crash, names matched as search matches them, help, messages, and Dutch throughout."""

from __future__ import annotations

import argparse
import os
import pty
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from coachdesk.cli.main import build_parser, language_asked, parse_arguments, pdf_name
from coachdesk.domain.demo import DemoSize
from coachdesk.store import open_store
from tests.cli.commandline import ROOT, coachdesk, headless_env, pdf_text, run, session_uid
from tests.fakes import FakeClock
from tests.practice import add_session


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Özdemir: one ended session (1); Ozzy Madeup: one left open by a crash (2); and two
    more whose names share a word."""
    folder = tmp_path / "data"
    store = open_store(folder / "coachdesk.sqlite3")
    clock = FakeClock(now_ms=1_800_000_000_000)
    add_session(store, clock, "Özdemir")
    add_session(store, clock, "Bas Madeup")
    add_session(store, clock, "Sem Madeup")
    add_session(store, clock, "Ozzy", end=False)  # the app was killed mid-session
    store.close()
    return folder


def sessions_of(data: Path) -> list[str]:
    with closing(sqlite3.connect(data / "coachdesk.sqlite3")) as conn:
        rows = conn.execute(
            "SELECT c.name FROM coaching_session s JOIN coachee c ON c.id = s.coachee_id "
            "ORDER BY s.id"
        ).fetchall()
    return [name for (name,) in rows]


# -- sessions -----------------------------------------------------------------------------


def test_a_report_of_a_session_left_open_says_why_in_one_line(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "open.pdf"
    result = run(data, "report", "4", "--out", str(out))
    ref = session_uid(data, 4)[:8]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"coachdesk: Session {ref} (Ozzy) has not ended")
    assert "coachdesk start" in result.stderr
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_report_by_reference_shows_the_reference(data: Path, tmp_path: Path) -> None:
    ref = session_uid(data, 1)[:8]
    out = tmp_path / "by-ref.pdf"
    result = run(data, "report", ref.upper(), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Wrote the PDF report of session {ref} to {out}.\n"
    text = pdf_text(out)
    assert f"Session reference: {ref}" in text and "Özdemir" in text


def test_a_report_to_a_name_without_pdf_gets_pdf(data: Path, tmp_path: Path) -> None:
    result = run(data, "report", "1", "--out", str(tmp_path / "x.txt"))
    assert result.returncode == 0, result.stderr
    assert f"to {tmp_path / 'x.txt.pdf'}." in result.stderr
    assert (tmp_path / "x.txt.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "x.txt").exists()
    assert pdf_name("a.PDF") == "a.PDF" and pdf_name("report") == "report.pdf"


def test_json_export_carries_the_reference(data: Path) -> None:
    import json

    result = run(data, "export", "--format", "json")
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)["events"]
    assert {e["session_ref"] for e in events if e["coachee"] == "Ozzy"} == {
        session_uid(data, 4)[:8]
    }


# -- erasing, and names as search finds them -----------------------------------------------


def test_erase_takes_a_session_left_open_after_the_typed_name(data: Path) -> None:
    result = run(data, "erase", "--coachee", "ozzy", stdin="OZZY\nn\n")
    assert result.returncode == 0, result.stderr
    assert "was left open (as after a crash); it is erased with the rest." in result.stdout
    assert "Erased Ozzy." in result.stdout
    assert "Ozzy" not in sessions_of(data)
    with closing(sqlite3.connect(data / "coachdesk.sqlite3")) as conn:
        assert conn.execute("SELECT name FROM coachee WHERE name = 'Ozzy'").fetchall() == []


def test_a_mistyped_name_at_the_prompt_erases_nothing_and_says_so_on_its_own_line(
    data: Path,
) -> None:
    before = sessions_of(data)
    result = run(data, "erase", "--coachee", "Özdemir", stdin="Ozdemi\n")
    assert result.returncode == 1
    assert result.stdout.endswith("Type the name again to erase: \n")
    assert result.stderr == "The name did not match Özdemir: nothing was erased.\n"
    assert sessions_of(data) == before


def test_erase_finds_a_name_without_its_accent_and_case(data: Path) -> None:
    result = run(data, "erase", "--coachee", "OZDEMIR", "--yes")
    assert result.returncode == 0, result.stderr
    assert "Erased Özdemir." in result.stdout
    assert "Özdemir" not in sessions_of(data)


def test_several_matches_in_a_script_name_nobody(data: Path) -> None:
    before = sessions_of(data)
    result = run(data, "erase", "--coachee", "madeup", "--yes")
    assert result.returncode == 1
    assert result.stderr == "coachdesk: 2 coachees' names match madeup: give more of the name.\n"
    assert sessions_of(data) == before


ERASE_MADEUP = ("erase", "--coachee", "madeup")


def test_several_matches_at_a_terminal_are_listed(data: Path) -> None:
    """Typed at a terminal, the names that match are listed (the coach asked for them)."""
    leader, follower = pty.openpty()
    try:
        child = subprocess.run(
            [sys.executable, "-m", "coachdesk", "--data-dir", str(data), *ERASE_MADEUP],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=60,
            check=False,
            cwd=ROOT,
            env=headless_env(),
        )
        os.close(follower)
        said = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal's other end is closed: all has been read
                break
            if not chunk:
                break
            said += chunk
    finally:
        os.close(leader)
    assert child.returncode == 1
    lines = said.decode().replace("\r\n", "\n").splitlines()
    assert lines == [
        "coachdesk: 2 coachees' names match madeup: give more of the name.",
        "  Bas Madeup",
        "  Sem Madeup",
    ]
    assert sessions_of(data).count("Bas Madeup") == 1


# -- help ---------------------------------------------------------------------------------


def parsers() -> dict[str, argparse.ArgumentParser]:
    top = build_parser()
    (commands,) = (a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return {"coachdesk": top, **commands.choices}


@pytest.mark.parametrize("name", list(parsers()))
def test_every_option_and_argument_has_help(name: str) -> None:
    parser = parsers()[name]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            assert all(choice.help for choice in action._choices_actions)
            continue
        assert action.help, f"{name} {action.option_strings or action.dest}"
        if action.default not in (None, False, argparse.SUPPRESS) and action.dest != "help":
            assert f"(default: {action.default})" in action.help


def test_the_demo_help_names_the_demo_defaults() -> None:
    size = DemoSize()
    helps = {a.dest: a.help or "" for a in parsers()["demo"]._actions}
    assert f"(default: {size.coachees})" in helps["coachees"]
    assert f"(default: {size.sessions})" in helps["sessions"]
    assert f"(default: {size.tallies_per_session})" in helps["tallies_per_session"]


def test_the_top_level_help_says_which_commands_open_the_window(tmp_path: Path) -> None:
    result = run(tmp_path / "d", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "Without a command, and with start, coachdesk opens its window." in text
    assert "The other commands never open it and need no display." in text
    assert "(--data-dir, --lang) go before the command" in text
    assert not (tmp_path / "d").exists()


def test_an_option_after_the_command_counts(data: Path, tmp_path: Path) -> None:
    result = coachdesk("export", "--data-dir", str(data), "--lang", "nl")
    assert result.returncode == 0, result.stderr
    assert "Bas Madeup" in result.stdout and "advies gegeven" in result.stdout
    before_wins = run(tmp_path / "elsewhere", "export", "--data-dir", str(data))
    assert before_wins.returncode == 0, before_wins.stderr  # the one after the command counts
    assert not (tmp_path / "elsewhere").exists()


def test_no_arguments_read_as_the_parser_reads_them() -> None:
    """Without arguments (the window, from a desktop menu) no parser is built: what is read
    is what the parser gives."""
    assert parse_arguments([]) == build_parser().parse_args([])


def test_language_is_read_before_the_parser() -> None:
    assert language_asked(["report", "--lang", "nl"]) == "nl"
    assert language_asked(["--lang=nl", "export"]) == "nl"
    assert language_asked(["export", "--", "--lang", "nl"]) is None
    assert language_asked(["--lang"]) is None


# -- messages, in English and in Dutch -----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--lang", "nl", "report"], "coachdesk report: fout: deze argumenten zijn verplicht"),
        (["export", "--format", "xml", "--lang=nl"], "ongeldige keuze: 'xml' (kies uit"),
        (["--lang", "nl", "export", "--bogus"], "onbekende argumenten: --bogus"),
        (["--lang", "nl", "start", "--coachee", "A", "--planned-minutes", "0"], "1 tot 1440"),
        (["--lang", "nl", "demo", "--seed", "x"], "ongeldige int-waarde: 'x'"),
    ],
)
def test_argument_errors_are_dutch_with_lang_nl(
    tmp_path: Path, args: list[str], words: str
) -> None:
    result = run(tmp_path / "d", *args)
    assert result.returncode == 2
    assert words in result.stderr
    assert result.stderr.startswith("gebruik: coachdesk")
    assert not (tmp_path / "d").exists()


def test_argument_errors_follow_a_dutch_system_locale(tmp_path: Path) -> None:
    env = {**headless_env(), "LANG": "nl_NL.UTF-8"}
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    result = run(tmp_path / "d", "report", env=env)
    assert result.returncode == 2
    assert "fout: deze argumenten zijn verplicht: SESSION, --out" in result.stderr


def test_dutch_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        parse_arguments(["--lang", "nl", "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert text.startswith("gebruik: coachdesk")
    assert "Zonder opdracht, en met start, opent coachdesk zijn venster." in text
    assert "opdrachten: COMMAND start het venster openen" in text
    assert "-h, --help deze hulp tonen en stoppen" in text
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]  # put back after


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--out", "{out}"],
        ["export", "--archive", "{out}"],
        ["export", "--coachee", "Özdemir", "--out", "{out}"],
        ["report", "1", "--out", "{out}"],
        ["backup", "--out", "{out}"],
    ],
    ids=["csv", "archive", "record", "report", "backup"],
)
def test_a_missing_out_folder_is_named_the_same_way_everywhere(
    data: Path, tmp_path: Path, command: list[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    args = [part.format(out=missing / "out.pdf") for part in command]
    result = run(data, *args)
    assert result.returncode == 1
    assert result.stderr == (
        f"coachdesk: The folder {missing} does not exist: create it first, or write "
        "somewhere else.\n"
    )
    assert not missing.exists()


def test_restore_says_how_many_erased_coachees_it_erased_again(data: Path, tmp_path: Path) -> None:
    kept = tmp_path / "kept.sqlite3"
    assert run(data, "backup", "--out", str(kept)).returncode == 0
    assert run(data, "erase", "--coachee", "Bas Madeup", "--yes").returncode == 0
    result = run(data, "restore", str(kept))
    assert result.returncode == 0, result.stderr
    assert "1 coachee erased after this backup was made was erased from it again." in (
        result.stderr
    )
    assert "Bas Madeup" not in sessions_of(data)


def test_a_refused_backup_has_no_double_full_stop(data: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    result = run(data, "restore", str(other))
    assert result.returncode == 1
    assert "is not a verified coachdesk backup" in result.stderr
    assert ".." not in result.stderr
    assert "left it untouched. Nothing was changed." in result.stderr
