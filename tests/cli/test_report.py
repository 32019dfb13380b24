"""`coachdesk report`: a session's PDF without a display, read back as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store
from tests.cli.commandline import pdf_text, run
from tests.fakes import FakeClock

NOTE = "Bram chose the second option himself; follow up on the budget."


@pytest.fixture
def session_with_note(tmp_path: Path) -> tuple[Path, int]:
    data = tmp_path / "data"
    store = open_store(data / "coachdesk.sqlite3")
    clock = FakeClock(now_ms=1_795_000_000_000)
    session = LiveSession.start(store, clock, "Bram", 45)
    advice, action, hat = (k.id for k in session.kinds)
    for kind in (advice, action, action, action):
        clock.advance(60_000)
        session.tally(kind)
    session.tally(hat, "mentor")
    clock.advance(60_000)
    session.end()
    store.save_note(session.id, "note", NOTE, clock.now_ms())
    store.close()
    return data, session.id


def report(data: Path, session: int, out: Path, *, lang: str = "en", notes: str = "") -> None:
    """Run ``coachdesk report`` headless, as a script would; it must succeed. ``notes`` is
    an option about notes (``--with-notes`` or ``--no-notes``), or none."""
    leave_out = [notes] if notes else []
    result = run(data, "--lang", lang, "report", str(session), "--out", str(out), *leave_out)
    assert result.returncode == 0, result.stderr


def test_report_holds_the_counts_and_the_note(
    session_with_note: tuple[Path, int], tmp_path: Path
) -> None:
    data, session_id = session_with_note
    out = tmp_path / "report.pdf"
    report(data, session_id, out, notes="--with-notes")
    text = pdf_text(out)
    assert "Session report" in text and "Bram" in text
    assert "Coachee's share: 3 of 4 noted contributions (75%)." in text
    assert "advice given: 1" in text and "coachee action noted: 3" in text
    assert "mentor" in text
    assert NOTE in text


@pytest.mark.parametrize("notes", ["", "--no-notes"])
def test_notes_are_left_out_unless_asked_for(
    session_with_note: tuple[Path, int], tmp_path: Path, notes: str
) -> None:
    data, session_id = session_with_note
    out = tmp_path / "report.pdf"
    report(data, session_id, out, notes=notes)  # as the window: "with notes" off by default
    text = pdf_text(out)
    assert "3 of 4" in text
    assert "follow up" not in text and "Session note" not in text


def test_with_notes_and_no_notes_together_are_refused(
    session_with_note: tuple[Path, int], tmp_path: Path
) -> None:
    data, session_id = session_with_note
    out = tmp_path / "report.pdf"
    result = run(data, "report", str(session_id), "--out", str(out), "--with-notes", "--no-notes")
    assert result.returncode == 2
    assert "--with-notes" in result.stderr
    assert not out.exists()


def test_report_in_dutch(session_with_note: tuple[Path, int], tmp_path: Path) -> None:
    data, session_id = session_with_note
    out = tmp_path / "verslag.pdf"
    report(data, session_id, out, lang="nl")
    assert "Aandeel van de coachee: 3 van 4" in pdf_text(out)


def test_an_unknown_session_is_named_and_no_file_is_left(
    session_with_note: tuple[Path, int], tmp_path: Path
) -> None:
    data, _session_id = session_with_note
    out = tmp_path / "report.pdf"
    result = run(data, "report", "999", "--out", str(out))
    assert result.returncode == 1
    assert "999" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
