"""The actions the coachee agreed last time, in the coach's session window: one line each,
quiet, with Done / Partly / Not to mark how it came back. Never on the pad (the coachee's
view): the coach asks, the coachee tells.

A mark is stored before it shows; one that cannot be stored is taken back off the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.agreed_actions import OUTCOME_WORDS, AgreedAction, Outcome
from coachdesk.domain.i18n import _
from coachdesk.ui.elide import ElidedLabel

#: Stores a mark; False when it was not stored (the controller said why).
Mark = Callable[[AgreedAction, Outcome], bool]


class FollowUpBar(QFrame):
    """Shows :meth:`show_actions`' actions; a click on an outcome calls ``mark``."""

    def __init__(self, mark: Mark, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUpBar")
        self._mark = mark
        self.title = QLabel(_("Agreed last time"))
        self.title.setObjectName("hint")
        self.agreed: list[AgreedAction] = []
        self.labels: list[ElidedLabel] = []
        #: Per action, its outcome buttons in the order of OUTCOME_WORDS.
        self.buttons: list[dict[Outcome, QPushButton]] = []
        self._groups: list[QButtonGroup] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(self._grid)
        self.setVisible(False)

    def show_actions(self, actions: list[AgreedAction]) -> None:
        """One line per action, each showing its stored outcome; hidden when there are none."""
        for widget in [*self.labels, *(b for row in self.buttons for b in row.values())]:
            self._grid.removeWidget(widget)
            widget.deleteLater()
        for group in self._groups:
            group.deleteLater()
        self.agreed, self.labels, self.buttons, self._groups = list(actions), [], [], []
        for row, action in enumerate(actions):
            label = ElidedLabel()
            label.set_full_text(action.text)
            self._grid.addWidget(label, row, 0)
            self.labels.append(label)
            group = QButtonGroup(self)
            buttons: dict[Outcome, QPushButton] = {}
            for column, (outcome, word) in enumerate(OUTCOME_WORDS.items(), 1):
                button = QPushButton(_(word))
                button.setObjectName(f"followUp_{outcome.value}")
                button.setCheckable(True)
                button.setChecked(action.outcome is outcome)
                button.setProperty("word", _(word))
                _ticked(button, button.isChecked())
                # A click leaves the keyboard where it was (the next key tallies); Tab
                # still reaches the button.
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                button.setAccessibleName(
                    _("{outcome}: {action}").format(outcome=_(word), action=action.text)
                )
                group.addButton(button)
                self._grid.addWidget(button, row, column)
                buttons[outcome] = button
            group.setExclusive(True)
            group.buttonToggled.connect(_ticked)
            group.buttonClicked.connect(
                lambda button, index=row: self._on_group_button_clicked(index, button)
            )
            self.buttons.append(buttons)
            self._groups.append(group)
        self.setVisible(bool(actions))

    def outcome_shown(self, index: int) -> Outcome | None:
        """The outcome the ``index``-th action shows as marked."""
        return next((o for o, b in self.buttons[index].items() if b.isChecked()), None)

    def _on_group_button_clicked(self, index: int, button: QAbstractButton) -> None:
        action = self.agreed[index]
        outcome = next(o for o, b in self.buttons[index].items() if b is button)
        if self._mark(action, outcome):
            self.agreed[index] = AgreedAction(
                action.id, action.session_id, action.position, action.text, outcome
            )
            return
        self._show(index, action.outcome)  # not stored: not shown either

    def _show(self, index: int, outcome: Outcome | None) -> None:
        group = self._groups[index]
        group.setExclusive(False)
        for each, button in self.buttons[index].items():
            button.setChecked(each is outcome)
        group.setExclusive(True)


def _ticked(button: QAbstractButton, checked: bool) -> None:
    """The outcome marked carries a tick, not only a shade: it reads without colour."""
    word = str(button.property("word"))
    button.setText(f"✓ {word}" if checked else word)
