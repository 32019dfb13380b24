"""The real app with a live session in a child process, and other programs beside it: for the
test and the benchmark that check no tally is lost when another program reads the database.

The other programs are every coachdesk command that may run while the window is open, and a
plain ``sqlite3`` reader that holds a read transaction open for a while, as a database browser
does.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from coachdesk.domain.clock import SystemClock
from coachdesk.domain.recorder import LiveSession
from coachdesk.store import open_store

ROOT = Path(__file__).resolve().parent.parent
COACHEE = "Kept K."
WAIT_S = 30.0


def env(display: str | None = None) -> dict[str, str]:
    """The checkout importable; no display (the app runs offscreen), or the X ``display``."""
    found = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    if display is not None:
        return {**found, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    return {**found, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def ended_session(database: Path) -> int:
    """A session of the coachee with two tallies, ended: for ``report`` to write."""
    store = open_store(database)
    try:
        session = LiveSession.start(store, SystemClock(), COACHEE, 45)
        session.tally(session.kinds[0].id)
        session.tally(session.kinds[1].id)
        session.end()
        return int(session.id)
    finally:
        store.close()


@dataclass
class LiveApp:
    """``tests.live_app`` in a child process, its output read as it comes."""

    data: Path
    #: Between the app's own clicks; 0: it clicks nothing (keys come from outside).
    interval_ms: int = 40
    #: An X display to run on (None: offscreen).
    display: str | None = None
    #: Switch to the compact pad once ready (see tests.live_app).
    pad: bool = False
    #: Where the pad's button for each kind is, in the pad.
    pad_buttons: dict[str, tuple[int, int]] = field(default_factory=dict)
    shown: dict[str, int] = field(default_factory=dict)
    lines: int = 0
    ready: bool = False

    def __post_init__(self) -> None:
        # What the app says, if it stops; closed in kill().
        self._errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.child = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.live_app",
                str(self.data),
                str(self.interval_ms),
                COACHEE,
                *(["--pad"] if self.pad else []),
            ],
            cwd=ROOT,
            env=env(self.display),
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
        )
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.child.stdout is not None
        for line in self.child.stdout:
            word, *rest = line.split()
            with self._lock:
                if word == "ready":
                    self.ready = True
                elif word == "pad" and len(rest) == 3:
                    self.pad_buttons[rest[0]] = (int(rest[1]), int(rest[2]))
                elif word == "shown" and len(rest) == 2 and line.endswith("\n"):
                    self.shown[rest[0]] = max(self.shown.get(rest[0], 0), int(rest[1]))
                    self.lines += 1

    def wait_for(self, more: int) -> None:
        """Until ``more`` further tallies have been shown (the app must be ready first)."""
        start = self.lines
        self._until(lambda: self.ready and self.lines >= start + more)

    def wait_ready(self) -> None:
        self._until(lambda: self.ready)

    def wait_for_rows(self, database: Path, count: int, table: str = "tally") -> None:
        """Until the database holds ``count`` tallies (or more; or rows of ``table``)."""

        def stored_enough() -> bool:
            with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
                query = f"SELECT COUNT(*) FROM {table}"  # table: one of the tests' own names
                return int(conn.execute(query).fetchone()[0]) >= count

        self._until(stored_enough)

    def _until(self, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT_S
        while not done():
            if self.child.poll() is not None:
                raise AssertionError(
                    f"the app ended by itself ({self.child.returncode}): {self._said()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"the app did not get on with its session: {self._said()}")
            time.sleep(0.01)

    def _said(self) -> str:
        self._errors.seek(0)
        return self._errors.read()[-2000:]

    def kill(self) -> dict[str, int]:
        """SIGKILL, as a crash would; what the buttons showed last, per kind."""
        self.child.send_signal(signal.SIGKILL)
        self.child.wait(timeout=30)
        self._reader.join(timeout=30)
        assert self.child.stdout is not None
        self.child.stdout.close()
        self._errors.close()
        with self._lock:
            return dict(self.shown)


def stored(database: Path) -> dict[str, int]:
    """Tallies per kind key in the coachee's open session, read as an outsider would."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        found = conn.execute(
            "SELECT k.key, COUNT(*) FROM tally t JOIN tally_kind k ON k.id = t.kind_id "
            "JOIN coaching_session s ON s.id = t.session_id "
            "WHERE s.ended_at_ms IS NULL GROUP BY k.key"
        ).fetchall()
        return {str(key): int(n) for key, n in found}


def integrity(database: Path) -> str:
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def commands(out: Path, session_id: int, n: int = 0) -> list[list[str]]:
    """Every command that may run beside the window, writing under ``out`` (``n`` keeps the
    names of a later round apart)."""
    return [
        ["backup", "--out", str(out / f"backup-{n}.sqlite3")],
        ["backup"],
        ["export", "--format", "csv", "--out", str(out / f"tallies-{n}.csv")],
        ["export", "--format", "json", "--out", str(out / f"tallies-{n}.json")],
        ["export", "--coachee", COACHEE, "--out", str(out / f"record-{n}")],
        ["export", "--archive", str(out / f"practice-{n}.zip")],
        ["report", str(session_id), "--out", str(out / f"report-{n}.pdf")],
    ]


def run_command(data: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coachdesk", "--data-dir", str(data), *command],
        cwd=ROOT,
        env=env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def hold_a_read(database: Path, seconds: float) -> int:
    """A plain sqlite3 reader in this process holding one read transaction for ``seconds``,
    as a database browser does; it closes as such a program would (the last connection to
    close folds the -wal into the file, if it believes it is the last)."""
    conn = sqlite3.connect(database, isolation_level=None)
    try:
        conn.execute("BEGIN")
        count = int(conn.execute("SELECT COUNT(*) FROM tally").fetchone()[0])
        time.sleep(seconds)
        conn.execute("COMMIT")
        return count
    finally:
        conn.close()
