"""The PDF report's pages: a table row or a line of text is never cut across a page break.

Qt's PDF writer keeps the text of whatever it draws, clipped or not: a line cut by a page
break would stand in the text of both pages. So each row and each line must be found whole on
exactly one page, read back with pypdf.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from coachdesk.domain.model import Hat, SessionId
from coachdesk.domain.recorder import LiveSession
from coachdesk.domain.review import NOTE, REFLECTION_PROMPTS
from coachdesk.domain.session_report import read_report
from coachdesk.store import SqlStore, open_store
from coachdesk.ui.report import write_pdf
from tests.fakes import FakeClock

pytestmark = pytest.mark.usefixtures("english_numbers")


def page_texts(path: Path) -> list[str]:
    """Each page's words, one space apart (ligatures such as "ﬁ" unfolded)."""
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
        for page in PdfReader(path).pages
    ]


def a_session_with_every_hat(store: SqlStore, clock: FakeClock, lines: int) -> SessionId:
    session = LiveSession.start(store, clock, "Anna", 60)
    advice, action, hat = (k.id for k in session.kinds)
    for n, worn in enumerate(Hat):
        for _ in range(n + 1):
            clock.advance(40_000)
            session.tally(advice if n % 2 else action)
        session.tally(hat, worn.value)
    clock.advance(60_000)
    session.end()
    # A note long enough to run over pages: each line names itself, so a line cut by a page
    # break is found on both pages.
    note = "\n".join(f"Line {n:03d} of the note, whole on its page." for n in range(1, lines))
    store.save_note(session.id, NOTE, note, clock.now_ms())
    for field in REFLECTION_PROMPTS:
        store.save_note(session.id, field, f"Reflection {field} in a few words.", clock.now_ms())
    return session.id


@pytest.mark.parametrize("lines", [40, 61, 97, 150])
def test_no_row_or_line_is_cut_across_pages(qtbot: QtBot, tmp_path: Path, lines: int) -> None:
    store = open_store(tmp_path / "data" / "coachdesk.sqlite3")
    clock = FakeClock(now_ms=1_795_000_000_000)
    session = a_session_with_every_hat(store, clock, lines)
    pdf = tmp_path / "report.pdf"

    write_pdf(read_report(store, session, with_notes=True), pdf)
    store.close()

    pages = page_texts(pdf)
    assert len(pages) >= 2
    hat_pages = []
    for worn in Hat:
        row = [p for p, text in enumerate(pages) if f"{worn.label} 1\u00d7" in text]
        assert len(row) == 1, (worn, row)  # the row is whole, on one page
        hat_pages.append(row[0])
    assert len(set(hat_pages)) == 1  # the hats table is not broken up either
    for n in range(1, lines):
        line = f"Line {n:03d} of the note, whole on its page."
        found = [p for p, text in enumerate(pages) if line in text]
        assert len(found) == 1, (line, found)
        assert sum(text.count(f"Line {n:03d}") for text in pages) == 1, line
