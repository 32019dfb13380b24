"""Regenerate the screenshots in docs/screenshots/ (run under Xvfb, see the README).

Builds the real main window on a throw-away data dir, drives it as a coach would, and saves
the picker, a live session, the hat popup, the recovery page, the review, the share view,
the past-session and target-share dialogs and a report page in English and Dutch, light and
dark (``--views main``); and the history window's coachee list, a trajectory and the
practice on a fictional practice (``--views history``); the About box and the icon at the
sizes desktops ask for (``--views about``).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from coachdesk.cli.main import fill_demo
from coachdesk.domain import i18n
from coachdesk.domain.agreed_actions import Outcome
from coachdesk.domain.clock import SystemClock
from coachdesk.domain.demo import DemoSize
from coachdesk.domain.errors import DatabaseRefused, WrongPassphrase
from coachdesk.domain.gap import GapWatch
from coachdesk.domain.i18n import N_
from coachdesk.domain.model import SchemeRef
from coachdesk.domain.paths import resolve
from coachdesk.domain.practice import (
    COACHEE,
    COACHEE_ARCHIVED,
    COACHEE_NAME,
    CoacheeCopy,
    Difference,
    OverviewRow,
    SyncOutcome,
)
from coachdesk.store import SqlStore, open_store
from coachdesk.store.backup_files import backup_folder
from coachdesk.ui import qt_language
from coachdesk.ui.about import AboutDialog, app_icon
from coachdesk.ui.coachee_data import (
    ChooseCoacheeDialog,
    EraseDialog,
    PurgeBackupsDialog,
    SessionEraseDialog,
)
from coachdesk.ui.controller import SessionController
from coachdesk.ui.encryption_dialog import EncryptionDialog
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.passphrase_dialog import PassphraseDialog
from coachdesk.ui.report import write_pdf
from coachdesk.ui.review_controller import ReviewController
from coachdesk.wiring.data_service import DataService

#: The main window's size in logical pixels (``--window``); at 200% on a 1280x800 screen the
#: most a window can have is 640x400.
WINDOW = (960, 640)
WINDOW_CHOSEN = False


class SetIdle:
    """Idle time as the scene sets it (the platform's, on a desktop)."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

    def idle_ms(self) -> int | None:
        return self.ms


class LaterClock(SystemClock):
    """The system clock, 23 minutes on: a session that has been going for a while."""

    def monotonic_ms(self) -> int:
        return super().monotonic_ms() + self.offset_ms

    def __init__(self) -> None:
        self.offset_ms = 0


class SleptMachine(SystemClock):
    """The machine's clocks after a sleep: the wall clock ``slept_ms`` on, monotonic not."""

    def __init__(self) -> None:
        self.slept_ms = 0

    def now_ms(self) -> int:
        return super().now_ms() + self.slept_ms


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()
        QTest.qWait(30)


def shoot(widget: QWidget, path: Path, app: QApplication) -> None:
    settle(app)
    widget.grab().save(str(path))
    print(path)


def pdf_page(pdf: Path, png: Path) -> None:
    """The report's first page as the coach's PDF viewer would show it."""
    document = QPdfDocument()
    document.load(str(pdf))
    size = document.pagePointSize(0).toSize() * 1.5
    page = QImage(size, QImage.Format.Format_RGB32)
    page.fill(QColor("white"))  # the page is transparent where nothing is drawn
    painter = QPainter(page)
    painter.drawImage(0, 0, document.render(0, size))
    painter.end()
    page.save(str(png))
    print(png)


def grab_screen(app: QApplication, path: Path) -> None:
    """The whole screen, for popups that are windows of their own."""
    settle(app)
    app.primaryScreen().grabWindow(0).save(str(path))
    print(path)


def shoot_pad(app: QApplication, window: MainWindow, path: Path) -> None:
    """The compact pad in front of the screen, shot whole; then back to the full window."""
    window.actions_.pad.trigger()
    if window.pads.pad is not None:
        window.pads.pad.move(900, 60)
        window.pads.pad.raise_()
    settle(app)
    grab_screen(app, path)
    window.pads.to_window()
    settle(app)


def live_window(store: SqlStore, clock: LaterClock) -> tuple[SessionController, MainWindow]:
    """The main window on ``store``, shown at the screenshots' size and active."""
    controller = SessionController(store, clock)
    window = MainWindow()
    window.resize(*WINDOW)
    window.show()
    window.attach(controller, ReviewController(store, clock))
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    return controller, window


def scenes(app: QApplication, lang: str, scheme: str, out: Path) -> None:
    i18n.install(lang)
    qt_language.apply(app, lang)
    data = Path(tempfile.mkdtemp(prefix="coachdesk-shots-"))
    store = open_store(data / "coachdesk.sqlite3")
    for name in ("Anouk de Vries", "Özlem Yılmaz", "Coachee K-17"):  # noqa: RUF001
        store.coachee_named(name, 0)
    clock = LaterClock()
    controller, window = live_window(store, clock)
    tag = f"{lang}-{scheme}"
    shoot(window, out / f"picker-{tag}.png", app)
    QTest.keyClicks(window.picker.name_edit, "an")  # matches appear only now
    grab_screen(app, out / f"picker-search-{tag}.png")
    window.picker.matches.hide()

    window.picker.name_edit.setText("Anouk de Vries")
    window.picker.planned.setValue(45)
    QTest.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    for key in "1221212":
        clock.offset_ms += 197_000
        QTest.keyClick(window, Qt.Key(ord(key)))
    shoot(window, out / f"session-{tag}.png", app)
    window.actions_.discreet.setChecked(True)
    shoot(window, out / f"session-discreet-{tag}.png", app)
    window.actions_.discreet.setChecked(False)
    call = QLabel("(the video call)" if lang == "en" else "(het videogesprek)")  # under the pad
    call.setAlignment(Qt.AlignmentFlag.AlignCenter)
    call.setGeometry(0, 0, 1280, 800)
    call.show()
    shoot_pad(app, window, out / f"pad-{tag}.png")
    call.close()
    settle(app)
    window.close()  # during a session: the quit question
    settle(app)
    if window.quit_box is not None:
        grab_screen(app, out / f"quit-question-{tag}.png")
        window.quit_box.reject()
        settle(app)

    QTest.keyClick(window, Qt.Key.Key_3)
    settle(app)
    menu = window.session_panel.hat_menu if window.session_panel else None
    if menu is not None:
        grab_screen(app, out / f"hat-popup-{tag}.png")
        QTest.keyClick(menu, Qt.Key.Key_1)
        window.activateWindow()
        settle(app)
        clock.offset_ms += 15_000  # a second hat close to the first: their names must not touch
        QTest.keyClick(window, Qt.Key.Key_3)
        settle(app)
        QTest.keyClick(menu, Qt.Key.Key_2)
        window.activateWindow()
        settle(app)
    clock.offset_ms += 64_000
    live = window.session_panel
    assert live is not None
    QTest.keyClick(window, Qt.Key.Key_M)  # a moment marked, with a note
    QTest.keyClicks(
        live.marker_bar.note,
        "she names her own plan" if lang == "en" else "ze benoemt haar eigen plan",
    )
    shoot(window, out / f"marker-{tag}.png", app)
    QTest.keyClick(live.marker_bar.note, Qt.Key.Key_Return)
    clock.offset_ms += 120_000
    QTest.keyClick(window, Qt.Key.Key_M)  # and one without
    QTest.keyClick(live.marker_bar.note, Qt.Key.Key_Escape)
    machine = SleptMachine()
    controller.gap_watch = GapWatch(machine)
    machine.slept_ms = 40 * 60_000  # the laptop slept 40 minutes
    controller.check_gap()
    shoot(window, out / f"suspend-{tag}.png", app)
    # The same question, with the pad in front: a quiet "?".
    shoot_pad(app, window, out / f"pad-gap-{tag}.png")
    live.leave_out_gap_button.click()
    settle(app)
    clock.offset_ms += 64_000
    QTest.keyClick(window, Qt.Key.Key_1)
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_P)
    shoot(window, out / f"paused-{tag}.png", app)
    QTest.keyClick(window, Qt.Key.Key_P)

    record = store.open_session()
    assert record is not None
    window.recovery.show_record(record)
    window.stack.setCurrentWidget(window.recovery)
    shoot(window, out / f"recovery-{tag}.png", app)
    assert window.session_panel is not None
    window.stack.setCurrentWidget(window.session_panel)
    clock.offset_ms += 22 * 60_000  # past the planned 45 minutes: the timer turns amber
    shoot(window, out / f"overtime-{tag}.png", app)
    clock.offset_ms += 20 * 60_000  # well past the plan, and nobody at the computer
    window.session_panel.idle_clock = SetIdle(25 * 60_000)
    window.session_panel.check_forgotten()
    shoot(window, out / f"forgotten-{tag}.png", app)
    window.session_panel.still_going_button.click()
    QTest.mouseClick(window.session_panel.end_button, Qt.MouseButton.LeftButton)
    shoot(window, out / f"confirm-end-{tag}.png", app)
    QTest.mouseClick(window.session_panel.confirm_end_button, Qt.MouseButton.LeftButton)
    shoot(window, out / f"review-{tag}.png", app)
    page = window.review_page
    assert page is not None
    page.ensureWidgetVisible(page.few_in_thirds, 0, 0)
    shoot(window, out / f"review-charts-{tag}.png", app)
    page.ensureWidgetVisible(page.moments, 0, 40)  # the timeline with its marked moments
    shoot(window, out / f"review-timeline-{tag}.png", app)
    page.fixer.marks.selectRow(0)  # Fix the record: a mark chosen, its note ready to change
    page.ensureWidgetVisible(page.fixer.remove_mark_button, 0, 40)
    shoot(window, out / f"review-fix-marks-{tag}.png", app)
    page.fixer.marks.clearSelection()
    page.notes.edits["note"].setPlainText(i18n._("Session note") + ": …")
    page.notes.actions_edit.setPlainText(  # stored as typed, and back at the next session
        "Ask Kim for feedback on the plan\nWalk at noon, three days a week\nWrite down one win"
        if lang == "en"
        else "Kim om feedback op het plan vragen\nDrie dagen per week om 12 uur wandelen\n"
        "Eén succes opschrijven"
    )
    page.ensureWidgetVisible(page.notes.actions_edit, 0, 120)
    shoot(window, out / f"review-actions-{tag}.png", app)
    page.verticalScrollBar().setValue(page.verticalScrollBar().maximum())
    shoot(window, out / f"review-notes-{tag}.png", app)
    QTest.mouseClick(page.share_button, Qt.MouseButton.LeftButton)
    share = window.coachee_view()
    assert share is not None
    shoot(share, out / f"share-{tag}.png", app)
    share.close()
    window.actions_.review_past.trigger()
    past = window.past_dialog
    assert past is not None
    QTest.keyClicks(past.name_edit, "Anouk de Vries")
    shoot(past, out / f"past-sessions-{tag}.png", app)
    past.close()
    window.actions_.target_share.trigger()
    target = window.target_dialog
    assert target is not None
    target.enabled.setChecked(True)
    shoot(target, out / f"target-share-{tag}.png", app)
    target.close()
    pdf = data / "report.pdf"
    write_pdf(window.review.report(with_notes=True), pdf)
    pdf_page(pdf, out / f"report-page-{tag}.png")
    follow_up(app, window, clock, out, tag)
    coachee_data(app, window, DataService(store, data, clock), out, tag)
    window.close()
    store.close()

    empty = data / "empty" / "coachdesk.sqlite3"
    empty.parent.mkdir()
    empty.write_bytes(b"")
    stopped = MainWindow()
    stopped.resize(*WINDOW)
    stopped.show()
    try:
        open_store(empty)
    except DatabaseRefused as refusal:
        stopped.show_stop(i18n._("coachdesk cannot open your data"), str(refusal))
    shoot(stopped, out / f"refused-{tag}.png", app)
    stopped.close()
    backups_and_damage(app, data / "coachdesk.sqlite3", tag, out)


def follow_up(
    app: QApplication, window: MainWindow, clock: LaterClock, out: Path, tag: str
) -> None:
    """Anouk's next session: the actions she agreed last time, one marked done."""
    page = window.review_page
    assert page is not None
    QTest.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    window.picker.name_edit.setText("Anouk de Vries")
    QTest.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    live = window.session_panel
    assert live is not None
    for key in "212":
        clock.offset_ms += 240_000
        QTest.keyClick(window, Qt.Key(ord(key)))
    bar = live.follow_up_bar
    QTest.mouseClick(bar.buttons[0][Outcome.DONE], Qt.MouseButton.LeftButton)
    QTest.mouseClick(bar.buttons[1][Outcome.PARTLY], Qt.MouseButton.LeftButton)
    shoot(window, out / f"follow-up-{tag}.png", app)
    clock.offset_ms += 1_800_000
    QTest.mouseClick(live.end_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(live.confirm_end_button, Qt.MouseButton.LeftButton)


def backups_and_damage(app: QApplication, database: Path, tag: str, out: Path) -> None:
    """The Backups dialog with a few backups, and the screen a damaged database brings."""
    import shutil
    from datetime import UTC, datetime, timedelta

    from coachdesk.domain.rotation import Policy
    from coachdesk.store.backup import check_database, make_backup
    from coachdesk.store.backups import Backups
    from coachdesk.ui.backup_runner import BackupRunner
    from coachdesk.ui.backups_dialog import BackupsDialog

    start = datetime(2026, 11, 27, 17, 5, tzinfo=UTC)
    for day in range(4):
        make_backup(database, now=start + timedelta(days=day, minutes=13 * day))
    service = Backups(database)
    runner = BackupRunner(service, Policy(7, 4, 6))
    dialog = BackupsDialog(runner)
    dialog.show()
    dialog.table.selectRow(0)
    shoot(dialog, out / f"backups-{tag}.png", app)
    dialog.close()

    damaged = database.with_name("damaged") / database.name
    damaged.parent.mkdir()
    shutil.copy(database, damaged)
    shutil.copytree(database.parent / "backups", damaged.parent / "backups")
    data = bytearray(damaged.read_bytes())
    data[4096 : 4096 + 64] = bytes(64)  # a page header wiped
    damaged.write_bytes(bytes(data))
    window = MainWindow()
    window.resize(*WINDOW)
    window.show()
    found = "; ".join(check_database(damaged)[:2])
    window.show_damage(str(damaged), found, Backups(damaged).newest_good())
    shoot(window, out / f"damaged-{tag}.png", app)
    window.close()


class ShownPractice:
    """A practice server for the pictures: fixed answers, no server (the tests use a real one)."""

    def connect(self, url: str, password: str | None) -> tuple[str, str | None]:
        return url, password

    def sync(self, url: str, password: str | None, *, notes: bool) -> SyncOutcome:
        return SyncOutcome(1_796_300_000_000, sent_sessions=1)

    def settle(
        self, url: str, password: str | None, uid: str, *, keep_here: bool, notes: bool
    ) -> bool:
        return True

    def last_sync(self) -> SyncOutcome | None:
        differs = Difference(
            "5f0c2d7e-0000-4000-8000-000000000001",
            "Sanne de Vries",
            1_796_100_000_000,
            4,
            (N_("tallies"), N_("notes")),
        )
        renamed = Difference(
            "5f0c2d7e-0000-4000-8000-000000000002",
            "Daan Bos",
            1_790_000_000_000,
            0,
            (COACHEE_NAME, COACHEE_ARCHIVED),
            COACHEE,
            (CoacheeCopy("Daan Bos", "", True), CoacheeCopy("Daan Bosman", "", False)),
        )
        return SyncOutcome(
            1_796_300_000_000, sent_sessions=1, received_sessions=2, to_settle=(differs, renamed)
        )

    def listed(self) -> tuple[Difference, ...]:
        last = self.last_sync()
        return last.to_settle if last is not None else ()

    def recall_password(self, url: str) -> str | None:
        return None

    def remember_password(self, url: str, password: str) -> None:
        pass

    def forget_password(self, url: str) -> None:
        pass

    def overview(self, url: str, password: str | None, zone: str) -> list[OverviewRow]:
        return [
            OverviewRow("anouk", "2026-10", 14, 742, 96, 211, 9),
            OverviewRow("anouk", "2026-11", 17, 905, 118, 260, 12),
            OverviewRow("bas", "2026-10", 9, 471, 88, 102, 4),
            OverviewRow("bas", "2026-11", 11, 590, 97, 140, 7, 4, 6, 1, 3, 5),
            OverviewRow("carmen", "2026-11", 6, 330, 41, 77, 2),
        ]


def practice_scenes(app: QApplication, tag: str, out: Path) -> None:
    """Settings > Practice server… (connected, everything but notes) and the overview."""
    from coachdesk.ui.practice_dialog import PracticeDialog
    from coachdesk.ui.practice_overview import PracticeOverview
    from coachdesk.ui.practice_runner import PracticeRunner

    url = "postgresql://anouk@praktijk.example.nl/praktijk?sslmode=verify-full"
    runner = PracticeRunner(ShownPractice(), url, notes=False)
    runner.start()
    dialog = PracticeDialog(runner)
    dialog.show()
    shoot(dialog, out / f"practice-server-{tag}.png", app)
    dialog.close()
    overview = PracticeOverview(runner)
    overview.url_edit.setText(url.replace("anouk", "sara"))
    overview.show()
    QTest.keyClicks(overview.password_edit, "secret")
    QTest.mouseClick(overview.show_button, Qt.MouseButton.LeftButton)
    while overview.model.rowCount() == 0:  # the worker's answer, delivered to this thread
        runner.wait()
        app.processEvents()
    shoot(overview, out / f"practice-overview-{tag}.png", app)
    overview.close()
    runner.stop()


def scheme_scenes(app: QApplication, tag: str, out: Path) -> None:
    """Settings > Tally schemes…: a preset to read, and a scheme of the coach's own being
    edited, with a key bound twice."""

    from coachdesk.domain.scheme_presets import LISTENING_SCHEME, PRESETS
    from coachdesk.ui.scheme_editor import SchemeEditor

    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "coachdesk.sqlite3")
        dialog = SchemeEditor(store)
        dialog.show()
        dialog.list.setCurrentRow(PRESETS.index(LISTENING_SCHEME))
        shoot(dialog, out / f"scheme-preset-{tag}.png", app)
        QTest.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        dialog.kinds.setCurrentRow(1)
        dialog.hotkey.setFocus()
        QTest.keyClick(dialog.hotkey, Qt.Key.Key_Up)
        shoot(dialog, out / f"scheme-editor-{tag}.png", app)
        dialog.done(0)  # without the question about the change not saved
        store.close()


def scheme_session_scenes(app: QApplication, tag: str, out: Path) -> None:
    """Sessions with other schemes: GROW chosen in the picker, its session and pad, its
    review; a listening session's review with MITI's thresholds turned on; a scheme of the
    coach's own asking which detail."""
    from coachdesk.domain.model import Side
    from coachdesk.domain.schemes import Detail, Kind, Scheme, Words

    data = Path(tempfile.mkdtemp(prefix="coachdesk-shots-"))
    store = open_store(data / "coachdesk.sqlite3")
    clock = LaterClock()
    _controller, window = live_window(store, clock)

    def session(name: str, scheme: str, keys: str, step_ms: int) -> None:
        picker = window.picker
        picker.name_edit.setText(name)
        picker.choose_scheme(scheme)
        if scheme == "grow":
            shoot(window, out / f"picker-scheme-{tag}.png", app)
        QTest.mouseClick(picker.start_button, Qt.MouseButton.LeftButton)
        for key in keys:
            clock.offset_ms += step_ms
            QTest.keyClick(window, Qt.Key(ord(key.upper())))

    session("Anouk de Vries", "grow", "1212", 240_000)
    shoot(window, out / f"session-grow-{tag}.png", app)
    shoot_pad(app, window, out / f"pad-grow-{tag}.png")
    clock.offset_ms += 300_000
    live = window.session_panel
    assert live is not None
    QTest.mouseClick(live.end_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(live.confirm_end_button, Qt.MouseButton.LeftButton)
    page = window.review_page
    assert page is not None
    page.ensureWidgetVisible(page.few_in_thirds, 0, 0)
    shoot(window, out / f"review-grow-{tag}.png", app)

    window.picker.forget()
    window.show_picker()
    session("Coachee K-17", "listening", "13341344", 120_000)
    shoot(window, out / f"session-listening-{tag}.png", app)  # seven cards, in two rows
    clock.offset_ms += 60_000
    live = window.session_panel
    assert live is not None
    QTest.mouseClick(live.end_button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(live.confirm_end_button, Qt.MouseButton.LeftButton)
    page = window.review_page
    assert page is not None
    page.thresholds_check.setChecked(True)
    page.ensureWidgetVisible(page.thresholds_check, 0, 120)
    shoot(window, out / f"review-listening-{tag}.png", app)

    own = Scheme(
        "mine",
        Words("My questions", "Mijn vragen"),
        1,
        (
            Kind("silence", Words("silence held", "stilte gelaten"), "1", "slate", Side.COACHEE),
            Kind(
                "question",
                Words("question asked", "vraag gesteld"),
                "q",
                "blue",
                Side.COACH,
                details=(
                    Detail("scaling", Words("scaling", "schaalvraag")),
                    Detail("miracle", Words("miracle", "wondervraag")),
                    Detail("exception", Words("exception", "uitzondering")),
                ),
            ),
        ),
    )
    store.save_scheme(own)
    window.picker.forget()
    window.show_picker()
    session("Özlem Yılmaz", "mine", "1", 60_000)  # noqa: RUF001
    clock.offset_ms += 60_000
    QTest.keyClick(window, Qt.Key.Key_Q)
    settle(app)
    grab_screen(app, out / f"choice-popup-{tag}.png")
    live = window.session_panel
    assert live is not None
    QTest.keyClick(live.hat_menu, Qt.Key.Key_Escape)
    settle(app)
    window.close()
    settle(app)
    if window.quit_box is not None:
        window.quit_box.reject()
    store.close()


def crypt_scenes(app: QApplication, tag: str, out: Path) -> None:
    """The start-up passphrase (after a wrong one) and Settings > Encryption…, on and off."""
    shown = Path("/home/coach/.local/share/coachdesk")  # where a coach's data would be
    asked = PassphraseDialog(shown, lambda _text: unlock_nothing())
    asked.show()
    QTest.keyClicks(asked.passphrase, "not the passphrase")
    QTest.keyClick(asked.passphrase, Qt.Key.Key_Return)
    shoot(asked, out / f"passphrase-{tag}.png", app)
    asked.close()

    def refuse(_first: str, _second: str) -> str:
        raise WrongPassphrase(i18n._("Wrong passphrase."))

    turn_on = EncryptionDialog(encrypted=False, unavailable=None, blocked=None, convert=refuse)
    turn_on.show()
    QTest.keyClicks(turn_on.passphrase, "otter under the bridge")
    QTest.keyClicks(turn_on.repeated, "otter under the bridge")
    shoot(turn_on, out / f"encryption-on-{tag}.png", app)
    turn_on.close()
    turn_off = EncryptionDialog(encrypted=True, unavailable=None, blocked=None, convert=refuse)
    turn_off.show()
    QTest.keyClicks(turn_off.passphrase, "otter under the fridge")
    QTest.mouseClick(turn_off.go, Qt.MouseButton.LeftButton)
    shoot(turn_off, out / f"encryption-off-{tag}.png", app)
    turn_off.close()
    missing = EncryptionDialog(
        encrypted=False,
        unavailable=i18n._("not available on this computer: install {package}").format(
            package="sqlcipher3-binary"
        ),
        blocked=None,
        convert=refuse,
    )
    missing.show()
    shoot(missing, out / f"encryption-unavailable-{tag}.png", app)
    missing.close()


def unlock_nothing() -> None:
    raise WrongPassphrase(i18n._("Wrong passphrase."))


def coachee_data(
    app: QApplication, window: MainWindow, service: DataService, out: Path, tag: str
) -> None:
    """The Coachees menu's dialogs: choose by typing, confirm an erasure, older backups."""
    window.attach_data(service)
    assert window.rights is not None
    window.actions_.export_record.trigger()
    chooser = window.rights.dialog
    assert isinstance(chooser, ChooseCoacheeDialog)
    shoot(chooser, out / f"export-choose-{tag}.png", app)
    QTest.keyClicks(chooser.name_edit, "anouk de vries")
    popup = chooser.name_edit.completer().popup()
    if popup is not None:
        popup.hide()
    shoot(chooser, out / f"export-chosen-{tag}.png", app)
    chooser.reject()
    anouk = next(c for c in service.coachees() if c.name == "Anouk de Vries")
    window.rights.erase(anouk)
    eraser = window.rights.dialog
    assert isinstance(eraser, EraseDialog)
    QTest.keyClicks(eraser.confirm_edit, "Anouk de V")
    shoot(eraser, out / f"erase-confirm-{tag}.png", app)
    eraser.reject()
    purge = PurgeBackupsDialog([Path("daily-1"), Path("weekly-1")], window)
    purge.show()
    shoot(purge, out / f"erase-backups-{tag}.png", app)
    purge.close()
    # deleting one session: the confirmation names it, what goes and a backup that holds it
    session = service.store.sessions_of(anouk.id)[-1]
    backups = backup_folder(service.store.path)
    backups.mkdir(exist_ok=True)
    service.store.connection.backup(sqlite3.connect(backups / "coachdesk-20261201-000000Z.sqlite3"))
    window.rights.erase_session(session.id)
    deleter = window.rights.dialog
    assert isinstance(deleter, SessionEraseDialog)
    shoot(deleter, out / f"delete-session-{tag}.png", app)
    deleter.reject()
    assert window.event_export is not None
    window.actions_.export_events.trigger()
    forms = window.event_export.dialog
    assert forms is not None
    shoot(forms, out / f"export-all-{tag}.png", app)
    forms.reject()


#: How the actions agreed in the first sessions of the trajectory shown came back.
AGREED: tuple[tuple[Outcome | None, ...], ...] = (
    (Outcome.DONE, Outcome.NOT),
    (Outcome.DONE, Outcome.PARTLY, Outcome.NOT),
    (Outcome.DONE, Outcome.DONE),
    (Outcome.DONE, Outcome.DONE, Outcome.PARTLY),
    (),  # the test run of a minute and a half
    (None, None),
)


def history_scenes(app: QApplication, lang: str, scheme: str, out: Path) -> None:
    """The history window on ``coachdesk demo`` data: the coachee list, a trajectory with
    two sessions side by side, the practice per month."""
    from coachdesk.domain.history import HistoryFilter
    from coachdesk.domain.settings import HistoryChoice
    from coachdesk.ui.history.window import HistoryWindow

    i18n.install(lang)
    qt_language.apply(app, lang)
    data = Path(tempfile.mkdtemp(prefix="coachdesk-shots-"))
    fill_demo(resolve(data), DemoSize(), seed=1)  # coachdesk demo: 12 made-up coachees
    store = open_store(data / "coachdesk.sqlite3")
    first = store.coachee_overviews()[0].coachee  # the coachee whose trajectory is shown
    store.set_left_out(store.trajectory(first.id, HistoryFilter())[2].id, True)  # one left out
    # and a session too short to count: a test run of a minute and a half, a day after the 4th
    fourth = store.trajectory(first.id, HistoryFilter())[3]
    test_run = store.start_session(first.id, fourth.started_at_ms + 86_400_000, None)
    advice = min(store.tally_kinds(), key=lambda k: k.position)
    store.add_tally(test_run, advice.id, 30_000, fourth.started_at_ms + 86_430_000, None)
    store.end_session(test_run, 90_000, fourth.started_at_ms + 86_490_000)
    for session, marks in zip(store.trajectory(first.id, HistoryFilter()), AGREED, strict=False):
        store.set_agreed_actions(session.id, [f"step {n}" for n in range(len(marks))])
        for action, outcome in zip(store.agreed_actions(session.id), marks, strict=True):
            store.set_outcome(action.id, outcome)
    window = HistoryWindow(store, HistoryChoice(), print, print, store.tally_kinds(), 0.5)
    if WINDOW_CHOSEN:
        window.resize(*WINDOW)
    window.show()
    tag = f"{lang}-{scheme}"
    coachees = window.coachees
    coachees.table.selectRow(0)
    shoot(window, out / f"history-coachees-{tag}.png", app)
    QTest.mouseClick(coachees.open_button, Qt.MouseButton.LeftButton)
    table = window.trajectory.table
    table.selectRow(1)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.selectionModel().select(window.trajectory.proxy.index(4, 0), flags)
    shoot(window, out / f"history-trajectory-{tag}.png", app)
    window.tabs.setCurrentWidget(window.practice)
    shoot(window, out / f"history-practice-{tag}.png", app)
    scheme_history_scenes(app, window, store, tag, out)
    window.close()
    store.close()


#: The legs of a Four legs session each, in order: network support stays missing.
LEGS_HELD = (
    ("socio_emotional", "autonomy", "career"),
    ("socio_emotional", "career", "career"),
    ("career", "socio_emotional"),
    ("career",),
    ("socio_emotional", "career"),
)


def scheme_history_scenes(
    app: QApplication, window: QWidget, store: SqlStore, tag: str, out: Path
) -> None:
    """The same window once a coachee's later sessions use Four legs: their trajectory over
    both schemes, then limited to Four legs (how long each leg has been missing), and the
    practice's spread over the legs."""
    from coachdesk.domain.history import HistoryFilter
    from coachdesk.ui.history.window import HistoryWindow

    assert isinstance(window, HistoryWindow)
    # the coachee whose last session is the longest ago: their Four legs sessions are past
    quiet = min(
        (o for o in store.coachee_overviews() if o.last_started_at_ms is not None),
        key=lambda o: o.last_started_at_ms or 0,
    )
    coachee = quiet.coachee
    last = store.trajectory(coachee.id, HistoryFilter())[-1].started_at_ms
    for n, legs in enumerate(LEGS_HELD, start=1):
        start = last + n * 3 * 86_400_000
        session = store.start_session(coachee.id, start, 60, SchemeRef("four_legs", 1))
        ids = {k.key: k.id for k in store.session_kinds(session)}
        for m, leg in enumerate(legs, start=1):
            store.add_tally(session, ids[leg], m * 300_000, start + m * 300_000, None)
        store.end_session(session, 55 * 60_000, start + 56 * 60_000)
    window.reload()
    window.show_trajectory(coachee)
    settle(app)
    window.trajectory.table.scrollToBottom()  # its newest sessions, those of Four legs
    shoot(window, out / f"history-schemes-mixed-{tag}.png", app)
    box = window.filter_bar.scheme
    box.setCurrentIndex(box.findData("four_legs"))
    shoot(window, out / f"history-schemes-legs-{tag}.png", app)
    window.tabs.setCurrentWidget(window.practice)
    shoot(window, out / f"history-schemes-practice-{tag}.png", app)
    box.setCurrentIndex(0)


def about_scenes(app: QApplication, tag: str, out: Path) -> None:
    window = MainWindow()
    window.show()
    window.actions_.about.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None
    shoot(about, out / f"about-{tag}.png", app)
    about.close()
    window.close()


def icon_sizes(out: Path) -> None:
    """The icon as desktops draw it, 16 to 256 pixels, side by side."""
    sizes = (16, 24, 32, 48, 64, 128, 256)
    sheet = QImage(sum(sizes) + 16 * len(sizes) + 16, 256 + 32, QImage.Format.Format_ARGB32)
    sheet.fill(QColor("#f0f0f0"))
    painter = QPainter(sheet)
    x = 16
    for size in sizes:
        painter.drawPixmap(x, 16 + 256 - size, app_icon().pixmap(size, size))
        x += size + 16
    painter.end()
    sheet.save(str(out / "icon-sizes.png"))
    print(out / "icon-sizes.png")


def dark_palette() -> QPalette:
    """A dark palette like the ones desktops hand Qt, for the dark screenshots."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2e",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e20",
        QPalette.ColorRole.AlternateBase: "#2b2b2e",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#353538",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.Mid: "#8a8a90",
        QPalette.ColorRole.Midlight: "#46464a",
        QPalette.ColorRole.Highlight: "#3d6fb6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#353538",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#9a9aa0",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#77777c"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#77777c"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#77777c"))
    return palette


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--langs", nargs="*", default=["en", "nl"])
    parser.add_argument("--schemes", nargs="*", default=["light", "dark"])
    parser.add_argument(
        "--views",
        nargs="*",
        choices=["main", "history", "encryption", "practice", "schemes", "about"],
        default=["main", "history", "encryption", "practice", "schemes", "about"],
    )
    parser.add_argument("--window", help="window size in logical pixels, e.g. 640x400")
    args = parser.parse_args()
    if args.window:
        global WINDOW, WINDOW_CHOSEN
        width, height = (int(n) for n in args.window.split("x"))
        WINDOW, WINDOW_CHOSEN = (width, height), True
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    app.setWindowIcon(app_icon())
    light = app.palette()
    for scheme in args.schemes:
        app.setPalette(dark_palette() if scheme == "dark" else light)
        for lang in args.langs:
            if "main" in args.views:
                scenes(app, lang, scheme, out)
            if "history" in args.views:
                history_scenes(app, lang, scheme, out)
            if "encryption" in args.views:
                i18n.install(lang)
                qt_language.apply(app, lang)
                crypt_scenes(app, f"{lang}-{scheme}", out)
            if "practice" in args.views:
                i18n.install(lang)
                qt_language.apply(app, lang)
                practice_scenes(app, f"{lang}-{scheme}", out)
            if "schemes" in args.views:
                i18n.install(lang)
                qt_language.apply(app, lang)
                scheme_scenes(app, f"{lang}-{scheme}", out)
                scheme_session_scenes(app, f"{lang}-{scheme}", out)
            if "about" in args.views:
                i18n.install(lang)
                qt_language.apply(app, lang)
                about_scenes(app, f"{lang}-{scheme}", out)
    if "about" in args.views:
        icon_sizes(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
