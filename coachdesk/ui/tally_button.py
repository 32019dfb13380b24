"""A big tally button: its label, its key and its live count."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import TallyKind
from coachdesk.ui.style import ink

#: How long a card shows that its tally was stored, in discreet mode.
ACKNOWLEDGE_MS = 350
#: The smallest card, in its compact form: a small window, or 200% on a 1280x800 screen.
COMPACT_HEIGHT = 96


class TallyButton(QPushButton):
    """Shows what the database holds: :meth:`set_count` is called only after a commit."""

    def __init__(self, kind: TallyKind, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"tally_{kind.key}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to shortcuts, not to one button
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(180, COMPACT_HEIGHT)  # room for the compact form, see set_compact
        self.setStyleSheet(
            # Square corners: a rounded card with a thick left stripe draws notched corners.
            f"QPushButton#{self.objectName()} {{ border: 1px solid palette(mid); "
            f"border-left: 10px solid {ink(kind, self)}; border-radius: 0px; "
            "background: palette(base); }"
            f"QPushButton#{self.objectName()}:pressed {{ background: palette(midlight); }}"
            f'QPushButton#{self.objectName()}[acknowledged="true"] '
            "{ background: palette(midlight); }"
            f"QPushButton#{self.objectName()}:disabled {{ border-left-color: palette(mid); }}"
        )
        self.label = QLabel(kind.shown())
        self.label.setObjectName("tallyLabel")
        self.label.setWordWrap(True)
        self.count_label = QLabel("0")
        self.count_label.setObjectName("tallyCount")
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("tallyWaiting")
        self.waiting_label.setVisible(False)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("tallyDetail")
        self.detail_label.setWordWrap(True)  # "laatste pet: beoordelaar" on a narrow card
        self.key_label = QLabel(_("key {key}").format(key=key))
        self.key_label.setObjectName("tallyKey")
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(18, 12, 12, 12)
        for widget in (
            self.label,
            self.count_label,
            self.waiting_label,
            self.detail_label,
            self.key_label,
        ):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(widget)
        self.setAccessibleName(kind.shown())
        self.setToolTip(_("{label} (key {key})").format(label=kind.shown(), key=key))

    def set_compact(self, compact: bool) -> None:
        """Smaller type and margins, and no key line (the tooltip and the menu name it), for
        a window too low for the full card."""
        for label in (self.label, self.count_label):
            label.setProperty("compact", compact)
            label.style().unpolish(label)
            label.style().polish(label)
        self.key_label.setVisible(not compact)
        if compact:
            self._layout.setContentsMargins(14, 2, 8, 2)
            self._layout.setSpacing(0)
        else:
            self._layout.setContentsMargins(18, 12, 12, 12)
            self._layout.setSpacing(-1)  # the style's

    def set_discreet(self, discreet: bool) -> None:
        """Hide the count (the coachee may see the screen); the label, the key and the hat
        named last stay."""
        self.count_label.setVisible(not discreet)

    def acknowledge(self) -> None:
        """A brief, quiet sign that a tally was stored: the card dims for a moment."""
        self._set_acknowledged(True)
        QTimer.singleShot(ACKNOWLEDGE_MS, self, lambda: self._set_acknowledged(False))

    def _set_acknowledged(self, on: bool) -> None:
        self.setProperty("acknowledged", on)
        self.style().unpolish(self)
        self.style().polish(self)

    @property
    def acknowledged(self) -> bool:
        return bool(self.property("acknowledged"))

    def set_count(self, count: int) -> None:
        self.count_label.setText(str(count))
        self.setAccessibleName(f"{self.kind.shown()}, {count}")  # heard with its count
        self.setAccessibleDescription(str(count))

    def set_waiting(self, waiting: int) -> None:
        """Tallies of this kind made but not on disk yet (a full disk): shown beside the
        count, which stays what the database holds."""
        text = (
            ngettext("+{n} not saved yet", "+{n} not saved yet", waiting).format(n=waiting)
            if waiting
            else ""
        )
        self.waiting_label.setText(text)
        self.waiting_label.setVisible(bool(waiting))
        self.setAccessibleDescription(f"{self.count_label.text()} {text}".strip())

    def set_detail(self, text: str) -> None:
        """A line under the count, such as the hat named last."""
        self.detail_label.setText(text)

    @property
    def count(self) -> int:
        return int(self.count_label.text())
