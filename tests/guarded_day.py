"""A whole working day in the real app, from its entry point, under a Python audit hook that
catches any ``open()`` of the live database's files (the database, its -wal, -shm, -journal)
while SQLite holds the database open in this process. Such an open would drop SQLite's locks
on close (POSIX locks belong to the process), and another program could then delete the -wal
the app still writes into.

The day: the start-up check, a session with tallies and a pause, ended (a backup follows),
its review, a PDF report, the record exported, a backup made by hand in Settings > Backups…,
the history window, the coachee erased, a second session started and tallied. At the end, as a
control, the script opens the live database itself once: the hook must report exactly that.

It prints ``step NAME`` for each step, ``violation PATH`` and a short stack for each open
caught, and ``exit N``.

Usage: python -m tests.guarded_day DATA_DIR OUT_DIR
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

DATABASE_NAME = "coachdesk.sqlite3"
SIDE_FILES = ("-wal", "-shm", "-journal")
TICK_MS = 30
#: How long a step may wait for what it waits for (a backup, a dialog) before the day stops.
MAX_WAIT_MS = 30_000


class OpenGuard:
    """The audit hook: an ``open`` of the live database's files while a descriptor on the
    database is open in this process (SQLite's: Python's own would be caught already)."""

    def __init__(self, database: Path) -> None:
        self.database = os.path.realpath(database)
        self.caught: list[tuple[str, str]] = []

    def __call__(self, event: str, args: tuple[object, ...]) -> None:
        if event != "open" or not isinstance(args[0], (str, bytes, os.PathLike)):
            return
        path = os.fsdecode(args[0])
        name = os.path.basename(path)
        if not name.startswith(DATABASE_NAME):
            return
        for suffix in SIDE_FILES:
            if name.endswith(suffix):
                path = path[: -len(suffix)]
        if os.path.realpath(path) == self.database and self.held_by_sqlite():
            stack = "".join(traceback.format_stack(limit=12)[:-1])
            self.caught.append((os.fsdecode(args[0]), stack))
            print(f"violation {self.caught[-1][0]}\n{stack}", flush=True)

    def held_by_sqlite(self) -> bool:
        for fd in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{fd}") == self.database:
                    return True
            except OSError:
                continue
        return False


def main() -> int:
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    guard = OpenGuard(data / DATABASE_NAME)
    sys.addaudithook(guard)

    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    day = Day(app, data, out)
    status = _run_app(data)
    print(f"steps left {len(day.steps)}", flush=True)
    print(f"exit {status}", flush=True)
    return status


def _run_app(data: Path) -> int:
    from coachdesk.cli.main import main as coachdesk_main

    return coachdesk_main(["--data-dir", str(data), "start", "--coachee", "K-17"])


class Day:
    """Steps on a timer; a step that returns False is tried again on the next tick."""

    def __init__(self, app: object, data: Path, out: Path) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QFileDialog

        self.app = app
        self.data = data
        self.answers = [out / "report.pdf", out / "record.zip"]
        self.steps: list[Callable[[], bool | None]] = [
            self.checked,
            self.tally,
            self.tally,
            self.pause,
            self.pause,
            self.tally,
            self.end,
            self.confirm_end,
            self.backed_up,
            self.save_report,
            self.export_record,
            self.back_up_by_hand,
            self.backed_up,
            self.history,
            self.history_practice,
            self.erase,
            self.confirm_erase,
            self.keep_backups,
            self.start_again,
            self.tally,
            self.tally,
            self.control,
            self.quit,
        ]
        self.backups_before = 0
        self.backups_made = 0
        self.ticks_waiting = 0
        # The platform's save dialog is the one boundary: it answers with the next path.
        QFileDialog.getSaveFileName = self.answer  # type: ignore[method-assign,assignment]
        self.timer = QTimer()
        self.timer.timeout.connect(self.next)
        self.timer.start(TICK_MS)

    def answer(self, *_args: object) -> tuple[str, str]:
        return str(self.answers.pop(0)), ""

    @property
    def window(self):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        from coachdesk.ui.main_window import MainWindow

        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        return found[0] if found and found[0].attached else None

    def next(self) -> None:
        if self.window is None or not self.steps:
            return
        step = self.steps[0]
        if step() is False:
            self.ticks_waiting += 1
            if self.ticks_waiting * TICK_MS > MAX_WAIT_MS:
                print(f"stuck at {step.__name__}", flush=True)
                self.steps = [self.quit]
            return
        self.ticks_waiting = 0
        self.steps.pop(0)
        print(f"step {step.__name__}", flush=True)

    def _made(self, _info: object) -> None:
        self.backups_made += 1

    def checked(self) -> bool:
        runner = self.window.backup_runner
        if runner is None or runner.busy or self.window.controller is None:
            return False
        runner.made.connect(self._made)  # the rotation may let earlier ones go: count these
        return True

    def tally(self) -> None:
        self.window.session_panel.buttons[len(self.steps) % 2].click()

    def pause(self) -> None:
        self.window.actions_.pause.trigger()

    def end(self) -> None:
        self.backups_before = self.backups_made
        self.window.session_panel.end_button.click()

    def confirm_end(self) -> None:
        self.window.session_panel.confirm_end_button.click()

    def backed_up(self) -> bool:
        runner = self.window.backup_runner
        return self.backups_made > self.backups_before and not runner.busy

    def save_report(self) -> None:
        self.window.review_page.pdf_button.click()

    def export_record(self) -> None:
        self.window.export_record(self.window.review.record.coachee)

    def back_up_by_hand(self) -> None:
        self.backups_before = self.backups_made
        self.window.actions_.backups.trigger()
        self.window.backups_dialog.back_up_button.click()

    def history(self) -> None:
        self.window.backups_dialog.close()
        self.window.actions_.history.trigger()

    def history_practice(self) -> None:
        from PySide6.QtWidgets import QApplication

        from coachdesk.ui.history.window import HistoryWindow

        (history,) = [w for w in QApplication.topLevelWidgets() if isinstance(w, HistoryWindow)]
        history.tabs.setCurrentWidget(history.practice)  # reads the practice per month
        history.close()

    def erase(self) -> None:
        self.window.erase(self.window.review.record.coachee)

    def confirm_erase(self) -> bool:
        dialog = self.window.rights.dialog
        if dialog is None or not dialog.isVisible():
            return False
        dialog.confirm_edit.setText("K-17")
        dialog.erase_button.click()
        return True

    def keep_backups(self) -> bool:
        from coachdesk.ui.coachee_data import PurgeBackupsDialog

        dialog = self.window.rights.dialog
        if not isinstance(dialog, PurgeBackupsDialog):
            return False
        dialog.reject()  # the backups that hold the coachee are kept
        return True

    def start_again(self) -> None:
        self.window.start_from_command_line("K-18", None)

    def control(self) -> None:
        # The one open the guard must catch: proof that it sees what it is there for.
        with open(self.data / DATABASE_NAME, "rb") as f:
            f.read(16)

    def quit(self) -> None:
        from tests.quitting import close_window

        self.timer.stop()
        close_window(self.window)


if __name__ == "__main__":
    sys.exit(main())
