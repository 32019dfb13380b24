"""The live session: a calm timer, the tally buttons, pause and end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import TallyKind
from coachdesk.domain.recorder import (
    Change,
    GapFound,
    GapSettled,
    LiveSession,
    MarkerAdded,
    MarkerRemoved,
    MarkerRestored,
    State,
    StateChanged,
    TallyAdded,
    TallyRedone,
    TallyUndone,
    TallyWaiting,
)
from coachdesk.domain.timer import format_active, looks_forgotten
from coachdesk.ui.actions import key_name
from coachdesk.ui.announce import announce
from coachdesk.ui.controller import SessionController
from coachdesk.ui.elide import ElidedLabel
from coachdesk.ui.follow_up_bar import FollowUpBar
from coachdesk.ui.hat_menu import HatMenu
from coachdesk.ui.marker_bar import MarkerBar
from coachdesk.ui.tally_button import TallyButton

if TYPE_CHECKING:
    from coachdesk.ui.idle import IdleClock  # ctypes and libXss only when first asked

#: The timer repaints this often; it shows whole seconds, so it never looks late.
TICK_MS = 250
#: Below this height the panel takes its compact form (a smaller timer and cards): a small
#: window, or 200% scaling on a 1280x800 screen (400 logical pixels high).
COMPACT_BELOW = 470
#: The timer's size in the compact form, in points (the stylesheet's QLabel#timer[compact]).
COMPACT_TIMER_PT = 36
#: How often coachdesk looks whether a session may have been forgotten.
FORGOTTEN_CHECK_MS = 30_000


def planned_text(session: LiveSession) -> str:
    if not session.planned_minutes:
        return ""
    duration = format_active(session.planned_minutes * 60_000)
    if session.planned_reached():
        return _("planned {duration}, reached").format(duration=duration)
    return _("planned {duration}").format(duration=duration)


def _minutes(ms: int) -> str:
    minutes = max(1, round(abs(ms) / 60_000))
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


def gap_question(gap: GapFound) -> str:
    """The quiet question about a suspend gap: what happened, and whether it counts."""
    if gap.extra_ms > 0:
        return _(
            "The computer's clock moved on {minutes} that the session timer did not count "
            "(the computer may have been asleep). Count that time as session time?"
        ).format(minutes=_minutes(gap.extra_ms))
    return _(
        "The session timer counted {minutes} that the computer's clock did not see pass. "
        "Count that time as session time?"
    ).format(minutes=_minutes(gap.extra_ms))


def gap_answer(settled: GapSettled) -> str:
    """What the coach's answer did, as a screen reader says it."""
    minutes = _minutes(settled.gap.extra_ms)
    if settled.counted:
        return _("{minutes} counted as session time.").format(minutes=minutes)
    return _("{minutes} left out, as a pause.").format(minutes=minutes)


#: At most this many cards in a row; more go in two rows.
MAX_COLUMNS = 5


def pause_label(paused: bool) -> str:
    """What the pause button and menu item do now."""
    return _("Resume") if paused else _("Pause")


class SessionPanel(QWidget):
    """Shows one live session. All changes go through the controller."""

    finished = Signal()

    def __init__(
        self, controller: SessionController, redo_keys: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self.redo_keys = redo_keys  # named in the note after an undo
        self.coachee_label = ElidedLabel()
        self.coachee_label.setObjectName("coacheeName")
        self.planned_label = QLabel()
        self.planned_label.setObjectName("plannedLabel")
        self.scheme_label = QLabel()
        self.scheme_label.setObjectName("schemeLabel")
        self.timer_label = QLabel("0:00")
        self.timer_label.setObjectName("timer")
        self.timer_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.timer_label.setAccessibleName(_("Active session time"))
        self.state_label = QLabel()
        self.state_label.setObjectName("stateLabel")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The layout's minimum is the compact form's; resizeEvent picks the form that fits.
        compact_font = self.timer_label.font()
        compact_font.setPointSize(COMPACT_TIMER_PT)
        self.timer_label.setMinimumHeight(QFontMetrics(compact_font).height())
        self.compact = False
        self.buttons: list[TallyButton] = []
        #: The cards, in a grid made anew for each session: a grid keeps the rows and columns
        #: it once had, so the cards of a scheme with fewer kinds would stand in too few.
        self._cards = QWidget()
        self.note_label = QLabel()
        self.note_label.setObjectName("undoNote")
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("pauseButton")
        self.end_button = QPushButton(_("End session…"))
        self.end_button.setObjectName("endButton")
        self.confirm_bar = self._make_confirm_bar()
        self.forgotten_bar = self._make_forgotten_bar()
        self.gap_bar = self._make_gap_bar()
        self.marker_bar = MarkerBar()
        self.marker_bar.noted.connect(controller.note_marker)
        self.marker_bar.removed.connect(controller.remove_marker)
        self.follow_up_bar = FollowUpBar(controller.mark_action)
        #: How long nobody has touched the computer: the platform's, once first needed.
        self.idle_clock: IdleClock | None = None
        self._asked_forgotten = False
        #: Tallies, undo, hats, pauses and the planned time are said to a screen reader.
        self.announcing = True
        self._spoken_minute = -1
        #: The counts are hidden; a tally shows only as a brief dimming of its card.
        self.discreet = False
        for button in (self.pause_button, self.end_button):
            button.setAutoDefault(True)  # Return presses the focused button, as Space does
        self.hat_menu = HatMenu(self)
        self._hat_kind: TallyKind | None = None

        header = QHBoxLayout()
        header.addWidget(self.coachee_label, 1)
        header.addWidget(self.scheme_label)
        header.addWidget(self.planned_label)
        controls = QHBoxLayout()
        controls.addWidget(self.pause_button)
        controls.addStretch(1)
        controls.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        self._layout = layout
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addWidget(self.timer_label)
        layout.addWidget(self.state_label)
        layout.addWidget(self._cards, 1)
        layout.addWidget(self.note_label)
        layout.addWidget(self.marker_bar)
        layout.addWidget(self.confirm_bar)
        layout.addWidget(self.forgotten_bar)
        layout.addWidget(self.gap_bar)
        layout.addWidget(self.follow_up_bar)
        layout.addLayout(controls)

        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.refresh_clock)
        self._forgotten_check = QTimer(self)
        self._forgotten_check.setInterval(FORGOTTEN_CHECK_MS)
        self._forgotten_check.timeout.connect(self.check_forgotten)
        self.pause_button.clicked.connect(controller.toggle_pause)
        self.end_button.clicked.connect(self._on_end_button_clicked)
        self.hat_menu.chosen.connect(self._on_hat_menu_chosen)
        controller.changed.connect(self._on_controller_changed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.set_compact(event.size().height() < COMPACT_BELOW)

    def set_compact(self, compact: bool) -> None:
        """The compact form: a smaller timer and cards, narrower margins."""
        if compact == self.compact:
            return
        self.compact = compact
        self.timer_label.setProperty("compact", compact)
        self.timer_label.style().unpolish(self.timer_label)
        self.timer_label.style().polish(self.timer_label)
        self._layout.setContentsMargins(24, 8 if compact else 16, 24, 8 if compact else 16)
        for button in self.buttons:
            button.set_compact(compact)

    def _make_confirm_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("confirmBar")
        question = QLabel(_("End this session now?"))
        self.confirm_end_button = QPushButton(_("End session"))
        self.confirm_end_button.setObjectName("confirmEndButton")
        self.keep_going_button = QPushButton(_("Keep going"))
        self.keep_going_button.setObjectName("keepGoingButton")
        self.confirm_end_button.clicked.connect(self._on_confirm_end_button_clicked)
        self.keep_going_button.clicked.connect(self._on_keep_going_button_clicked)
        for button in (self.confirm_end_button, self.keep_going_button):
            button.setAutoDefault(True)
        self.cancel_end = QShortcut(QKeySequence(Qt.Key.Key_Escape), bar)
        self.cancel_end.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.cancel_end.activated.connect(self._on_keep_going_button_clicked)
        row = QHBoxLayout(bar)
        row.addWidget(question, 1)
        row.addWidget(self.keep_going_button)
        row.addWidget(self.confirm_end_button)
        bar.setVisible(False)
        return bar

    def _make_forgotten_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("confirmBar")
        self.forgotten_text = QLabel()
        self.forgotten_text.setWordWrap(True)
        self.still_going_button = QPushButton(_("Still going"))
        self.still_going_button.setObjectName("stillGoingButton")
        self.end_at_last_button = QPushButton(_("End it at the last tally"))
        self.end_at_last_button.setObjectName("endAtLastTallyButton")
        for button in (self.still_going_button, self.end_at_last_button):
            button.setAutoDefault(True)
        self.still_going_button.clicked.connect(lambda: bar.setVisible(False))
        self.end_at_last_button.clicked.connect(self._on_end_at_last_button_clicked)
        row = QHBoxLayout(bar)
        row.addWidget(self.forgotten_text, 1)
        row.addWidget(self.still_going_button)
        row.addWidget(self.end_at_last_button)
        bar.setVisible(False)
        return bar

    def _make_gap_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("confirmBar")
        self.gap_text = QLabel()
        self.gap_text.setWordWrap(True)
        self.count_gap_button = QPushButton(_("Count it"))
        self.count_gap_button.setObjectName("countGapButton")
        self.leave_out_gap_button = QPushButton(_("Leave it out"))
        self.leave_out_gap_button.setObjectName("leaveOutGapButton")
        for button in (self.count_gap_button, self.leave_out_gap_button):
            button.setAutoDefault(True)
        self.count_gap_button.clicked.connect(lambda: self._answer_gap(counted=True))
        self.leave_out_gap_button.clicked.connect(lambda: self._answer_gap(counted=False))
        row = QHBoxLayout(bar)
        row.addWidget(self.gap_text, 1)
        row.addWidget(self.leave_out_gap_button)
        row.addWidget(self.count_gap_button)
        bar.setVisible(False)
        return bar

    def _show_gap(self) -> None:
        """Ask about the oldest unanswered gap, if any; quietly: the focus stays where it is."""
        session = self.session
        gaps = session.open_gaps if session is not None else ()
        if not gaps:
            self.gap_bar.setVisible(False)
            return
        text = gap_question(gaps[0])
        if self.gap_text.text() != text or not self.gap_bar.isVisible():
            self.gap_text.setText(text)
            self.gap_bar.setVisible(True)
            self._say(text)

    def _answer_gap(self, counted: bool) -> None:
        session = self.session
        if session is not None and session.open_gaps:
            self._controller.settle_gap(session.open_gaps[0], counted)

    def check_forgotten(self) -> None:
        """Ask, once a session, whether it still goes on when it runs well past its planned
        duration and nobody has touched the computer for a while (see looks_forgotten)."""
        session = self.session
        if session is None or self._asked_forgotten or session.state is not State.RUNNING:
            return
        if self.idle_clock is None:
            from coachdesk.ui.idle import platform_idle

            self.idle_clock = platform_idle()
        idle = self.idle_clock.idle_ms()
        if not looks_forgotten(session.elapsed_ms(), session.planned_minutes, idle):
            return
        self._asked_forgotten = True
        assert idle is not None
        self.refresh_clock()
        self.forgotten_text.setText(
            _(
                "This session has run for {time}, and nobody has touched the computer for "
                "{minutes} minutes. Is it still going?"
            ).format(time=format_active(session.elapsed_ms()), minutes=idle // 60_000)
        )
        self.forgotten_bar.setVisible(True)
        self.still_going_button.setFocus()

    def _on_end_at_last_button_clicked(self) -> None:
        self.forgotten_bar.setVisible(False)
        self._controller.end_at_last_tally()

    # -- showing a session ----------------------------------------------------------------

    @property
    def session(self) -> LiveSession | None:
        return self._controller.session

    def show_session(self) -> None:
        """Build the buttons for the controller's session and start the clock."""
        session = self.session
        if session is None:
            return
        self.coachee_label.set_full_text(session.coachee.name)
        self.planned_label.setText(planned_text(session))
        self.scheme_label.setText(session.scheme_name.shown())
        self.scheme_label.setAccessibleName(
            _("Tally scheme: {name}").format(name=session.scheme_name.shown())
        )
        cards = QWidget()
        grid = QGridLayout(cards)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(14)
        cards.setObjectName("tallyCards")
        self._layout.replaceWidget(self._cards, cards)
        self._cards.hide()  # gone from the screen now, and from memory with its cards soon
        self._cards.setParent(None)
        self._cards.deleteLater()
        self._cards = cards
        self.buttons = []
        kinds = session.kinds
        columns = len(kinds) if len(kinds) <= MAX_COLUMNS else -(-len(kinds) // 2)
        for index, kind in enumerate(kinds):
            button = TallyButton(kind, key_name(kind, index))
            button.set_discreet(self.discreet)
            button.set_compact(self.compact)
            self._show_count(button, session)
            button.clicked.connect(lambda _checked=False, k=kind: self.press(k))
            grid.addWidget(button, index // columns, index % columns)
            self.buttons.append(button)
        self.note_label.setText("")
        self.confirm_bar.setVisible(False)
        self.forgotten_bar.setVisible(False)
        self.marker_bar.setVisible(False)
        self.follow_up_bar.show_actions(self._controller.follow_up())
        self._show_gap()
        self._asked_forgotten = False
        self._spoken_minute = -1
        self._show_state(session.state)
        self.refresh_clock()
        self._tick.start()
        self._forgotten_check.start()

    def press(self, kind: TallyKind) -> None:
        """A tally button or its key: record at once, or ask for the hat first."""
        if self.session is None or self.session.state is State.ENDED:
            return
        if kind.asks_detail:
            self._hat_kind = kind
            self.hat_menu.set_kind(kind)
            self.hat_menu.popup(self._hat_menu_place(self.button_for(kind)))
        else:
            self._controller.tally(kind.id)

    def _hat_menu_place(self, button: TallyButton | None) -> QPoint:
        """Over the hat's button, inside the window: never hanging out below it."""
        window = self.window()
        if button is None:
            return window.mapToGlobal(window.rect().center())
        size = self.hat_menu.sizeHint()
        top_left = button.mapTo(window, QPoint(0, 0))
        x = top_left.x() + (button.width() - size.width()) // 2
        x = min(max(x, 0), max(window.width() - size.width(), 0))
        y = top_left.y() + (button.height() - size.height()) // 2
        y = min(max(y, 0), max(window.height() - size.height(), 0))
        return window.mapToGlobal(QPoint(x, y))

    def button_for(self, kind: TallyKind) -> TallyButton | None:
        return next((b for b in self.buttons if b.kind.id == kind.id), None)

    def refresh_clock(self) -> None:
        session = self.session
        if session is None:
            return
        elapsed = session.elapsed_ms()
        text = format_active(elapsed)
        if self.timer_label.text() != text:
            self.timer_label.setText(text)
        minute = elapsed // 60_000
        if minute != self._spoken_minute:  # read by a screen reader; once a minute at most
            self._spoken_minute = minute
            self.timer_label.setAccessibleName(
                ngettext(
                    "Active session time: {n} minute",
                    "Active session time: {n} minutes",
                    minute,
                ).format(n=minute)
            )
        overtime = session.planned_reached()
        if self.timer_label.property("overtime") != overtime:
            self.timer_label.setProperty("overtime", overtime)
            self.timer_label.style().unpolish(self.timer_label)
            self.timer_label.style().polish(self.timer_label)
            self.planned_label.setText(planned_text(session))
            if overtime:
                self._say(planned_text(session))

    # -- slots ----------------------------------------------------------------------------

    def _on_hat_menu_chosen(self, hat: str) -> None:
        if self._hat_kind is not None:
            self._controller.tally(self._hat_kind.id, hat)

    def _on_end_button_clicked(self) -> None:
        self.confirm_bar.setVisible(True)
        self.keep_going_button.setFocus()

    def _on_keep_going_button_clicked(self) -> None:
        self.confirm_bar.setVisible(False)
        self.end_button.setFocus()

    def _on_confirm_end_button_clicked(self) -> None:
        self.confirm_bar.setVisible(False)
        self._controller.end()

    def set_discreet(self, discreet: bool) -> None:
        """Show the time and the hat, not the counts (see :class:`TallyButton`)."""
        self.discreet = discreet
        for button in self.buttons:
            button.set_discreet(discreet)

    def _on_controller_changed(self, change: Change) -> None:
        session = self.session
        if session is None:
            return
        if isinstance(change, TallyAdded | TallyUndone | TallyRedone):
            kind = session.kind(change.tally.kind_id)
            button = self.button_for(kind)
            if button is not None:
                self._show_count(button, session)
                if self.discreet:
                    button.acknowledge()
            for mate in self.buttons:  # the other states of its group are no longer "now"
                if kind.group is not None and mate.kind.group == kind.group and mate != button:
                    self._show_count(mate, session)
            self.note_label.setText(self._describe(change, kind))
            self._say(self._spoken(change, kind, session))
        elif isinstance(change, TallyWaiting):
            button = self.button_for(session.kind(change.kind_id))
            if button is not None:
                self._show_count(button, session)
        elif isinstance(change, MarkerAdded):
            self.marker_bar.ask(change.marker)
            self._say(self.marker_bar.label.text())
        elif isinstance(change, MarkerRemoved):
            at = format_active(change.marker.offset_ms)
            if self.marker_bar.marker is not None and self.marker_bar.marker.id == change.marker.id:
                self.marker_bar.close_field()  # taken back by undo while its field was open
            if change.undone:  # redo brings it back
                self.note_label.setText(
                    _("Undone: mark at {at}. {keys} brings it back.").format(
                        at=at, keys=self.redo_keys
                    )
                )
            self._say(_("Mark at {at} removed.").format(at=at))
        elif isinstance(change, MarkerRestored):
            at = format_active(change.marker.offset_ms)
            self.note_label.setText(_("Brought back: mark at {at}.").format(at=at))
            self._say(self.note_label.text())
        elif isinstance(change, GapFound | GapSettled):
            self._show_gap()
            if isinstance(change, GapSettled):
                self._say(gap_answer(change))
        elif isinstance(change, StateChanged):
            self._show_state(change.state)
            if change.state is not State.ENDED:
                self._say(_("Paused") if change.state is State.PAUSED else _("Resumed"))
            if change.state is State.ENDED:
                self._tick.stop()
                self._forgotten_check.stop()
                self.forgotten_bar.setVisible(False)
                self.gap_bar.setVisible(False)
                self.marker_bar.finish()
                self.finished.emit()
        self.refresh_clock()

    @staticmethod
    def _show_count(button: TallyButton, session: LiveSession) -> None:
        button.set_count(session.count(button.kind.id))
        button.set_waiting(session.waiting(button.kind.id))
        kind = button.kind
        if kind.asks_detail:
            hat = session.latest_detail(kind.id)
            button.set_detail(_("last: {hat}").format(hat=kind.choice_shown(hat)) if hat else "")
        elif kind.group is not None:
            button.set_detail(_("now") if session.state_now(kind.group) == kind.id else "")

    def _say(self, text: str) -> None:
        if self.announcing:
            announce(self, text)

    def _spoken(self, change: Change, kind: TallyKind, session: LiveSession) -> str:
        """What a screen reader says of a tally: its kind (and hat) and the new count."""
        if not isinstance(change, TallyAdded):
            return self.note_label.text()
        what = kind.shown()
        if change.tally.detail:
            what += ": " + kind.choice_shown(change.tally.detail)
        return f"{what}, {session.count(kind.id)}"

    def _describe(self, change: Change, kind: TallyKind) -> str:
        if isinstance(change, TallyAdded):
            return ""
        assert isinstance(change, TallyUndone | TallyRedone)
        what = kind.shown()
        if change.tally.detail:
            what += f" ({kind.choice_shown(change.tally.detail)})"
        at = format_active(change.tally.offset_ms)
        if isinstance(change, TallyUndone):
            return _("Undone: {what} at {at}. {keys} brings it back.").format(
                what=what, at=at, keys=self.redo_keys
            )
        return _("Brought back: {what} at {at}.").format(what=what, at=at)

    def _show_state(self, state: State) -> None:
        paused = state is State.PAUSED
        self.pause_button.setText(pause_label(paused))
        self.pause_button.setToolTip(_("Key P"))
        self.state_label.setText(_("Paused") if paused else "")
        self.timer_label.setEnabled(not paused)
        live = state is not State.ENDED
        for widget in (self.pause_button, self.end_button, *self.buttons):
            widget.setEnabled(live)
