"""The compact pad: a small window for a session on a video call.

It stays on top of the call and never takes the keyboard from it: a tool window without a
frame that does not accept focus, shown without being activated, with buttons that take no
focus. It shows the time, a button per tally kind (the hat asked in the same popup as in the
full window), a mark for this moment (its note is added later: the pad never takes the
keyboard), pause, undo and the way back to the full window. When the full window has a
question waiting (a suspend gap: does that time count?), a quiet "?" beside the time brings
the full window forward to answer it. It is dragged by its
background. Its place is remembered by the app (see ``MainWindow.pad_opened``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QHideEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import _
from coachdesk.domain.model import TallyKind
from coachdesk.domain.recorder import MarkerAdded
from coachdesk.domain.timer import format_active
from coachdesk.ui.actions import key_name
from coachdesk.ui.controller import SessionController
from coachdesk.ui.hat_menu import HatMenu
from coachdesk.ui.style import ink
from coachdesk.ui.tally_button import ACKNOWLEDGE_MS

#: How often the pad's clock is read.
TICK_MS = 1000


def keeps_on_top() -> bool:
    """Whether this desktop lets a window stay on top (Wayland compositors ignore it)."""
    return not QGuiApplication.platformName().startswith("wayland")


class Pad(QFrame):
    """Emits ``full_window_requested`` when the coach goes back to the full window."""

    full_window_requested = Signal()

    def __init__(self, controller: SessionController, discreet: bool) -> None:
        flags = (
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        super().__init__(None, flags)  # no parent: it stays when the full window is minimised
        self.setObjectName("pad")
        self.setFrameShape(QFrame.Shape.Box)  # frameless: its own edge sets it off the call
        self.setLineWidth(1)
        self.setWindowTitle(_("coachdesk pad"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self._controller = controller
        self.discreet = discreet
        self._drag_from: QPoint | None = None
        self.timer_label = QLabel("0:00")
        self.timer_label.setObjectName("padTimer")
        self.scheme_label = QLabel()  # which scheme's buttons these are
        self.scheme_label.setObjectName("padScheme")
        self.scheme_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.buttons: list[QPushButton] = []
        self.hat_menu = HatMenu(self)
        self._hat_kind: TallyKind | None = None
        self.pause_button = self._button(_("Pause"), "padPause")
        self.undo_button = self._button(_("Undo"), "padUndo")
        self.mark_button = self._button(_("Mark"), "padMark")
        self.mark_button.setAccessibleName(_("Mark this moment"))
        self.mark_button.setToolTip(
            _("Mark this moment; add its note in the full window or in the review")
        )
        self.mark_button.setStyleSheet(  # the same brief dimming as a discreet tally
            'QPushButton#padMark[acknowledged="true"] { background: palette(midlight); }'
        )
        self.full_button = self._button(_("Full window"), "padFull")
        self.full_button.setToolTip(_("Back to the full window; the session goes on"))
        self.gap_button = self._button("?", "padGap")
        self.gap_button.setAccessibleName(_("A question waits in the full window"))
        self.gap_button.setToolTip(
            _("The computer may have slept: the full window asks whether that time counts")
        )
        side = self.gap_button.fontMetrics().height() * 2  # small and square-ish: quiet
        self.gap_button.setFixedWidth(side)
        self.gap_button.setVisible(False)
        self._gap_balance = QWidget()  # as wide as the "?", so the time stays centred
        self._gap_balance.setFixedWidth(side)
        self._gap_balance.setVisible(False)
        if not keeps_on_top():
            self.setToolTip(_("This desktop (Wayland) may not keep the pad above other windows."))

        self._grid = QGridLayout()
        self._grid.setSpacing(4)
        row = QHBoxLayout()
        row.addWidget(self.pause_button)
        row.addWidget(self.undo_button)
        row.addStretch(1)
        row.addWidget(self.full_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self._gap_balance)
        top.addStretch(1)
        top.addWidget(self.timer_label)
        top.addStretch(1)
        top.addWidget(self.gap_button)
        layout.addLayout(top)
        layout.addWidget(self.scheme_label)
        layout.addLayout(self._grid)
        layout.addWidget(self.mark_button)  # under the tallies: as quick to reach, no wider
        layout.addLayout(row)
        self._build_buttons()

        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.refresh)  # while shown: see showEvent
        self.pause_button.clicked.connect(controller.toggle_pause)
        self.undo_button.clicked.connect(controller.undo)
        self.mark_button.clicked.connect(controller.mark)
        self.full_button.clicked.connect(self.full_window_requested)
        self.gap_button.clicked.connect(self.full_window_requested)
        self.hat_menu.chosen.connect(self._on_hat_menu_chosen)
        controller.changed.connect(self.refresh)
        controller.changed.connect(self._on_controller_changed)
        self.refresh()

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the call keeps the keyboard
        return button

    def _build_buttons(self) -> None:
        session = self._controller.session
        kinds = self._kinds()
        if session is not None:
            name = session.scheme_name.shown()
            self.scheme_label.setText(name)
            self.scheme_label.setAccessibleName(_("Tally scheme: {name}").format(name=name))
        for index, kind in enumerate(kinds):
            button = self._button("", f"pad_{kind.key}")
            button.setAccessibleName(kind.shown())
            button.setToolTip(
                _("{label} (key {key})").format(label=kind.shown(), key=key_name(kind, index))
            )
            button.setStyleSheet(
                f"QPushButton#pad_{kind.key} {{ border: 1px solid palette(mid); "
                f"border-left: 6px solid {ink(kind, self)}; border-radius: 3px; "
                "background: palette(base); padding: 6px 10px; text-align: left; }"
                f"QPushButton#pad_{kind.key}:pressed {{ background: palette(midlight); }}"
            )
            button.clicked.connect(lambda _checked=False, k=kind: self.press(k))
            self._grid.addWidget(button, index, 0)
            self.buttons.append(button)

    def set_discreet(self, discreet: bool) -> None:
        self.discreet = discreet
        self.refresh()

    def press(self, kind: TallyKind) -> None:
        """A tally, or for a kind with detail choices (the hat) the same popup as in the
        full window."""
        if kind.asks_detail:
            self._hat_kind = kind
            self.hat_menu.set_kind(kind)
            button = self.buttons[self._kinds().index(kind)]
            self.hat_menu.popup(button.mapToGlobal(QPoint(0, button.height())))
        else:
            self._controller.tally(kind.id)

    def _kinds(self) -> list[TallyKind]:
        session = self._controller.session
        return list(session.kinds) if session is not None else []

    def refresh(self, *_change: object) -> None:
        session = self._controller.session
        if session is None:
            return
        self.timer_label.setText(format_active(session.elapsed_ms()))
        for kind, button in zip(self._kinds(), self.buttons, strict=False):
            label = kind.shown()
            if (
                kind.group is not None
                and not kind.asks_detail  # the hat: which one, not whether, is the news
                and session.state_now(kind.group) == kind.id
            ):
                label = _("{label} (now)").format(label=label)
            text = label if self.discreet else f"{label}   {session.count(kind.id)}"
            if button.text() != text:
                button.setText(text)
        self.pause_button.setText(_("Resume") if session.paused else _("Pause"))
        self.gap_button.setVisible(bool(session.open_gaps))
        self._gap_balance.setVisible(bool(session.open_gaps))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self._tick.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._tick.stop()  # a hidden pad's clock is read by no one

    def _on_controller_changed(self, change: object) -> None:
        if isinstance(change, MarkerAdded):  # stored: say so without a number
            self._set_acknowledged(True)
            QTimer.singleShot(ACKNOWLEDGE_MS, self, lambda: self._set_acknowledged(False))

    def _set_acknowledged(self, on: bool) -> None:
        button = self.mark_button
        button.setProperty("acknowledged", on)
        button.style().unpolish(button)
        button.style().polish(button)

    @property
    def mark_acknowledged(self) -> bool:
        return bool(self.mark_button.property("acknowledged"))

    def _on_hat_menu_chosen(self, hat: str) -> None:
        if self._hat_kind is not None:
            self._controller.tally(self._hat_kind.id, hat)

    # -- moved by its background ----------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        handle = self.windowHandle()
        if handle is not None and handle.startSystemMove():
            return  # the window manager moves it
        self._drag_from = event.globalPosition().toPoint() - self.frameGeometry().topLeft()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag_from is not None:
            self.move(event.globalPosition().toPoint() - self._drag_from)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_from = None


class PadSwitch(QObject):
    """Moves a running session between the full window and the pad, at any moment; the
    session goes on unbroken (both show the same controller)."""

    #: The pad, about to be shown: the app puts it where it was last (see window_state).
    opened = Signal(object)
    #: The pad, about to be hidden: the app remembers where it is.
    closing = Signal(object)

    def __init__(
        self, window: QWidget, controller: SessionController, discreet: Callable[[], bool]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._controller = controller
        self._discreet = discreet
        self.pad: Pad | None = None

    def to_pad(self) -> None:
        session = self._controller.session
        if session is None or session.ended:
            return
        if self.pad is None:
            self.pad = Pad(self._controller, self._discreet())
            self.pad.full_window_requested.connect(self.to_window)
        self.pad.set_discreet(self._discreet())
        self.opened.emit(self.pad)
        self.pad.show()
        self._window.showMinimized()

    def to_window(self) -> None:
        self._hide_pad()
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def set_discreet(self, discreet: bool) -> None:
        if self.pad is not None:
            self.pad.set_discreet(discreet)

    def session_ended(self) -> None:
        """The review opens in the full window; the next session gets a pad of its own."""
        if self.pad is not None and self.pad.isVisible():
            self.to_window()
        self.close()

    def close(self) -> None:
        self._hide_pad()
        if self.pad is not None:
            self.pad.deleteLater()
            self.pad = None

    def _hide_pad(self) -> None:
        if self.pad is not None and self.pad.isVisible():
            self.closing.emit(self.pad)
            self.pad.hide()
