"""Settings > Practice server… and the Practice overview, driven like a coach and a
supervisor would, against the throwaway PostgreSQL cluster."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from coachdesk.domain import settings
from coachdesk.domain.paths import Paths
from coachdesk.domain.scheme_presets import FOUR_LEGS_SCHEME
from coachdesk.store import open_store
from coachdesk.store.server import SCHEMA, passwords
from coachdesk.store.server.sync import LISTED_FILE, sync
from coachdesk.ui.practice_dialog import PracticeDialog
from coachdesk.ui.practice_overview import OverviewModel, PracticeOverview
from coachdesk.ui.practice_runner import PracticeRunner
from coachdesk.wiring.app import Shell
from tests import pgserver
from tests.fakes import FakeClock
from tests.keyrings import MemoryKeyring, keyring_set
from tests.practice import add_scheme_session, add_session, files_holding
from tests.practice_server.conftest import PASSWORDS, Practice, set_up
from tests.quitting import close_window
from tests.ui.accessibility import unnamed
from tests.ui.conftest import activate

pytestmark = pytest.mark.usefixtures("english_numbers")


@pytest.fixture
def practice(pg: pgserver.Cluster) -> Practice:
    return set_up(pg)


def bare_url(practice: Practice, name: str) -> str:
    """``name``'s login over the socket, without a password (as a coach types it)."""
    cluster = practice.cluster
    return (
        f"postgresql://{name}@/postgres?host={quote(str(cluster.socket_dir))}&port={cluster.port}"
    )


def server_count(practice: Practice, table: str, coach: str = "anna") -> int:
    with psycopg.connect(practice.admin) as conn:
        row = conn.execute(
            f"SELECT count(*) FROM {SCHEMA}.{table} WHERE coach = %s", (coach,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def runner_of(shell: Shell) -> PracticeRunner:
    assert shell.practice is not None
    return shell.practice


def open_dialog(qtbot: QtBot, shell: Shell) -> PracticeDialog:
    activate(qtbot, shell.window)
    shell.window.actions_.practice_server.trigger()  # Settings > Practice server…
    dialog = shell.window.practice_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def connect(qtbot: QtBot, shell: Shell, practice: Practice) -> PracticeDialog:
    dialog = open_dialog(qtbot, shell)
    qtbot.keyClicks(dialog.url_edit, bare_url(practice, "anna"))
    qtbot.keyClicks(dialog.password_edit, PASSWORDS["anna"])
    with qtbot.waitSignal(runner_of(shell).synced, timeout=30_000):  # the first round
        click(qtbot, dialog.connect_button)
    # Its worker lets go just after the outcome is sent: then a new round may start.
    qtbot.waitUntil(lambda: not runner_of(shell).busy, timeout=30_000)
    return dialog


def record_a_session(qtbot: QtBot, shell: Shell, name: str) -> None:
    main = shell.window
    activate(qtbot, main)
    qtbot.keyClicks(main.picker.name_edit, name)
    click(qtbot, main.picker.start_button)
    qtbot.keyClick(main, Qt.Key.Key_1)
    qtbot.keyClick(main, Qt.Key.Key_2)
    assert main.session_panel is not None
    click(qtbot, main.session_panel.end_button)
    click(qtbot, main.session_panel.confirm_end_button)


def test_connect_sync_after_a_session_choose_and_disconnect(
    qtbot: QtBot, shell: Shell, paths: Paths, practice: Practice
) -> None:
    dialog = connect(qtbot, shell, practice)
    assert dialog.url_edit.isReadOnly() and dialog.connect_button.text() == "&Disconnect"
    kept = settings.load(paths.settings_file)
    assert kept.practice_url is not None and kept.practice_notes is True
    assert conninfo_to_dict(kept.practice_url) == conninfo_to_dict(bare_url(practice, "anna"))
    assert PASSWORDS["anna"] not in paths.settings_file.read_text(encoding="utf-8")
    dialog.reject()
    # A session ends: a round follows by itself, and the server holds what the database does.
    with qtbot.waitSignal(runner_of(shell).synced, timeout=30_000):
        record_a_session(qtbot, shell, "Bram")
    assert shell.store is not None
    assert server_count(practice, "coaching_session") == 1
    assert (
        server_count(practice, "tally")
        == 2
        == shell.store.connection.execute("SELECT count(*) FROM tally").fetchone()[0]
    )
    dialog = open_dialog(qtbot, shell)
    assert "1 session sent, 0 sessions received." in dialog.last_label.text()
    click(qtbot, dialog.no_notes)
    assert settings.load(paths.settings_file).practice_notes is False
    assert runner_of(shell).notes is False
    click(qtbot, dialog.connect_button)  # Disconnect
    assert settings.load(paths.settings_file).practice_url is None
    assert dialog.connect_button.text() == "&Connect" and not dialog.sync_button.isEnabled()
    assert "What went up stays on the server." in dialog.status.text()


def test_notes_chosen_off_never_reach_the_server_from_the_app(
    qtbot: QtBot, shell: Shell, practice: Practice
) -> None:
    dialog = connect(qtbot, shell, practice)
    click(qtbot, dialog.no_notes)
    dialog.reject()
    record_a_session(qtbot, shell, "Bram")
    review = shell.window.review_page
    assert review is not None and shell.store is not None
    qtbot.keyClicks(review.notes.edits["note"], "Qx9 kept on this computer")
    assert shell.store.connection.execute(
        "SELECT count(*) FROM session_note WHERE text LIKE 'Qx9%'"
    ).fetchone() == (1,)
    with qtbot.waitSignal(runner_of(shell).synced, timeout=30_000):
        click(qtbot, open_dialog(qtbot, shell).sync_button)
    qtbot.waitUntil(lambda: not runner_of(shell).busy, timeout=30_000)  # every round asked
    assert server_count(practice, "coaching_session") == 1
    assert server_count(practice, "session_note") == 0
    with psycopg.connect(practice.admin) as conn:
        assert conn.execute(
            f"SELECT count(*) FROM {SCHEMA}.coachee WHERE note <> ''"
        ).fetchone() == (0,)


def test_what_another_computer_sent_up_arrives_in_the_picker(
    qtbot: QtBot, shell: Shell, practice: Practice, tmp_path: Path
) -> None:
    dialog = connect(qtbot, shell, practice)
    laptop = tmp_path / "laptop"
    store = open_store(laptop / "coachdesk.sqlite3")
    clock = FakeClock(now_ms=1_795_000_000_000)
    try:
        add_session(store, clock, "Chris from the laptop")
        with psycopg.connect(practice.login("anna")) as conn:
            sync(store, laptop, conn, clock.now_ms())
    finally:
        store.close()
    # The first round's button back (its end is delivered to this thread after the worker).
    qtbot.waitUntil(dialog.sync_button.isEnabled, timeout=30_000)
    with qtbot.waitSignal(runner_of(shell).synced, timeout=30_000) as synced:
        click(qtbot, dialog.sync_button)
    qtbot.waitUntil(dialog.sync_button.isEnabled, timeout=30_000)  # and back again after it
    assert synced.args[0].received_sessions == 1
    assert "0 sessions sent, 1 session received." in dialog.last_label.text()
    known = shell.window.picker.known
    names = [known.item(row).text() for row in range(known.rowCount())]
    assert names == ["Chris from the laptop"]
    assert shell.store is not None and [c.name for c in shell.store.coachees()] == names


def test_a_refused_password_is_a_quiet_note_and_the_timer_waits_for_another(
    qtbot: QtBot, shell: Shell, practice: Practice
) -> None:
    connect(qtbot, shell, practice)
    runner = runner_of(shell)
    runner.password = "not the password"
    with qtbot.waitSignal(runner.failed, timeout=30_000) as failed:
        runner.sync_now()
    assert "password authentication failed" in str(failed.args[0])
    assert "Give the password in Settings > Practice server…" in str(failed.args[0])
    qtbot.waitUntil(lambda: "Not synced with the practice server" in (
        shell.window.statusBar().currentMessage()
    ))  # fmt: skip
    assert runner.login_refused
    qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)  # the failed round let go
    runner.sync_if_idle()  # what the timer calls: nothing starts
    assert not runner.busy
    runner.password = PASSWORDS["anna"]
    assert not runner.login_refused
    with qtbot.waitSignal(runner.synced, timeout=30_000):
        runner.sync_if_idle()


def test_a_round_held_up_on_the_server_never_holds_up_a_tally(
    qtbot: QtBot, shell: Shell, practice: Practice
) -> None:
    connect(qtbot, shell, practice).reject()
    runner = runner_of(shell)
    main = shell.window
    with psycopg.connect(practice.admin, autocommit=True) as admin:
        admin.execute("SELECT pg_advisory_lock(hashtext('coachdesk sync anna'))")
        runner.sync_now()

        def waiting() -> bool:
            return bool(
                admin.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE usename = 'anna'"
                    " AND wait_event_type = 'Lock'"
                ).fetchall()
            )

        qtbot.waitUntil(waiting, timeout=30_000)
        # The round waits inside the server; the window records all the same.
        activate(qtbot, main)
        qtbot.keyClicks(main.picker.name_edit, "Dana")
        click(qtbot, main.picker.start_button)
        qtbot.keyClick(main, Qt.Key.Key_1)
        assert shell.store is not None
        assert shell.store.connection.execute("SELECT count(*) FROM tally").fetchone() == (1,)
        assert runner.busy
        with qtbot.waitSignal(runner.synced, timeout=30_000):
            admin.execute("SELECT pg_advisory_unlock_all()")
    # The session is still open: it stays on this computer until it ends.
    assert server_count(practice, "coaching_session") == 0


def test_the_practice_dialog_and_overview_name_every_control(
    qtbot: QtBot, shell: Shell, practice: Practice
) -> None:
    dialog = open_dialog(qtbot, shell)
    assert unnamed(dialog) == []
    click(qtbot, dialog.overview_button)
    overview = shell.window.overview_window
    assert overview is not None
    qtbot.waitExposed(overview)
    assert unnamed(overview) == []


def supervisors_practice(practice: Practice, tmp_path: Path, *, legs: bool = False) -> None:
    """Two sessions of anna's and one of ben's, synced up from their own machines; with
    ``legs``, one more of ben's recorded with the Four legs scheme."""
    for coach, sessions, start in (("anna", 2, 1_795_000_000_000), ("ben", 1, 1_797_000_000_000)):
        folder = tmp_path / coach
        store = open_store(folder / "coachdesk.sqlite3")
        clock = FakeClock(now_ms=start)
        try:
            for _ in range(sessions):
                add_session(store, clock, f"Coachee of {coach}", f"note of {coach}")
            if legs and coach == "ben":
                add_scheme_session(
                    store, clock, f"Coachee of {coach}", FOUR_LEGS_SCHEME, ("network", "career")
                )
            with psycopg.connect(practice.login(coach)) as conn:
                sync(store, folder, conn, clock.now_ms())
        finally:
            store.close()


def overview_of_sara(qtbot: QtBot, shell: Shell, practice: Practice) -> PracticeOverview:
    """Settings > Practice overview…, the supervisor's login typed, the figures asked for."""
    shell.window.actions_.practice_overview.trigger()
    overview = shell.window.overview_window
    assert isinstance(overview, PracticeOverview)
    qtbot.waitExposed(overview)
    qtbot.keyClicks(overview.url_edit, bare_url(practice, "sara"))
    qtbot.keyClicks(overview.password_edit, PASSWORDS["sara"])
    with qtbot.waitSignal(runner_of(shell).overview_ready, timeout=30_000):
        click(qtbot, overview.show_button)
    return overview


def test_a_supervisor_sees_figures_per_coach_and_month_and_nothing_else(
    qtbot: QtBot, shell: Shell, practice: Practice, tmp_path: Path
) -> None:
    supervisors_practice(practice, tmp_path)
    overview = overview_of_sara(qtbot, shell, practice)
    runner = runner_of(shell)
    model = overview.model
    shown = [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    # Each add_session is 4 minutes active: advice (the coach's side), two actions (the
    # coachee's) and a hat.
    assert shown == [
        ["anna", "2026-11", "2", "8", "2", "4", "2"],
        ["ben", "2026-12", "1", "4", "1", "2", "1"],
    ]
    assert not any("Coachee of" in cell or "note of" in cell for row in shown for cell in row)
    assert overview.status.text() == "Coaches: 2. Months: 2."
    # A coach's login gets no figures: the overview is for supervisors.
    overview.url_edit.clear()
    qtbot.keyClicks(overview.url_edit, bare_url(practice, "anna"))
    overview.password_edit.clear()
    qtbot.keyClicks(overview.password_edit, PASSWORDS["anna"])
    with qtbot.waitSignal(runner.overview_failed, timeout=30_000):
        click(qtbot, overview.show_button)
    assert "anna is not a supervisor of this practice" in overview.status.text()
    assert overview.show_button.isEnabled()


def test_the_overview_model_is_a_well_behaved_table(qtmodeltester: object) -> None:
    from coachdesk.domain.practice import OverviewRow

    model = OverviewModel()
    model.set_rows([OverviewRow("anna", "2026-11", 2, 90, 3, 5, 1)])
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.index(0, 3).data() == "90"
    assert model.index(0, 3).data(Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Coach's side"


def test_no_round_on_the_timer_while_a_session_left_open_waits_to_be_settled(
    qtbot: QtBot, paths: Paths, practice: Practice
) -> None:
    from PySide6.QtWidgets import QApplication

    store = open_store(paths.database)
    add_session(store, FakeClock(), "Bram", end=False)  # as a crash leaves it
    store.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    prefs = settings.Settings(practice_url=practice.login("anna"))
    shell = Shell(app, paths, prefs, None, None)
    qtbot.addWidget(shell.window)
    try:
        qtbot.waitUntil(lambda: shell.controller is not None)
        qtbot.waitUntil(lambda: shell.practice is not None)  # after the first paint
        main = shell.window
        assert main.stack.currentWidget() is main.recovery
        runner = runner_of(shell)
        runner.sync_if_idle()  # what the timer calls
        assert not runner.busy and runner.last is None
        click(qtbot, main.recovery.end_button)  # settled: ended at its last tally
        assert main.stack.currentWidget() is not main.recovery
        with qtbot.waitSignal(runner.synced, timeout=30_000):
            runner.sync_if_idle()
        assert server_count(practice, "coaching_session") == 1
    finally:
        close_window(shell.window)
        shell.close()
        shell.window.deleteLater()


def sync_now(qtbot: QtBot, shell: Shell, dialog: PracticeDialog) -> None:
    """Sync now, once the last round is over and its button back, and wait for the round."""
    qtbot.waitUntil(dialog.sync_button.isEnabled, timeout=30_000)
    with qtbot.waitSignal(runner_of(shell).synced, timeout=30_000):
        click(qtbot, dialog.sync_button)
    qtbot.waitUntil(lambda: not runner_of(shell).busy, timeout=30_000)


def a_session_edited_after_it_went_up(qtbot: QtBot, shell: Shell, practice: Practice) -> str:
    """Bram's session recorded and sent up with a note, then the note changed here and,
    meanwhile, on the server (as another computer of the coach would): listed in the dialog
    as a difference; the session's uid."""
    dialog = connect(qtbot, shell, practice)
    dialog.reject()
    with qtbot.waitSignal(runner_of(shell).synced, timeout=30_000):
        record_a_session(qtbot, shell, "Bram")
    qtbot.waitUntil(lambda: not runner_of(shell).busy, timeout=30_000)
    review = shell.window.review_page
    assert review is not None and shell.store is not None
    qtbot.keyClicks(review.notes.edits["note"], "first words")
    dialog = open_dialog(qtbot, shell)
    assert dialog.to_settle.isHidden()
    sync_now(qtbot, shell, dialog)
    assert server_note(practice) == [("note", "first words")]
    qtbot.keyClicks(review.notes.edits["note"], ", then more")
    with psycopg.connect(practice.admin) as conn:
        conn.execute(f"UPDATE {SCHEMA}.session_note SET text = 'the laptop''s words'")
    sync_now(qtbot, shell, dialog)
    assert dialog.to_settle.isVisible() and dialog.differences.count() == 1
    shown = dialog.differences.item(0).text()
    assert shown.startswith("Bram, session 1 of ") and shown.endswith(": differs in notes.")
    assert "choose which copy to keep below" in dialog.status.text()
    (uid,) = shell.store.connection.execute("SELECT uid FROM coaching_session").fetchone()
    return str(uid)


def server_note(practice: Practice) -> list[tuple[str, str]]:
    with psycopg.connect(practice.admin) as conn:
        return [
            (str(r[0]), str(r[1]))
            for r in conn.execute(f"SELECT field, text FROM {SCHEMA}.session_note ORDER BY 1")
        ]


def test_keep_this_computers_copy_replaces_the_servers_and_the_list_forgets_it(
    qtbot: QtBot, shell: Shell, practice: Practice
) -> None:
    a_session_edited_after_it_went_up(qtbot, shell, practice)
    dialog = shell.window.practice_dialog
    assert dialog is not None and shell.store is not None
    before_here = shell.store.read_archive(0)
    dialog.differences.setFocus()
    with qtbot.waitSignal(runner_of(shell).settled, timeout=30_000):
        qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    assert server_note(practice) == [("note", "first words, then more")]
    assert shell.store.read_archive(0) == before_here  # this computer's copy as it was
    assert dialog.to_settle.isHidden() and dialog.differences.count() == 0
    assert "this computer's copy is now on the server" in dialog.status.text()
    sync_now(qtbot, shell, dialog)
    assert dialog.differences.count() == 0


def test_take_the_servers_copy_replaces_this_computers_and_the_list_forgets_it(
    qtbot: QtBot, shell: Shell, practice: Practice
) -> None:
    uid = a_session_edited_after_it_went_up(qtbot, shell, practice)
    dialog = shell.window.practice_dialog
    assert dialog is not None and shell.store is not None
    server_before = (server_count(practice, "tally"), server_note(practice))
    assert server_before[1] == [("note", "the laptop's words")]
    with qtbot.waitSignal(runner_of(shell).settled, timeout=30_000):
        click(qtbot, dialog.take_server_button)
    assert (server_count(practice, "tally"), server_note(practice)) == server_before
    assert shell.store.connection.execute(
        "SELECT s.field, s.text FROM session_note s JOIN coaching_session c"
        " ON c.id = s.session_id WHERE c.uid = ?",
        (uid,),
    ).fetchall() == [("note", "the laptop's words")]
    assert shell.store.connection.execute("SELECT count(*) FROM tally").fetchone() == (2,)
    assert dialog.to_settle.isHidden()
    assert "the server's copy is now on this computer" in dialog.status.text()


@contextmanager
def started(qtbot: QtBot, paths: Paths) -> Iterator[Shell]:
    """The app started again on ``paths``, with the settings kept there, all open."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # Not handed to qtbot: it is closed and deleted here, before a later start of the test.
    again = Shell(app, paths, settings.load(paths.settings_file), None, None)
    try:
        qtbot.waitUntil(lambda: again.practice is not None)  # after the first paint
        yield again
    finally:
        close_window(again.window)
        again.close()
        again.window.deleteLater()


def test_a_password_kept_in_the_keyring_is_used_at_the_next_start_and_deleted_when_off(
    qtbot: QtBot, shell: Shell, paths: Paths, practice: Practice
) -> None:
    kept = MemoryKeyring()
    with keyring_set(kept):
        dialog = open_dialog(qtbot, shell)
        assert not dialog.keyring_check.isChecked()  # off unless the coach asks
        click(qtbot, dialog.keyring_check)
        assert settings.load(paths.settings_file).practice_keyring is True
        assert kept.kept == {}  # not connected yet: nothing to keep
        with qtbot.waitSignal(runner_of(shell).keyring_done, timeout=30_000):
            connect(qtbot, shell, practice)
        entry = (passwords.SERVICE, passwords.account(bare_url(practice, "anna")))
        assert kept.kept == {entry: PASSWORDS["anna"]}
        dialog.reject()
        close_window(shell.window)
        shell.close()

        # The next start: a round with the keyring's password, nothing typed.
        with started(qtbot, paths) as again:
            runner = runner_of(again)
            assert runner.password is None and runner.keep_password
            with qtbot.waitSignal(runner.synced, timeout=30_000):
                runner.sync_now()
            assert runner.password == PASSWORDS["anna"] and not runner.login_refused
            dialog = open_dialog(qtbot, again)
            assert dialog.keyring_check.isChecked()
            assert dialog.password_edit.placeholderText() == "kept in this computer's keyring"
            qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)
            with qtbot.waitSignal(runner.keyring_done, timeout=30_000) as done:
                click(qtbot, dialog.keyring_check)  # off: deleted from the keyring
            assert done.args == [False] and kept.kept == {}
            assert "deleted from the keyring" in dialog.status.text()
            assert settings.load(paths.settings_file).practice_keyring is False
    assert files_holding(paths.data_dir, PASSWORDS["anna"]) == []
    assert files_holding(paths.settings_file.parent, PASSWORDS["anna"]) == []


def test_a_password_changed_after_a_refusal_replaces_the_keyrings_once_it_works(
    qtbot: QtBot, shell: Shell, practice: Practice
) -> None:
    kept = MemoryKeyring()
    entry = (passwords.SERVICE, passwords.account(bare_url(practice, "anna")))
    with keyring_set(kept):
        dialog = open_dialog(qtbot, shell)
        click(qtbot, dialog.keyring_check)
        connect(qtbot, shell, practice)
        runner = runner_of(shell)
        qtbot.waitUntil(lambda: kept.kept == {entry: PASSWORDS["anna"]}, timeout=30_000)
        with psycopg.connect(practice.admin, autocommit=True) as conn:
            conn.execute("ALTER ROLE anna PASSWORD 'anna-new'")
        with qtbot.waitSignal(runner.failed, timeout=30_000):
            runner.sync_now()
        assert runner.login_refused
        qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)
        dialog.password_edit.clear()
        qtbot.keyClicks(dialog.password_edit, "anna-new")
        with qtbot.waitSignal(runner.keyring_done, timeout=30_000):
            sync_now(qtbot, shell, dialog)
        assert kept.kept == {entry: "anna-new"}


def test_without_a_usable_keyring_it_says_so_and_asks_each_start(
    qtbot: QtBot, shell: Shell, paths: Paths, practice: Practice
) -> None:
    from keyring.backends import fail

    with keyring_set(fail.Keyring()):
        dialog = connect(qtbot, shell, practice)
        runner = runner_of(shell)
        with qtbot.waitSignal(runner.keyring_failed, timeout=30_000) as failed:
            click(qtbot, dialog.keyring_check)
        assert str(failed.args[0]).startswith("No keyring is usable on this computer (")
        assert "coachdesk asks for it each time it starts" in dialog.status.text()
        assert not dialog.keyring_check.isChecked() and not runner.keep_password
        assert settings.load(paths.settings_file).practice_keyring is False
        assert files_holding(paths.data_dir, PASSWORDS["anna"]) == []
        assert files_holding(paths.settings_file.parent, PASSWORDS["anna"]) == []


class BrokenKeyring(MemoryKeyring):
    """A keyring whose daemon stopped answering: its backend's own error, not keyring's."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("org.freedesktop.DBus.Error.NoReply")


def test_a_keyring_that_stops_answering_never_holds_sync_up(
    qtbot: QtBot, paths: Paths, practice: Practice
) -> None:
    settings.save(paths.settings_file, settings.Settings(practice_keyring=True))
    with keyring_set(BrokenKeyring()), started(qtbot, paths) as again:
        runner = runner_of(again)
        runner.url = bare_url(practice, "anna")
        with qtbot.waitSignal(runner.keyring_failed, timeout=30_000) as failed:
            runner.sync_now()  # the keyring is asked for the password, and fails
        assert "No keyring is usable on this computer (" in str(failed.args[0])
        qtbot.waitUntil(lambda: not runner.busy, timeout=30_000)
        runner.password = PASSWORDS["anna"]  # typed by the coach
        with qtbot.waitSignal(runner.synced, timeout=30_000):
            runner.sync_now()  # sync goes on


def shown_differences(dialog: PracticeDialog) -> list[str]:
    return [dialog.differences.item(i).text() for i in range(dialog.differences.count())]


def test_the_differences_to_settle_are_shown_again_after_a_restart_until_settled(
    qtbot: QtBot, shell: Shell, paths: Paths, practice: Practice
) -> None:
    uid = a_session_edited_after_it_went_up(qtbot, shell, practice)
    dialog = shell.window.practice_dialog
    assert dialog is not None
    before = shown_differences(dialog)
    dialog.reject()
    close_window(shell.window)
    shell.close()
    # The list is kept as uids: the name is in the database (and its backups) only.
    assert (paths.data_dir / LISTED_FILE).exists()
    assert [p.suffix for p in files_holding(paths.data_dir, "Bram")] == [".sqlite3"] * len(
        files_holding(paths.data_dir, "Bram")
    )

    with started(qtbot, paths) as again:
        runner = runner_of(again)
        qtbot.waitUntil(lambda: bool(runner.last and runner.last.to_settle), timeout=30_000)
        dialog = open_dialog(qtbot, again)
        assert dialog.to_settle.isVisible() and shown_differences(dialog) == before
        # Settled before any round of this run: the keyring's password is taken for it.
        kept = MemoryKeyring()
        kept.set_password(passwords.SERVICE, passwords.account(runner.url or ""), PASSWORDS["anna"])
        runner.choose_keyring(True)
        with keyring_set(kept), qtbot.waitSignal(runner.settled, timeout=30_000):
            click(qtbot, dialog.take_server_button)
        assert runner.password == PASSWORDS["anna"]
        assert dialog.to_settle.isHidden()
        assert again.store is not None and again.store.connection.execute(
            "SELECT s.text FROM session_note s JOIN coaching_session c ON c.id = s.session_id"
            " WHERE c.uid = ?",
            (uid,),
        ).fetchall() == [("the laptop's words",)]

    with started(qtbot, paths) as third:
        runner = runner_of(third)
        runner.wait()  # the list read back (nothing) before the dialog looks ...
        QCoreApplication.processEvents()  # ... and delivered
        dialog = open_dialog(qtbot, third)
        assert dialog.to_settle.isHidden() and dialog.differences.count() == 0


def test_a_difference_gone_by_itself_leaves_the_list_at_the_next_round(
    qtbot: QtBot, shell: Shell, paths: Paths, practice: Practice
) -> None:
    a_session_edited_after_it_went_up(qtbot, shell, practice)
    dialog = shell.window.practice_dialog
    assert dialog is not None
    # Another computer settles it the same way (the server gets this computer's words).
    with psycopg.connect(practice.admin) as conn:
        conn.execute(f"UPDATE {SCHEMA}.session_note SET text = 'first words, then more'")
    sync_now(qtbot, shell, dialog)
    assert dialog.to_settle.isHidden() and dialog.differences.count() == 0
    dialog.reject()
    close_window(shell.window)
    shell.close()
    with started(qtbot, paths) as again:
        runner_of(again).wait()  # the list read back (nothing) ...
        QCoreApplication.processEvents()  # ... and delivered
        dialog = open_dialog(qtbot, again)
        assert dialog.to_settle.isHidden()


def test_a_coachee_renamed_on_both_sides_is_settled_in_the_dialog(
    qtbot: QtBot, shell: Shell, practice: Practice
) -> None:
    dialog = connect(qtbot, shell, practice)
    dialog.reject()
    with qtbot.waitSignal(runner_of(shell).synced, timeout=30_000):
        record_a_session(qtbot, shell, "Bram")
    qtbot.waitUntil(lambda: not runner_of(shell).busy, timeout=30_000)
    assert shell.store is not None
    (coachee,) = shell.store.coachees()
    shell.store.set_archived(coachee.id, True, 1_795_000_000_000)
    with psycopg.connect(practice.admin) as conn:
        conn.execute(f"UPDATE {SCHEMA}.coachee SET name = 'Bram Bakker'")
    dialog = open_dialog(qtbot, shell)
    sync_now(qtbot, shell, dialog)
    assert shown_differences(dialog) == [
        "Coachee Bram: differs in name, archive mark. This computer: “Bram”, archived; the "
        "server: “Bram Bakker”, not archived."
    ]
    assert "1 record differs: choose which copy to keep below." in dialog.status.text()
    with qtbot.waitSignal(runner_of(shell).settled, timeout=30_000):
        click(qtbot, dialog.take_server_button)
    assert [(c.name, c.archived_at_ms) for c in shell.store.read_archive(0).coachees] == [
        ("Bram Bakker", None)
    ]
    known = shell.window.picker.known
    assert [known.item(row).text() for row in range(known.rowCount())] == ["Bram Bakker"]
    assert dialog.to_settle.isHidden()
    sync_now(qtbot, shell, dialog)
    assert dialog.differences.count() == 0


def test_a_keyring_unusable_at_a_later_start_is_said_and_the_choice_stands(
    qtbot: QtBot, paths: Paths, practice: Practice
) -> None:
    from keyring.backends import fail

    url = bare_url(practice, "anna")
    settings.save(paths.settings_file, settings.Settings(practice_url=url, practice_keyring=True))
    with keyring_set(fail.Keyring()), started(qtbot, paths) as again:
        runner = runner_of(again)
        with (
            qtbot.waitSignal(runner.keyring_failed, timeout=30_000) as said,
            qtbot.waitSignal(runner.failed, timeout=30_000),  # no password: refused
        ):
            runner.sync_now()
        assert str(said.args[0]).startswith("No keyring is usable on this computer (")
        assert runner.login_refused and runner.keep_password  # a locked keyring may open later
        assert settings.load(paths.settings_file).practice_keyring is True
        dialog = open_dialog(qtbot, again)
        assert dialog.keyring_check.isChecked() and dialog.password_edit.placeholderText() == ""


def test_the_overview_shows_the_legs_of_the_chair_once_a_coach_used_them(
    qtbot: QtBot, shell: Shell, practice: Practice, tmp_path: Path
) -> None:
    supervisors_practice(practice, tmp_path, legs=True)
    model = overview_of_sara(qtbot, shell, practice).model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[-5:] == [
        "Four legs sessions",
        "Socio-emotional",
        "Network",
        "Autonomy",
        "Career",
    ]
    ben = [model.index(1, c).data() for c in range(model.columnCount())]
    assert ben[:3] == ["ben", "2026-12", "2"] and ben[-5:] == ["1", "0", "1", "0", "1"]
