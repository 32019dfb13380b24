"""The main window: composes the pages and routes actions to the controller.

It is shown before the database is open, with only a short "Opening your data…", so it
paints at once; the pages that show data are built (and their modules imported) when
:meth:`attach` hands it a controller, with the keys that tally and the app's accessibility
aids, and the session page when the first session starts or is resumed. Nothing here touches
Qt's ``Qt`` namespace before :meth:`attach`: loading it is the dearest single step of a start
(about 20 ms), and the first paint does not need it. It holds no session state of its own,
so it can be rebuilt at any time, as it is when the language changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.i18n import LANGUAGES, _, current_language, ngettext
from coachdesk.ui.actions import TALLY_KEYS, Actions, key_name
from coachdesk.ui.window_services import WindowServices

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from coachdesk.domain.model import BackupInfo, Coachee, SessionId
    from coachdesk.domain.ports import CoacheeData
    from coachdesk.domain.recorder import LiveSession
    from coachdesk.ui.backup_runner import BackupRunner
    from coachdesk.ui.backups_dialog import BackupsDialog
    from coachdesk.ui.coachee_data import CoacheeRights
    from coachdesk.ui.coachee_picker import CoacheePicker
    from coachdesk.ui.controller import SessionController
    from coachdesk.ui.event_export import EventExport
    from coachdesk.ui.pad import PadSwitch
    from coachdesk.ui.pages import DamagePanel, MessagePanel, RecoveryPanel
    from coachdesk.ui.past_sessions import PastSessionDialog
    from coachdesk.ui.practice_dialog import PracticeDialog
    from coachdesk.ui.practice_overview import PracticeOverview
    from coachdesk.ui.practice_runner import PracticeRunner
    from coachdesk.ui.review_controller import ReviewController
    from coachdesk.ui.review_outputs import ReviewOutputs
    from coachdesk.ui.review_page import ReviewPage
    from coachdesk.ui.session_keys import SessionKeys
    from coachdesk.ui.session_panel import SessionPanel
    from coachdesk.ui.share_view import ShareView
    from coachdesk.ui.target_share import TargetShareDialog

APP_TITLE = "coachdesk"


class MainWindow(WindowServices, QMainWindow):
    language_chosen = Signal(str)
    #: The coach switched discreet mode on (True) or off.
    discreet_chosen = Signal(bool)
    #: The coach turned the tally keys for other windows on (True) or off.
    global_keys_chosen = Signal(bool)
    #: The coach turned the screen reader's announcements on (True) or off.
    announce_chosen = Signal(bool)
    #: The coach set (float 0..1) or removed (None) their target share.
    target_share_chosen = Signal(object)
    #: The coach asked to turn encryption on or off (Settings > Encryption…).
    encryption_requested = Signal()
    #: The coach asked for the scheme editor (Settings > Tally schemes…).
    schemes_requested = Signal()
    #: A coachee was erased (other windows that show coachees must read again).
    coachee_erased = Signal(object)
    #: A session (its id) was deleted (other windows that show sessions must read again).
    session_erased = Signal(object)
    #: Emitted once the window shows live data: coachee list shown, tally keys live.
    ready = Signal()
    #: The coach changed how many backups to keep: a coachdesk.domain.rotation.Policy.
    backup_policy_chosen = Signal(object)
    #: The coach confirmed restoring a backup (its path).
    restore_requested = Signal(str)
    #: The coach asked for the history window (the app opens it on its store).
    history_requested = Signal()

    # Built by attach(), once there is data to show.
    picker: CoacheePicker
    #: The session between this window and the compact pad (once attached).
    pads: PadSwitch
    recovery: RecoveryPanel
    review: ReviewController
    #: The keys that tally during a session (made with the live pages).
    keys: SessionKeys

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_TITLE)
        self.setObjectName("mainWindow")
        self.controller: SessionController | None = None
        self.actions_ = Actions(self)
        self.loading = QLabel(_("Opening your data…"))
        self.loading.setObjectName("loading")  # centred by the stylesheet
        self.message: MessagePanel | None = None
        self.damage: DamagePanel | None = None
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        #: The live session's page: made when the first session starts (see session_page()).
        self.session_panel: SessionPanel | None = None
        #: attach() has made the live pages (the picker, the keys, the pad's switch).
        self.attached = False
        self.review_page: ReviewPage | None = None
        #: The coachee's view, the PNG and the PDF of the review (with the review page).
        self.outputs: ReviewOutputs | None = None
        self.past_dialog: PastSessionDialog | None = None
        self.target_dialog: TargetShareDialog | None = None
        self.backups_dialog: BackupsDialog | None = None
        self.backup_runner: BackupRunner | None = None
        self.practice_runner: PracticeRunner | None = None
        self.practice_dialog: PracticeDialog | None = None
        self.overview_window: PracticeOverview | None = None
        #: The coach's own target share, drawn as a line on the balance; None: no line.
        self.target_share: float | None = None
        #: Sessions shorter than this are too short to count (the history's choice).
        self.min_active_ms = 0
        #: The coach chose to quit although tallies wait to be written.
        self._lose_waiting = False
        #: The coach answered what becomes of the running session on quitting.
        self._session_settled = False
        #: Another window took this one's place (see retire()).
        self._retired = False
        self._waiting_reason = ""  # why the last write failed, shown in the banner
        self.quit_box: QMessageBox | None = None
        #: Export and erasure of a coachee's data, once attach_data() hands a service.
        self.rights: CoacheeRights | None = None
        #: Every tally event in a form the coach chooses, once attach_data() hands a service.
        self.event_export: EventExport | None = None
        self._build_menus()
        self._set_session_live(False)
        for action in self._between_sessions_actions():  # until there is data to look back on
            action.setEnabled(False)
        self.actions_.history.setEnabled(False)
        self.actions_.backups.setEnabled(False)  # until the data is open
        self.actions_.practice_server.setEnabled(False)
        self.actions_.practice_overview.setEnabled(False)
        self._connect_actions()

    def _connect_actions(self) -> None:
        """The menus' actions, live from the first paint (quitting, the language, About work
        before the data is open); the pages' signals are connected by attach()."""
        acts = self.actions_
        acts.quit.triggered.connect(self.close)
        acts.review_past.triggered.connect(self._on_review_past_triggered)
        acts.target_share.triggered.connect(self._on_target_share_triggered)
        acts.backups.triggered.connect(self._on_backups_triggered)
        acts.practice_server.triggered.connect(self._on_practice_server_triggered)
        acts.practice_overview.triggered.connect(self._on_practice_overview_triggered)
        acts.encryption.triggered.connect(self.encryption_requested)
        acts.schemes.triggered.connect(self.schemes_requested)
        acts.history.triggered.connect(self.history_requested)
        acts.discreet.toggled.connect(self._on_discreet_toggled)
        acts.global_keys.toggled.connect(self._on_global_keys_toggled)
        acts.announce.toggled.connect(self._on_announce_toggled)
        acts.about.triggered.connect(self._on_about_triggered)
        for code, action in zip(LANGUAGES, acts.languages, strict=True):
            action.triggered.connect(lambda _checked=False, c=code: self.language_chosen.emit(c))
        self.stack.currentChanged.connect(self._on_stack_current_changed)

    def _build_menus(self) -> None:
        acts = self.actions_
        session_menu = self.menuBar().addMenu(_("&Session"))
        session_menu.addActions([acts.undo, acts.redo])
        session_menu.addSeparator()
        session_menu.addActions(
            [
                acts.pause,
                acts.mark,
                acts.end,
                acts.discreet,
                acts.pad,
                acts.global_keys,
                acts.announce,
            ]
        )
        session_menu.addSeparator()
        session_menu.addAction(acts.review_past)
        session_menu.addAction(acts.history)
        session_menu.addSeparator()
        session_menu.addAction(acts.quit)
        coachees_menu = self.menuBar().addMenu(_("&Coachees"))
        coachees_menu.addActions([acts.export_record, acts.erase_coachee])
        coachees_menu.addSeparator()
        coachees_menu.addAction(acts.export_events)
        settings_menu = self.menuBar().addMenu(_("S&ettings"))
        settings_menu.addActions([acts.target_share, acts.schemes, acts.backups, acts.encryption])
        settings_menu.addSeparator()
        settings_menu.addActions([acts.practice_server, acts.practice_overview])
        language_menu = self.menuBar().addMenu(_("&Language"))
        group = QActionGroup(self)
        for code, name in LANGUAGES.items():
            action = language_menu.addAction(name)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(code == current_language())
            group.addAction(action)
            acts.languages.append(action)
        self.menuBar().addMenu(_("&Help")).addAction(acts.about)

    def _on_about_triggered(self) -> None:
        from coachdesk.ui.about import AboutDialog

        self._install_aids()
        AboutDialog(self).open()

    @staticmethod
    def _install_aids() -> None:
        """The app's accessibility aids, with the first page that needs them (not before the
        first paint: they load the ``Qt`` namespace and QAccessible). Done once per app."""
        from coachdesk.ui.focus_return import install as install_focus_return
        from coachdesk.ui.headings import install as install_headings

        app = QApplication.instance()
        if isinstance(app, QApplication):
            install_focus_return(app)  # focus back where it was when any dialog closes
            install_headings(app)  # titles are headings to a screen reader

    # -- wiring ---------------------------------------------------------------------------

    def attach(self, controller: SessionController, review: ReviewController) -> None:
        """Show live data: the running or recovered session, or the coachee picker."""
        from coachdesk.ui.coachee_picker import CoacheePicker
        from coachdesk.ui.pages import RecoveryPanel
        from coachdesk.ui.session_keys import SessionKeys

        self._install_aids()
        self.keys = SessionKeys(self, self.actions_, self._kinds_shown, self.show_banner)
        self.controller = controller
        self.review = review
        review.min_active_ms = self.min_active_ms
        self.picker = CoacheePicker()
        self.picker.last_scheme_of = controller.last_scheme_of
        self.recovery = RecoveryPanel()
        for page in (self.picker, self.recovery):
            self.stack.addWidget(page)
        from coachdesk.ui.pad import PadSwitch  # after the first paint, with the live page

        self.pads = PadSwitch(self, self.controller, self.actions_.discreet.isChecked)
        self.picker.set_discreet(self.actions_.discreet.isChecked())
        self.attached = True
        self.actions_.history.setEnabled(True)  # also during a session: a window of its own
        self._connect_pages(controller)

        session = controller.session
        if session is not None and not session.ended:
            self._on_controller_started()
        elif (record := controller.open_record()) is not None:
            self.recovery.show_record(record)
            self.stack.setCurrentWidget(self.recovery)
        else:
            self.show_picker()
        self.ready.emit()

    def session_page(self) -> SessionPanel:
        """The live session's page, made the first time a session is shown (the coachee
        picker shows sooner without it)."""
        if self.session_panel is not None:
            return self.session_panel
        from coachdesk.ui.session_panel import SessionPanel

        assert self.controller is not None
        redo_keys = self.actions_.redo.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        panel = SessionPanel(self.controller, redo_keys)
        panel.set_discreet(self.actions_.discreet.isChecked())
        panel.announcing = self.actions_.announce.isChecked()
        panel.finished.connect(self._on_session_finished)
        self.stack.addWidget(panel)
        self.session_panel = panel
        return panel

    def _connect_pages(self, controller: SessionController) -> None:
        """The live pages' and the controller's signals, and the session's actions."""
        acts = self.actions_
        for index, action in enumerate(acts.tallies):
            action.triggered.connect(lambda _checked=False, i=index: self._on_tally_key(i))
        acts.undo.triggered.connect(controller.undo)
        acts.redo.triggered.connect(controller.redo)
        acts.pause.triggered.connect(controller.toggle_pause)
        acts.mark.triggered.connect(controller.mark)
        acts.end.triggered.connect(self._on_end_triggered)
        acts.pad.triggered.connect(self.pads.to_pad)
        self.picker.discreet_toggled.connect(acts.discreet.setChecked)
        self.picker.start_requested.connect(self._on_picker_start_requested)
        self.recovery.resume_requested.connect(self._on_recovery_resume_requested)
        self.recovery.end_requested.connect(self._on_recovery_end_requested)
        controller.started.connect(self._on_controller_started)
        controller.changed.connect(self._on_controller_changed)
        controller.failed.connect(self.show_banner)

    def _let_a_backup_finish(self) -> None:
        if self.backup_runner is not None:
            self.backup_runner.wait()

    def attach_data(self, service: CoacheeData) -> None:
        """Offer export and erasure of a coachee's data (from the Coachees menu)."""
        from coachdesk.ui.coachee_data import CoacheeRights

        self.rights = CoacheeRights(service, self)
        self.rights.before_erasing = self._let_a_backup_finish
        self.rights.message.connect(self._on_rights_message)
        self.rights.erased.connect(self._on_rights_erased)
        self.rights.session_erased.connect(self._on_rights_session_erased)
        self.actions_.export_record.triggered.connect(self.rights.choose_for_export)
        self.actions_.erase_coachee.triggered.connect(self.rights.choose_for_erase)
        from coachdesk.ui.event_export import EventExport

        self.event_export = EventExport(service, self)
        self.event_export.message.connect(self._on_rights_message)
        self.actions_.export_events.triggered.connect(self.event_export.choose)
        self._on_stack_current_changed(self.stack.currentIndex())

    def export_record(self, coachee: Coachee, over: QWidget | None = None) -> None:
        """Ask where, then write the coachee's record (for a list of coachees elsewhere:
        ``over`` is its window, where the dialogs then appear)."""
        if self.rights is not None:
            self.rights.export_record(coachee, over)

    def erase(self, coachee: Coachee, over: QWidget | None = None) -> None:
        """Confirm, then erase the coachee (as for :meth:`export_record`; a coachee whose
        session is still open is refused, with a message)."""
        if self.rights is not None:
            self.rights.erase(coachee, over)

    def set_min_active_ms(self, shortest: int) -> None:
        """Sessions shorter than ``shortest`` do not count in figures (the history's choice):
        marked so among past sessions and in a review, and no review's "before"."""
        self.min_active_ms = shortest
        if self.controller is not None:  # attached, with the review
            self.review.min_active_ms = shortest

    def erase_session(self, session_id: SessionId, over: QWidget | None = None) -> None:
        """Confirm, then delete one session for good (from a list of sessions elsewhere:
        ``over`` is its window); an open session is refused, with a message."""
        if self.rights is not None:
            self.rights.erase_session(session_id, over)

    def _on_rights_session_erased(self, session_id: SessionId) -> None:
        """A deleted session's review does not stay on screen."""
        self.session_erased.emit(session_id)
        if self.past_dialog is not None and self.past_dialog.isVisible():
            self.past_dialog.refresh()
        record = self.review.record if self.review_page is not None else None
        if record is not None and record.id == session_id:
            self.review.close()
            self.show_picker()

    def _between_sessions_actions(self) -> list[QAction]:
        acts = self.actions_
        return [acts.review_past, acts.export_record, acts.erase_coachee, acts.export_events]

    def _on_rights_message(self, text: str, is_error: bool) -> None:
        if is_error:
            self.show_banner(text)
        else:
            self.show_banner("")
            self.statusBar().showMessage(text, 15_000)

    def _on_rights_erased(self, coachee: Coachee) -> None:
        """Nothing of an erased coachee stays on screen, nor among the names offered."""
        self.coachee_erased.emit(coachee)
        record = self.review.record if self.review_page is not None else None
        if record is not None and record.coachee.id == coachee.id:
            self.review.close()
            self.show_picker()
        elif self.controller is not None:
            self.picker.set_coachees(self.controller.coachees())
        self.picker.forget(coachee.name)

    def take_over_from(self, old: MainWindow) -> None:
        """After a language switch: show what ``old`` showed, with what was typed in it."""
        if old.controller is None or self.controller is None:
            return
        self.picker.fill_in(*old.picker.typed())
        chosen = old.picker.scheme()
        if old.picker.scheme_touched and chosen is not None:  # the coach's own choice stays
            self.picker.set_schemes(self.controller.schemes())
            self.picker.choose_scheme(chosen.key)
        current = old.stack.currentWidget()
        if old.review_page is not None and current is old.review_page:
            self.show_review()
        elif current is old.picker:
            self.show_picker()

    def show_picker(self) -> None:
        assert self.controller is not None
        self.picker.set_coachees(self.controller.coachees())
        self.offer_schemes()
        self.stack.setCurrentWidget(self.picker)
        self.picker.focus_name()

    def set_default_scheme(self, key: str | None) -> None:
        """The scheme a new coachee's first session is offered (None: the one used last)."""
        if self.attached:
            self.picker.set_default_scheme(key)

    def offer_schemes(self) -> None:
        """Offer the schemes as they are now (after the scheme editor saved one)."""
        if self.controller is not None and self.attached:
            self.picker.set_schemes(self.controller.schemes())

    def start_from_command_line(self, coachee: str, planned_minutes: int | None) -> None:
        """``coachdesk start``: start at once, unless a recovered session must be settled first."""
        assert self.controller is not None
        self.picker.fill_in(coachee)
        if self.stack.currentWidget() is self.picker:
            self._on_picker_start_requested(coachee, planned_minutes or 0)

    def show_stop(self, title: str, text: str) -> None:
        """Stop here with a message (a refused database, say)."""
        from coachdesk.ui.pages import MessagePanel

        self._install_aids()
        if self.message is None:
            self.message = MessagePanel()
            self.message.quit_requested.connect(self.close)
            self.stack.addWidget(self.message)
        self.message.show_message(title, text)
        self.stack.setCurrentWidget(self.message)

    def show_damage(self, database: str, found: str, newest: BackupInfo | None) -> DamagePanel:
        """Stop here: the database failed its check; offer ``newest`` (if any) back."""
        from coachdesk.ui.pages import DamagePanel

        self._install_aids()
        self.damage = DamagePanel()
        self.damage.quit_requested.connect(self.close)
        self.stack.addWidget(self.damage)
        self.damage.show_damage(database, found, newest)
        self.stack.setCurrentWidget(self.damage)
        self._set_session_live(False)
        return self.damage

    def show_banner(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    # -- slots ----------------------------------------------------------------------------

    def _on_discreet_toggled(self, discreet: bool) -> None:
        if self.attached:
            self.picker.set_discreet(discreet)
            self.pads.set_discreet(discreet)
        if self.session_panel is not None:
            self.session_panel.set_discreet(discreet)
        self.discreet_chosen.emit(discreet)

    def _set_session_live(self, live: bool) -> None:
        self.actions_.set_session_live(live)
        if self.attached:
            self.keys.listen(live)

    def _on_announce_toggled(self, on: bool) -> None:
        if self.session_panel is not None:
            self.session_panel.announcing = on
        self.announce_chosen.emit(on)

    def _on_global_keys_toggled(self, on: bool) -> None:
        if self.attached:
            self.keys.grab_global_keys()
        self.global_keys_chosen.emit(on)

    def _kinds_shown(self) -> int:
        """The highest digit a kind of the running session is bound to (Ctrl+Alt+1 up to
        it are held for other windows)."""
        if self.session_panel is None:
            return 0
        buttons = self.session_panel.buttons
        keys = [key_name(b.kind, i) for i, b in enumerate(buttons)]
        return max((int(k) for k in keys if k.isdigit()), default=0)

    def _on_tally_key(self, index: int) -> None:
        panel = self.session_panel
        if panel is None:
            return
        key = TALLY_KEYS[index].upper()
        for place, button in enumerate(panel.buttons):
            if key_name(button.kind, place) == key:
                panel.press(button.kind)
                return

    def _on_picker_start_requested(self, name: str, planned_minutes: int) -> None:
        assert self.controller is not None
        error = self.controller.start(name, planned_minutes or None, self.picker.scheme())
        if error is not None:
            self.picker.show_error(error)

    def _on_review_page_new_session_requested(self) -> None:
        self.picker.forget()
        self.show_picker()

    def _on_recovery_resume_requested(self) -> None:
        assert self.controller is not None
        self.controller.resume_recovered()

    def _on_recovery_end_requested(self) -> None:
        assert self.controller is not None
        if self.controller.end_recovered():
            self.show_picker()

    def _on_end_triggered(self) -> None:
        if self.session_panel is not None:
            self.session_panel.end_button.click()

    def _on_controller_started(self) -> None:
        panel = self.session_page()
        self.show_banner("")
        panel.show_session()
        self.stack.setCurrentWidget(panel)
        self._set_session_live(True)
        if self.controller is not None and self.controller.session is not None:
            self._show_history(self.controller.session)

    def _show_history(self, session: LiveSession) -> None:
        """Undo and redo are offered only when there is something to take back or restore."""
        self.actions_.undo.setEnabled(session.can_undo())
        self.actions_.redo.setEnabled(session.can_redo())

    def _on_controller_changed(self, change: object) -> None:
        self._show_waiting(change)
        session = self.controller.session if self.controller else None
        if session is not None:
            from coachdesk.ui.session_panel import pause_label

            self.actions_.pause.setText(pause_label(session.paused))
            self._show_history(session)

    def _show_waiting(self, change: object) -> None:
        """The banner says when tallies wait to be written, and clears once they are."""
        from coachdesk.domain.recorder import TallyWaiting

        waiting = self.controller.waiting() if self.controller is not None else 0
        if not waiting:
            self._waiting_reason = ""
            self.show_banner("")
            return
        text = ngettext(
            "Not saved yet, retrying: {n} tally is waiting to be written.",
            "Not saved yet, retrying: {n} tallies are waiting to be written.",
            waiting,
        ).format(n=waiting)
        if isinstance(change, TallyWaiting) and change.error:
            self._waiting_reason = change.error
        if self._waiting_reason:
            text += " " + self._waiting_reason
        self.show_banner(text)

    def _on_session_finished(self) -> None:
        assert self.controller is not None and self.controller.session is not None
        self.pads.session_ended()
        self._set_session_live(False)
        if self.backup_runner is not None:
            self.backup_runner.back_up_now()
        if self.practice_runner is not None:
            self.practice_runner.sync_now()
        if self.review.open(self.controller.session.id):
            self.show_review()

    def _on_stack_current_changed(self, _index: int) -> None:
        # Looking back is offered between sessions only, never over a live or unsettled one.
        current = self.stack.currentWidget()
        between = self.controller is not None and current in (self.picker, self.review_page)
        self.actions_.review_past.setEnabled(between)
        acts = self.actions_
        for action in (acts.export_record, acts.erase_coachee, acts.export_events):
            action.setEnabled(between and self.rights is not None)

    # -- the review -----------------------------------------------------------------------

    def open_review(self, session_id: SessionId) -> bool:
        """Show an ended session's review, unless a session is running or unsettled."""
        if not self.actions_.review_past.isEnabled():
            self.show_banner(_("End the current session before reviewing another one."))
            return False
        if not self.review.open(session_id):
            return False
        self.show_banner("")
        self.show_review()
        return True

    def _on_review_past_triggered(self) -> None:
        from coachdesk.ui.past_sessions import PastSessionDialog

        assert self.controller is not None
        self.past_dialog = PastSessionDialog(
            self.controller.coachees(),
            self.review.ended_sessions,
            self,
            self.min_active_ms,
            self.erase_session if self.rights is not None else None,
        )
        self.past_dialog.accepted.connect(self._on_past_dialog_accepted)
        self.past_dialog.open()

    def _on_past_dialog_accepted(self) -> None:
        if self.past_dialog is not None and self.past_dialog.chosen is not None:
            self.open_review(self.past_dialog.chosen)

    def _on_target_share_triggered(self) -> None:
        from coachdesk.ui.target_share import TargetShareDialog

        self.target_dialog = TargetShareDialog(self.target_share, self)
        self.target_dialog.accepted.connect(self._on_target_dialog_accepted)
        self.target_dialog.open()

    def _on_target_dialog_accepted(self) -> None:
        if self.target_dialog is not None:
            self.set_target_share(self.target_dialog.target, chosen=True)

    def set_target_share(self, target: float | None, *, chosen: bool = False) -> None:
        """Draw ``target`` on the balance from now on (``chosen``: the coach just set it)."""
        self.target_share = target
        if self.review_page is not None:
            self.review_page.target_share = target
            if self.stack.currentWidget() is self.review_page:
                self.review_page.refresh()
        if chosen:
            self.target_share_chosen.emit(target)

    def coachee_view(self) -> ShareView | None:
        """The coachee's view of the review, while it is open."""
        return self.outputs.share_view if self.outputs is not None else None

    def show_review(self) -> None:
        """Show the session the review controller holds (built on first use: QtCharts is
        loaded only once a session has ended)."""
        from PySide6.QtCore import Qt

        from coachdesk.ui.announce import announce

        if self.review_page is None:
            from coachdesk.ui.review_outputs import ReviewOutputs
            from coachdesk.ui.review_page import ReviewPage

            self.review_page = ReviewPage(self.review)
            self.review_page.target_share = self.target_share
            self.stack.addWidget(self.review_page)
            self.review_page.new_session_requested.connect(
                self._on_review_page_new_session_requested
            )
            self.outputs = ReviewOutputs(self.review, self.review_page, self)
            self.outputs.failed.connect(self.show_banner)
            self.review.failed.connect(self.show_banner)
        self.review_page.refresh()
        self.stack.setCurrentWidget(self.review_page)
        # The keyboard and a screen reader start at the review's heading, not on the hidden
        # End button of the session that just ended.
        title = self.review_page.title
        title.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        title.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.actions_.announce.isChecked():
            page = self.review_page
            announce(title, f"{title.text()}. {page.summary.text()}. {page.sentence.text()}")

    def retire(self) -> None:
        """Close and go: another window (a new language, reopened data) takes this one's
        place, so this is no quitting: nothing is asked, no other window closes."""
        self._retired = True
        if self.attached:
            self.pads.close()
        self.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._retired:
            super().closeEvent(event)
            return
        if self.controller is not None:
            self.controller.retry()
            waiting = self.controller.waiting()
            if waiting and not self._lose_waiting:
                event.ignore()
                self._ask_before_losing(waiting)
                return
            session = self.controller.session
            if session is not None and not session.ended and not self._session_settled:
                event.ignore()
                from coachdesk.ui.quit_question import ask_about_running_session

                self.quit_box = ask_about_running_session(
                    self, session.coachee.name, self._on_quit_box_end, self._on_quit_box_keep
                )
                return
            self.controller.checkpoint()
        if self.outputs is not None:  # the coachee's view closes with the app
            self.outputs.close_share_view()
        super().closeEvent(event)
        for window in QApplication.topLevelWidgets():  # the coachee's view, history: all go
            if window is not self and window.isVisible():
                window.close()

    def _on_quit_box_end(self) -> None:
        assert self.controller is not None
        self._session_settled = True
        self.controller.end()
        self.close()

    def _on_quit_box_keep(self) -> None:
        self._session_settled = True  # it is offered back at the next start
        self.close()

    def _ask_before_losing(self, waiting: int) -> None:
        """Tallies are still waiting to be written: quitting now loses them. Ask first."""
        from coachdesk.ui.quit_question import ask_before_losing

        self.quit_box = ask_before_losing(self, waiting, self._on_quit_box_lose_clicked)

    def _on_quit_box_lose_clicked(self) -> None:
        self._lose_waiting = True
        self.close()
