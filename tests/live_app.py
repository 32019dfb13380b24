"""The real app, from its entry point, with a live session that tallies on its own: for the tests
and the benchmark that run other programs beside it and then kill it.

A session an earlier run left open (it was killed) is resumed. Once the start-up check has
passed it prints ``ready``; then every ``INTERVAL_MS`` it clicks the
next tally button and prints ``shown KIND COUNT``: the count the button shows after the click
(and a count is shown only once it is in the database). With ``INTERVAL_MS`` 0 it clicks
nothing: the keys are pressed from outside. ``tests.live_app`` prints nothing else on
standard output.

With ``--pad`` it switches to the compact pad once ready, and prints ``pad KIND X Y``: where
the pad's button for each kind is, in the pad.

Usage: python -m tests.live_app DATA_DIR [INTERVAL_MS] [COACHEE] [--pad]
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from coachdesk.cli.main import main as coachdesk_main
from coachdesk.ui.main_window import MainWindow


class Tallier:
    def __init__(self, interval_ms: int, pad: bool = False) -> None:
        self.pad = pad
        self.ready = False
        self.clicks = 0
        self.interval_ms = interval_ms
        self.timer = QTimer()
        self.timer.timeout.connect(self.next)
        self.timer.start(interval_ms or 50)

    @staticmethod
    def window() -> MainWindow | None:
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        return found[0] if found else None

    def next(self) -> None:
        window = self.window()
        if window is None or not window.attached or window.controller is None:
            return
        if window.recovery is not None and window.stack.currentWidget() is window.recovery:
            window.recovery.resume_button.click()  # the session an earlier kill left open
            return
        runner = window.backup_runner
        panel = window.session_panel  # made when the session starts or is resumed
        if panel is None:
            return
        if not self.ready:
            if runner is None or runner.busy or panel.session is None:
                return
            self.ready = True  # the start-up check has run, as in a coach's day
            if self.pad:
                self.show_pad(window)
            print("ready", flush=True)
        if self.interval_ms == 0:
            return  # the keys are pressed from outside
        buttons = [b for b in panel.buttons if b.kind.detail is None]
        button = buttons[self.clicks % len(buttons)]
        self.clicks += 1
        button.click()
        print(f"shown {button.kind.key} {button.count_label.text()}", flush=True)

    @staticmethod
    def show_pad(window: MainWindow) -> None:
        """Switch to the compact pad; say where its tally buttons (and its Mark, as
        ``pad mark X Y``) are in it."""
        window.actions_.pad.trigger()
        pad = window.pads.pad
        assert pad is not None
        QApplication.processEvents()
        for button in [*pad.buttons, pad.mark_button]:
            centre = button.mapTo(pad, button.rect().center())
            name = button.objectName().removeprefix("pad_").replace("padMark", "mark")
            print(f"pad {name} {centre.x()} {centre.y()}", flush=True)


if __name__ == "__main__":
    data = Path(sys.argv[1])
    interval = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    coachee = sys.argv[3] if len(sys.argv) > 3 else "Kept K."
    app = QApplication([sys.argv[0]])
    tallier = Tallier(interval, pad="--pad" in sys.argv[4:])
    sys.exit(coachdesk_main(["--data-dir", str(data), "start", "--coachee", coachee]))
