"""The coach's own target for the coachee's share: a personal line on the balance chart.

coachdesk has no built-in "good" share; a coach who wants one sets it here, and may take
it away again.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import _

#: The value offered when the coach first turns the line on.
DEFAULT_PERCENT = 50


class TargetShareDialog(QDialog):
    """Accepted with :attr:`target` set: a share from 0 to 1, or None for no line."""

    def __init__(self, current: float | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Target share"))
        self.setObjectName("targetShareDialog")
        self.target = current
        explain = QLabel(
            _(
                "coachdesk sets no standard for a good balance. If you keep a target of your "
                "own for the coachee's share of the noted contributions, it is drawn as a "
                "dashed line on the balance."
            )
        )
        explain.setWordWrap(True)
        self.enabled = QCheckBox(_("Draw my target share"))
        self.enabled.setObjectName("targetEnabled")
        self.enabled.setChecked(current is not None)
        self.percent = QSpinBox()
        self.percent.setObjectName("targetPercent")
        self.percent.setRange(0, 100)
        self.percent.setSuffix(" %")
        self.percent.setValue(DEFAULT_PERCENT if current is None else round(current * 100))
        self.percent.setEnabled(current is not None)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.enabled)
        layout.addWidget(self.percent)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())

        self.enabled.toggled.connect(self.percent.setEnabled)
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)

    def _on_buttons_accepted(self) -> None:
        self.target = self.percent.value() / 100 if self.enabled.isChecked() else None
        self.accept()
