"""The small popup that names a tally's detail (the hat): one more key (1-9) or click, then it
closes. It offers the choices of the kind whose key was pressed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from coachdesk.domain.i18n import _
from coachdesk.domain.model import DETAIL_HAT, Hat, TallyKind


class HatMenu(QMenu):
    """Emits ``chosen(detail_key)``; Escape closes it and records nothing."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Which hat?"), parent)
        self.setObjectName("hatMenu")
        self.setToolTipsVisible(True)
        self._header = self.addAction("")
        self._header.setEnabled(False)
        #: The choices offered now, in order (keys 1-9).
        self.hats: list[QAction] = []
        #: The kind whose choices are offered (a later version of a scheme may change them:
        #: compared whole, not by its row).
        self._kind: TallyKind | None = None
        self._offer(_("Which hat?"), [(h.value, _(h.label)) for h in Hat])
        # The first choice has the focus as it opens: a screen reader reads it at once, and
        # the arrows start there.
        self.aboutToShow.connect(self._on_about_to_show)

    def set_kind(self, kind: TallyKind) -> None:
        """Offer ``kind``'s choices (the hats, or a scheme's own)."""
        if kind == self._kind:
            return
        self._kind = kind
        if kind.choices:
            choices = [(c.key, kind.choice_shown(c.key)) for c in kind.choices]
        else:
            choices = [(h.value, _(h.label)) for h in Hat]
        question = (
            _("Which hat?")
            if kind.detail == DETAIL_HAT
            else _("Which one? ({kind})").format(kind=kind.shown())
        )
        self._offer(question, choices)

    def _offer(self, question: str, choices: list[tuple[str, str]]) -> None:
        for action in self.hats:
            self.removeAction(action)
            action.deleteLater()
        self.setTitle(question)
        self.setAccessibleName(question)  # what a screen reader says as it opens
        self._header.setText(question)
        self.hats = []
        for number, (key, label) in enumerate(choices, start=1):
            action = QAction(f"&{number}  {label}", self)
            action.setData(key)
            action.triggered.connect(lambda _checked=False, v=key: self.chosen.emit(v))
            self.addAction(action)
            self.hats.append(action)

    def _on_about_to_show(self) -> None:
        if self.hats:
            self.setActiveAction(self.hats[0])
