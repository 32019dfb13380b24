"""The command line run as a coach's script runs it: ``python -m coachdesk`` in a child process
of this checkout, with no display, its output captured. One helper for every test that does so.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]


def headless_env() -> dict[str, str]:
    """This process's environment without a display, and with no Qt platform chosen."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    return env


def offscreen_env() -> dict[str, str]:
    """:func:`headless_env`, with Qt told to draw offscreen: for a command that may open a
    window."""
    return {**headless_env(), "QT_QPA_PLATFORM": "offscreen"}


def coachdesk(
    *args: str | bytes,
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``python -m coachdesk *args``, finished. ``stdin`` is all the child reads (by default
    nothing: a question it asks meets the end of its input, never this test's terminal);
    ``env`` defaults to :func:`headless_env`. The timeout only bounds a hang (a passphrase's
    key derivation on a busy machine takes a while)."""
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=ROOT,
        env=dict(headless_env() if env is None else env),
    )


def run(
    data: Path,
    *args: str | bytes,
    stdin: str = "",
    env: Mapping[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``coachdesk --data-dir data *args``, as :func:`coachdesk` runs it."""
    return coachdesk("--data-dir", str(data), *args, stdin=stdin, env=env, timeout=timeout)


def pdf_text(path: Path) -> str:
    """The words of every page, one space apart (ligatures such as "ﬁ" unfolded)."""
    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def session_uid(data: Path, session_id: int) -> str:
    """The uid a session was given, read straight from the file."""
    with closing(sqlite3.connect(data / "coachdesk.sqlite3")) as conn:
        found = conn.execute(
            "SELECT uid FROM coaching_session WHERE id = ?", (session_id,)
        ).fetchone()
    return str(found[0])
