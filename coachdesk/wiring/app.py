"""The composition root of the desktop app: the only module that wires ui and store together.

Start-up is arranged so the window paints as soon as a bare PySide6 window would: it shows
"Opening your data…" first, and only once that has painted is the database opened (with the
standard library's sqlite3; SQLAlchemy and Alembic are imported only when the schema must be
created or upgraded) and the live page attached. What the coach reaches only through a menu
(the coachee's rights and the exports) and the database's check follow once the live page has
painted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.domain import i18n, settings
from coachdesk.domain.errors import CoachdeskError, InvalidInput
from coachdesk.domain.paths import Paths, ensure_private_dir
from coachdesk.domain.rotation import Policy

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from coachdesk.domain.model import Coachee, SessionId
    from coachdesk.domain.practice import SyncOutcome
    from coachdesk.store import DatabaseKey, SqlStore
    from coachdesk.store.backups import Backups
    from coachdesk.ui.backup_runner import BackupRunner
    from coachdesk.ui.controller import SessionController
    from coachdesk.ui.history.window import HistoryWindow
    from coachdesk.ui.instance import InstanceGuard
    from coachdesk.ui.main_window import MainWindow
    from coachdesk.ui.practice_runner import PracticeRunner
    from coachdesk.ui.review_controller import ReviewController
    from coachdesk.wiring.data_service import DataService

#: Set by benchmarks/startup.py: report the first paint and readiness on stderr, then quit.
STARTUP_PROBE = "COACHDESK_STARTUP_PROBE"
#: A second start can raise this window from its next paint on, or from this long at most.
LISTEN_AT_LATEST_MS = 2_000
#: Exit status when another coachdesk already holds the data dir.
EXIT_ALREADY_RUNNING = 3


@dataclass(frozen=True, slots=True)
class StartRequest:
    """``coachdesk start``: open straight into a session for this coachee."""

    coachee: str
    planned_minutes: int | None


def run(paths: Paths, language: str | None, start: StartRequest | None = None) -> int:
    """Run the desktop app until its window closes; return the exit status."""
    prefs = settings.load(paths.settings_file)
    i18n.install(language or prefs.language or i18n.system_language())

    from PySide6.QtWidgets import QApplication

    from coachdesk.ui import instance
    from coachdesk.ui.icon import app_icon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("coachdesk")
    app.setDesktopFileName("coachdesk")
    app.setWindowIcon(app_icon())
    guard: InstanceGuard | None = None
    try:
        ensure_private_dir(paths.data_dir)
        guard = instance.acquire(paths.lock_file, paths.data_dir)
    except OSError:
        pass  # an unusable data dir: opening the store says so, clearly, in the window
    else:
        if guard is None:
            message = i18n._("coachdesk is already running with the data folder {path}.")
            print(message.format(path=paths.data_dir), file=sys.stderr)
            return EXIT_ALREADY_RUNNING

    try:
        unlocked = ask_passphrase(paths)
    except CoachdeskError:
        unlocked = Unlocked(None)  # an unreadable key file: opening the store says so
    if unlocked is None:  # the coach chose Quit
        if guard is not None:
            guard.release()
        return 0
    shell = Shell(app, paths, prefs, start, guard, unlocked.key)
    status = app.exec()
    shell.close()
    if guard is not None:
        guard.release()
    return status


@dataclass(frozen=True, slots=True)
class Unlocked:
    """The key the coach's passphrase gave (None: the database is not encrypted)."""

    key: DatabaseKey | None


def ask_passphrase(paths: Paths, parent: QWidget | None = None) -> Unlocked | None:
    """Before the main window: the passphrase of an encrypted database, asked until it is right.

    Returns None if the coach quit. The passphrase itself is kept nowhere; the key that it
    gives lives in memory only.
    """
    if not paths.key_file.exists():  # the usual case: no import of the store before paint
        return Unlocked(None)
    from PySide6.QtWidgets import QApplication

    from coachdesk.store.cipher import locked, unavailable_reason, unlock
    from coachdesk.ui import qt_language
    from coachdesk.ui.passphrase_dialog import PassphraseDialog

    key_file = locked(paths.database)
    if key_file is None or unavailable_reason() is not None:
        return Unlocked(None)  # plain; or opening the store says why it cannot be read
    app = QApplication.instance()
    if isinstance(app, QApplication):
        qt_language.apply(app, i18n.current_language())  # Qt's own words and our style
    keys: list[DatabaseKey] = []
    dialog = PassphraseDialog(
        paths.data_dir, lambda text: keys.append(unlock(key_file, text)), parent
    )
    if dialog.exec() != PassphraseDialog.DialogCode.Accepted or not keys:
        return None
    return Unlocked(keys[-1])


class Shell:
    """Owns what outlives a window: the store, the controller and the preferences."""

    def __init__(
        self,
        app: QApplication,
        paths: Paths,
        prefs: settings.Settings,
        start: StartRequest | None,
        guard: InstanceGuard | None,
        key: DatabaseKey | None = None,
    ) -> None:
        from coachdesk.ui.first_paint import after_first_paint

        self._key = key
        self._closing = False
        self._app = app
        self._paths = paths
        self._prefs = prefs
        self._start = start
        self._guard = guard
        self._stop_message: tuple[str, str] | None = None
        self.store: SqlStore | None = None
        self.controller: SessionController | None = None
        self.review: ReviewController | None = None
        self.backups: Backups | None = None
        self.runner: BackupRunner | None = None
        self.practice: PracticeRunner | None = None
        self._listening = False
        self._closed = False
        self._damage_found: str | None = None
        self.data: DataService | None = None
        #: The store is open and its page shown; the rest waits for that page's paint.
        self._rest_waiting = False
        self.history: HistoryWindow | None = None
        if guard is not None:
            guard.raise_requested.connect(self.bring_forward)
        self.window = self._new_window()
        self.window.show()
        after_first_paint(self.window, self._open_store)

    def _new_window(self) -> MainWindow:
        from coachdesk.ui import qt_language, window_state
        from coachdesk.ui.main_window import MainWindow

        qt_language.apply(self._app, i18n.current_language())
        window = MainWindow()
        window_state.restore_geometry(window, self._paths.window_state_file)
        window.language_chosen.connect(self.change_language)
        window.set_target_share(self._prefs.target_share)
        window.set_min_active_ms(self._prefs.history.min_active_ms)
        window.target_share_chosen.connect(self.change_target_share)
        window.actions_.discreet.setChecked(self._prefs.discreet)
        window.discreet_chosen.connect(self.change_discreet)
        window.actions_.global_keys.setChecked(self._prefs.global_keys)
        window.global_keys_chosen.connect(self.change_global_keys)
        window.actions_.announce.setChecked(self._prefs.announce)
        window.announce_chosen.connect(self.change_announce)
        window.encryption_requested.connect(self.show_encryption)
        window.backup_policy_chosen.connect(self.change_backup_policy)
        window.restore_requested.connect(self.restore)
        window.history_requested.connect(self.show_history)
        window.schemes_requested.connect(self.show_schemes)
        window.coachee_erased.connect(self._history_is_stale)
        window.session_erased.connect(self._history_is_stale)
        if os.environ.get(STARTUP_PROBE):
            from coachdesk.ui.startup_probe import StartupProbe

            StartupProbe(window)
        return window

    def _open_store(self) -> None:
        from PySide6.QtCore import QTimer

        from coachdesk.domain.clock import SystemClock
        from coachdesk.domain.errors import DatabaseDamaged
        from coachdesk.store import open_store
        from coachdesk.store.backups import Backups
        from coachdesk.ui.backup_runner import BackupRunner
        from coachdesk.ui.controller import SessionController
        from coachdesk.ui.first_paint import after_first_paint
        from coachdesk.ui.review_controller import ReviewController

        # A second start raises this window from the next paint on (the data, or what says
        # why there is none): QtNetwork's import waits until then.
        after_first_paint(self.window, self._listen)
        QTimer.singleShot(LISTEN_AT_LATEST_MS, self._listen)  # a window that never paints
        if self.runner is None:
            self.backups = Backups(self._paths.database, self._key)
            self.runner = BackupRunner(self.backups, self._prefs.backup_policy)
            self.runner.checked.connect(self._on_runner_checked)
        try:
            # The file is checked on a worker thread once the window shows data; until it
            # passes, changes stay in the -wal and the file itself is not written.
            self.store = open_store(self._paths.database, key=self._key, hold_checkpoints=True)
            controller = SessionController(self.store, SystemClock())
            self.review = ReviewController(self.store, SystemClock())
            self.window.attach(controller, self.review)  # reads coachees and any open session
            self.window.set_default_scheme(self._prefs.default_scheme)
            self._keep_pad_place()
            self.review.opened.connect(self._history_is_stale)  # e.g. a session just ended
            self.review.changed.connect(self._history_is_stale)  # its record was fixed
        except DatabaseDamaged as damage:
            print(str(damage), file=sys.stderr)
            self._close_store()
            self._show_damage(str(damage))
            return
        except CoachdeskError as error:
            print(str(error), file=sys.stderr)
            self._stop_message = (i18n._("coachdesk cannot open your data"), str(error))
            self.window.show_stop(*self._stop_message)
            return
        self.controller = controller
        controller.started.connect(self._keep_history_discreet)
        self.window.attach_backups(self.runner)
        # Once the data is on screen: the coachee list does not wait for them.
        self._rest_waiting = True
        after_first_paint(self.window, self._open_the_rest)
        if self._start is not None:
            self.window.start_from_command_line(self._start.coachee, self._start.planned_minutes)
            self._start = None

    def _open_the_rest(self) -> None:
        """After the live page's first paint: the coachee's rights and the exports (reached
        from the Coachees menu), and the database's check, whose thread then never competes
        with that paint. Done at once instead if the window is replaced before it paints."""
        from coachdesk.domain.clock import SystemClock
        from coachdesk.wiring.data_service import DataService

        if not self._rest_waiting or self.store is None or self.runner is None:
            return
        self._rest_waiting = False
        self.data = DataService(self.store, self._paths.data_dir, SystemClock())
        self.window.attach_data(self.data)
        self.window.attach_practice(self._practice_runner())
        self.runner.check()

    def _practice_runner(self) -> PracticeRunner:
        """The practice server's runner (made once; it keeps the password of this run)."""
        if self.practice is None:
            from coachdesk.domain.clock import SystemClock
            from coachdesk.store.server.service import PracticeServer
            from coachdesk.ui.practice_runner import PracticeRunner

            server = PracticeServer(
                self._paths.database, self._paths.data_dir, SystemClock(), lambda: self._key
            )
            self.practice = PracticeRunner(
                server,
                self._prefs.practice_url,
                self._prefs.practice_notes,
                keep_password=self._prefs.practice_keyring,
            )
            self.practice.settings_changed.connect(self.change_practice)
            self.practice.keyring_changed.connect(self._on_practice_keyring_changed)
            self.practice.synced.connect(self._on_practice_synced)
            self.practice.settled.connect(self._on_practice_settled)
            self.practice.start()
        return self.practice

    def _on_practice_synced(self, outcome: SyncOutcome) -> None:
        if outcome.changed_here:  # records from the coach's other computers, or erasures
            self._history_is_stale()

    def _on_practice_settled(self, _uid: str, keep_here: bool) -> None:
        if not keep_here:  # the server's copy of a session replaced this computer's
            self._history_is_stale()

    def _on_practice_keyring_changed(self, keep: bool) -> None:
        self._remember(practice_keyring=keep)  # whether it is kept there, never the password

    def change_practice(self, url: str | None, notes: bool) -> None:
        """The practice server's URL (None: disconnected) and what goes up: remembered."""
        self._remember(practice_url=url, practice_notes=notes)

    def _listen(self) -> None:
        if self._guard is not None and not self._listening and not self._closed:
            self._guard.listen()  # from now on a second start raises this window
            self._listening = True

    def _on_runner_checked(self, found: list[str]) -> None:
        if self._closing or self.store is None or self.runner is None:
            return
        if not found:
            self.store.allow_checkpoints()
            self.runner.start_daily()
            return
        print("; ".join(found), file=sys.stderr)
        self._close_history()
        self.store.close_untouched()  # what was recorded meanwhile stays in the -wal
        self.store = None
        self._close_store()
        self._replace_window()
        self._show_damage("; ".join(found[:3]))

    def _show_damage(self, found: str) -> None:
        assert self.backups is not None
        self._damage_found = found
        newest = self.backups.newest_good()
        panel = self.window.show_damage(str(self._paths.database), found, newest)
        panel.restore_requested.connect(self.restore)

    def restore(self, backup: str) -> None:
        """Put ``backup`` in place of the database, then open it as at start."""
        from coachdesk.ui.pages import local_time

        assert self.backups is not None and self.runner is not None
        with self._history_closed():  # it reads the store that is about to be replaced
            self._close_store()
            self.runner.wait()
            if self.practice is not None:
                self.practice.wait()  # a round under way finishes before the file goes
            self._damage_found = None
            try:
                done = self.backups.restore(backup)
            except CoachdeskError as error:
                self._replace_window()
                self.window.show_stop(i18n._("The backup was not restored"), str(error))
                return
            was_encrypted = self._key is not None
            self._key = self.backups.key  # None after a plain backup over an encrypted file
            self._replace_window()
            self._open_store()
        text = i18n._("Restored the backup of {date} ({holds}).").format(
            date=local_time(done.restored.taken_at_ms), holds=done.restored.holds()
        )
        if done.moved_aside is not None:
            text += " " + i18n._("The damaged file was moved to {path}.").format(
                path=done.moved_aside
            )
        if done.kept is not None:
            text += " " + i18n._("The data it replaced is kept in {path}.").format(
                path=done.kept.path
            )
        if was_encrypted and self._key is None:
            text += " " + i18n._(
                "That backup was not encrypted, so your data is not encrypted now: turn "
                "encryption on again in Settings > Encryption…."
            )
        self.window.statusBar().showMessage(text)

    def _close_store(self) -> None:
        if self.store is not None:
            self.store.close()
        self.store = None
        self.controller = None
        self.review = None
        self._rest_waiting = False
        self.window.controller = None  # nothing left to store on close

    def _replace_window(self) -> None:
        old = self.window
        self.window = self._new_window()
        self.window.setGeometry(old.geometry())
        self.window.show()
        old.retire()

    def bring_forward(self) -> None:
        """Another start on this data dir was refused: show the coach the window in use."""
        from coachdesk.ui.window_state import bring_forward

        bring_forward(self.window)
        self.window.statusBar().showMessage(
            i18n._("coachdesk was started again; this window is the one in use."), 10_000
        )

    def _keep_pad_place(self) -> None:
        """The compact pad opens where the coach left it (see coachdesk.ui.pad)."""
        from coachdesk.ui import window_state

        state = self._paths.window_state_file
        pads = self.window.pads
        pads.opened.connect(lambda pad: window_state.restore_geometry(pad, state, "pad", None))
        pads.closing.connect(lambda pad: window_state.save_geometry(pad, state, "pad"))

    @contextmanager
    def _history_closed(self) -> Iterator[None]:
        """Close the history window for what follows (the store or the language it shows
        changes), and open it again after if it was open and there is data to show."""
        shown = self.history is not None and self.history.isVisible()
        self._close_history()
        try:
            yield
        finally:
            if shown and self.store is not None:
                self.show_history()

    def _remember(self, **changes: object) -> None:
        """Change the preferences and keep them for the next start."""
        self._prefs = replace(self._prefs, **changes)  # type: ignore[arg-type]
        settings.save(self._paths.settings_file, self._prefs)

    def change_announce(self, on: bool) -> None:
        """Announcements to a screen reader on or off: remembered."""
        self._remember(announce=on)

    def change_global_keys(self, on: bool) -> None:
        """The tally keys for other windows on or off: remembered."""
        self._remember(global_keys=on)

    def change_discreet(self, discreet: bool) -> None:
        """Discreet mode on or off (the window shows it at once): remembered."""
        self._remember(discreet=discreet)

    def change_language(self, code: str) -> None:
        """Switch language at once: rebuild the window around the same controller."""
        self._remember(language=code)
        i18n.install(code)
        with self._history_closed():  # rebuilt in the new language, if it was open
            self._rebuild_window()

    def _rebuild_window(self) -> None:
        """A new window around the same controller (a new language), the old one retired."""
        self._open_the_rest()  # if the old window had not painted its data yet
        old = self.window
        self.window = self._new_window()
        self.window.setGeometry(old.geometry())
        if self.controller is not None:
            assert self.review is not None
            self.window.attach(self.controller, self.review)
            self.window.set_default_scheme(self._prefs.default_scheme)
            self._keep_pad_place()
            if self.runner is not None:
                self.window.attach_backups(self.runner)
            if self.practice is not None:
                self.window.attach_practice(self.practice)
            if self.data is not None:
                self.window.attach_data(self.data)
            self.window.take_over_from(old)
        elif self._damage_found is not None:
            self._show_damage(self._damage_found)
        elif self._stop_message is not None:
            self.window.show_stop(*self._stop_message)
        self.window.show()
        old.retire()

    def show_encryption(self) -> None:
        """Settings > Encryption…: the dialog that turns encryption on or off."""
        from PySide6.QtCore import Qt

        from coachdesk.store.cipher import unavailable_reason
        from coachdesk.ui.encryption_dialog import EncryptionDialog

        dialog = EncryptionDialog(
            encrypted=self._key is not None,
            unavailable=unavailable_reason(),
            blocked=self._encryption_blocked(),
            convert=self.convert_encryption,
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _encryption_blocked(self) -> str | None:
        if self.store is None or self.controller is None:
            return i18n._("Your data is not open, so it cannot be converted now.")
        session = self.controller.session
        if session is not None and not session.ended:
            return i18n._("A session is running: end it before turning encryption on or off.")
        return None

    def convert_encryption(self, passphrase: str, repeated: str) -> str:
        """Turn encryption on (a new passphrase, typed twice) or off (the passphrase).

        The store is closed while the file is rewritten and opened again after, whatever
        happened; the window is rebuilt around it. Returns what to tell the coach.

        Raises:
            CoachdeskError: nothing was changed (wrong or too short passphrase, a failed
                check, a running session).
        """
        from coachdesk.domain import passphrase as rules
        from coachdesk.store import conversion
        from coachdesk.store.cipher import read_key_file, unlock

        database = self._paths.database
        if self._encryption_blocked() is not None:
            raise InvalidInput(self._encryption_blocked() or "")
        old_key = self._key
        if old_key is None:
            rules.check_new(passphrase, repeated)
        else:
            key_file = read_key_file(database)
            if key_file is None:
                raise InvalidInput(i18n._("The encryption file beside the database is missing."))
            unlock(key_file, passphrase)  # a wrong passphrase stops here, before any change

        def convert() -> conversion.Converted:
            if old_key is None:
                return conversion.encrypt(database, passphrase)
            return conversion.decrypt(database, old_key)

        with self._history_closed():  # it reads the store that closes now
            if self.runner is not None:
                self.runner.wait()  # a backup under way finishes whole first
            if self.practice is not None:
                self.practice.wait()
            self._close_store()
            try:
                try:
                    done = convert()
                except OSError as e:  # the disk, not the coach: the old file is still whole
                    raise InvalidInput(
                        i18n._("The database was not converted: {error}").format(
                            error=e.strerror or e
                        )
                    ) from e
                self._key = done.key
            finally:
                if self.backups is not None:
                    self.backups.key = self._key  # backups from now on are made as the file is
                self._replace_window()
                self._open_store()
        if done.key is not None:
            message = i18n._(
                "Your data is now encrypted. The unencrypted copy taken first is {backup}: "
                "delete it once you have seen coachdesk open with your passphrase."
            )
        else:
            message = i18n._(
                "Your data is no longer encrypted. The encrypted copy taken first is {backup}."
            )
        text = message.format(backup=done.backup)
        self.window.statusBar().showMessage(text, 30_000)
        return text

    def change_target_share(self, target: float | None) -> None:
        """Remember the coach's target share (0..1, or None for no line) between runs."""
        self._remember(target_share=settings.valid_share(target))
        if self.history is not None:
            self.history.set_target_share(self._prefs.target_share)

    def show_schemes(self) -> None:
        """Open the scheme editor on the store."""
        from PySide6.QtCore import Qt

        from coachdesk.ui.scheme_editor import SchemeEditor

        if self.store is None:
            return
        editor = SchemeEditor(self.store, self.window, self._prefs.default_scheme)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.finished.connect(self.window.offer_schemes)
        editor.default_chosen.connect(self._on_scheme_editor_default_chosen)
        editor.open()

    def _on_scheme_editor_default_chosen(self, key: object) -> None:
        """Remember the coach's default scheme for new coachees, and offer it now."""
        chosen = key if isinstance(key, str) else None
        self._remember(default_scheme=chosen)
        self.window.set_default_scheme(chosen)

    def show_history(self) -> None:
        """Open the history window on the store, or raise it if it is open already."""
        from coachdesk.domain.scheme_presets import BALANCE
        from coachdesk.ui.history.window import HistoryWindow
        from coachdesk.ui.window_state import bring_forward, restore_geometry

        if self.store is None:
            return
        if self.history is None:
            self.history = HistoryWindow(
                self.store,
                self._prefs.history,
                self.change_history_choice,
                self.open_review,
                # the balance's colours, and the columns while no session is in view: every
                # other scheme's kinds are read for the sessions that have them
                self.store.scheme_kinds(BALANCE) or self.store.tally_kinds(),
                self._prefs.target_share,
            )
            restore_geometry(self.history, self._paths.window_state_file, "history", None)
            if self.data is not None:  # the coachee's rights, on the coachee picked there
                self.history.add_coachee_action(i18n._("Export record…"), self._export_record)
                self.history.add_coachee_action(i18n._("Erase…"), self._erase)
                self.history.offer_session_erasure(self._erase_session)
        self._keep_history_discreet()
        bring_forward(self.history)

    def _keep_history_discreet(self) -> None:
        """No names in History while a session runs: the coachee may see the screen."""
        if self.history is not None:
            session = self.controller.session if self.controller is not None else None
            self.history.set_discreet(session is not None and not session.ended)

    def _export_record(self, coachee: Coachee) -> None:
        self.window.export_record(coachee, self.history)

    def _erase(self, coachee: Coachee) -> None:
        self.window.erase(coachee, self.history)

    def _erase_session(self, session_id: SessionId) -> None:
        self.window.erase_session(session_id, self.history)

    def _history_is_stale(self) -> None:
        self._keep_history_discreet()  # a session just ended, perhaps
        if self.history is not None:
            self.history.reload()  # reads only the view on show; the others when shown

    def _close_history(self) -> None:
        from coachdesk.ui.window_state import save_geometry

        if self.history is not None:
            save_geometry(self.history, self._paths.window_state_file, "history")
            self.history.close()
            self.history.deleteLater()
            self.history = None

    def change_history_choice(self, choice: settings.HistoryChoice) -> None:
        """Remember the history filters between runs."""
        self._remember(history=choice)
        self.window.set_min_active_ms(choice.min_active_ms)

    def open_review(self, session_id: SessionId) -> None:
        """From the history: show that session's review in the main window, brought forward
        (during a live session the main window says why it cannot)."""
        from coachdesk.ui.window_state import bring_forward

        self.window.open_review(session_id)
        bring_forward(self.window)

    def change_backup_policy(self, policy: Policy) -> None:
        """Keep this many daily, weekly and monthly backups from now on."""
        self._remember(backup_policy=policy)
        if self.runner is not None:
            self.runner.policy = policy

    def close(self) -> None:
        from coachdesk.ui.window_state import save_geometry

        self._closed = True

        if self.practice is not None:
            self.practice.stop()  # a round under way finishes (its server part is atomic)
        if self.runner is not None:
            self.runner.stop()  # a backup under way finishes whole
            # A check that finished meanwhile has queued its outcome: deliver it now, while
            # this shell still exists, to be ignored (after run() returns it is gone).
            self._closing = True
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.sendPostedEvents()

        save_geometry(self.window, self._paths.window_state_file)
        self._close_history()
        if self.controller is not None:
            self.controller.close()  # no checkpoint into the closed store
        if self.store is not None:
            self.store.close()


def report(
    where: Paths,
    session: str,
    out: Path,
    *,
    with_notes: bool,
    key: DatabaseKey | None = None,
) -> int:
    """``coachdesk report``: a session's PDF, written whole or not at all. ``session`` is its
    number in this database or its reference (:meth:`SqlStore.find_session`)."""
    from coachdesk.domain.private_files import private_file
    from coachdesk.domain.session_report import read_report
    from coachdesk.store import open_store
    from coachdesk.ui.report import write_pdf
    from coachdesk.wiring.drawing import drawing_app

    drawing_app()  # the PDFs are drawn with Qt
    store = open_store(where.database, key=key, read_only=True)
    try:
        session_id = usable_session(store, session)
        shortest = settings.load(where.settings_file).history.min_active_ms
        review = read_report(store, session_id, with_notes=with_notes, min_active_ms=shortest)
        target = out.absolute()
        with private_file(target) as tmp:
            write_pdf(review, tmp)
    finally:
        store.close()
    done = i18n._("Wrote the PDF report of session {ref} to {path}.")
    print(done.format(ref=review.record.ref, path=target), file=sys.stderr)
    return 0


def usable_session(store: SqlStore, given: str) -> SessionId:
    """The ended session a command was given, by number or reference.

    Raises:
        InvalidInput: there is no such session, or it has not ended (left open by a crash),
            said in one line.
    """
    session_id = store.find_session(given)
    record = store.session_record(session_id)
    if record.ended_at_ms is None:
        raise InvalidInput(
            i18n._(
                "Session {ref} ({coachee}) has not ended: it was left open, as after a crash. "
                "Start coachdesk (coachdesk start) to resume or end it; then its report can be "
                "written."
            ).format(ref=record.ref, coachee=record.coachee.name)
        )
    return session_id
