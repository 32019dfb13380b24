"""The desktop app from its real entry point, driven by a script: a session with tallies and a
pause, ended, its review, a PDF report, the record exported, the history window, then quit.
For the no-network test, which runs this under strace or in a namespace without a network.

Usage: python -m tests.scripted_app DATA_DIR OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from coachdesk.cli.main import main as coachdesk_main
from coachdesk.ui.main_window import MainWindow

STEP_MS = 20


class Script:
    def __init__(self, app: QApplication, out: Path) -> None:
        self.app = app
        self.out = out
        self.answers: list[Path] = [out / "report.pdf", out / "record.zip"]
        self.steps = [self.tally, self.tally, self.pause, self.pause, self.tally, self.end]
        self.steps += [self.confirm_end, self.save_report, self.export_record]
        self.steps += [self.history, self.history_practice, self.quit]
        # The platform's save dialog is the one boundary: it answers with the next path.
        QFileDialog.getSaveFileName = self.answer  # type: ignore[method-assign,assignment]
        self.timer = QTimer()
        self.timer.timeout.connect(self.next)
        self.timer.start(STEP_MS)

    def answer(self, *_args: object) -> tuple[str, str]:
        return str(self.answers.pop(0)), ""

    @property
    def window(self) -> MainWindow | None:
        found = [w for w in self.app.topLevelWidgets() if isinstance(w, MainWindow)]
        return found[0] if found and found[0].attached else None

    def next(self) -> None:
        if self.window is None:
            return  # not open yet
        step = self.steps.pop(0)
        print(step.__name__, flush=True)
        step()

    def tally(self) -> None:
        assert self.window is not None and self.window.session_panel is not None
        self.window.session_panel.buttons[len(self.steps) % 2].click()

    def pause(self) -> None:
        assert self.window is not None
        self.window.actions_.pause.trigger()

    def end(self) -> None:
        assert self.window is not None and self.window.session_panel is not None
        self.window.session_panel.end_button.click()

    def confirm_end(self) -> None:
        assert self.window is not None and self.window.session_panel is not None
        self.window.session_panel.confirm_end_button.click()

    def save_report(self) -> None:
        assert self.window is not None and self.window.review_page is not None
        self.window.review_page.pdf_button.click()

    def export_record(self) -> None:
        assert self.window is not None and self.window.review.record is not None
        self.window.export_record(self.window.review.record.coachee)

    def history(self) -> None:
        assert self.window is not None
        self.window.actions_.history.trigger()

    def history_practice(self) -> None:
        from coachdesk.ui.history.window import HistoryWindow

        (history,) = [w for w in self.app.topLevelWidgets() if isinstance(w, HistoryWindow)]
        assert history.isVisible() and history.coachees.proxy.rowCount() == 1
        history.tabs.setCurrentWidget(history.practice)  # reads the practice per month

    def quit(self) -> None:
        assert self.window is not None
        self.timer.stop()
        self.window.close()


if __name__ == "__main__":
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([sys.argv[0]])
    script = Script(app, out)
    status = coachdesk_main(["--data-dir", str(data), "start", "--coachee", "K-17"])
    print(f"exit {status}", flush=True)
    sys.exit(status)
