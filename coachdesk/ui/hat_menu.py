"""The small popup that names the hat: one more key (1-5) or click, then it closes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from coachdesk.domain.i18n import _
from coachdesk.domain.model import Hat


class HatMenu(QMenu):
    """Emits ``chosen(hat_value)``; Escape closes it and records nothing."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Which hat?"), parent)
        self.setObjectName("hatMenu")
        self.setAccessibleName(_("Which hat?"))  # what a screen reader says as it opens
        self.setToolTipsVisible(True)
        header = self.addAction(_("Which hat?"))
        header.setEnabled(False)
        self.hats: list[QAction] = []
        for number, hat in enumerate(Hat, start=1):
            action = QAction(f"&{number}  {_(hat.label)}", self)
            action.setData(hat.value)
            action.triggered.connect(lambda _checked=False, v=hat.value: self.chosen.emit(v))
            self.addAction(action)
            self.hats.append(action)
        # The first hat has the focus as it opens: a screen reader reads it at once, and the
        # arrows start there.
        self.aboutToShow.connect(self._on_about_to_show)

    def _on_about_to_show(self) -> None:
        self.setActiveAction(self.hats[0])
