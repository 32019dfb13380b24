"""For benchmarks/crypt.py: start coachdesk as a coach would, answering the passphrase dialog
(if one shows) the moment it appears. Used for the plain and the encrypted runs alike.

    python -m benchmarks.crypt_child DATA_DIR PASSPHRASE
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from coachdesk.cli.main import main as coachdesk
from coachdesk.ui.passphrase_dialog import PassphraseDialog


def main() -> int:
    data, passphrase = sys.argv[1], sys.argv[2]
    app = QApplication([sys.argv[0]])

    def answer() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, PassphraseDialog) and widget.isVisible():
                widget.passphrase.setText(passphrase)
                widget.open_button.click()

    timer = QTimer()
    timer.timeout.connect(answer)
    timer.start(1)
    return coachdesk(["--data-dir", data])


if __name__ == "__main__":
    sys.exit(main())
