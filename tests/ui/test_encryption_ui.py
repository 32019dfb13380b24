"""Encryption as the coach meets it: the passphrase before the main window, and
Settings > Encryption… turning it on and off."""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coachdesk.cli.main import main
from coachdesk.store.backup import make_backup
from coachdesk.store.cipher import key_file_path, locked
from coachdesk.store.conversion import encrypt
from coachdesk.ui.encryption_dialog import EncryptionDialog
from coachdesk.ui.history.window import HistoryWindow
from coachdesk.ui.main_window import MainWindow
from coachdesk.ui.passphrase_dialog import PassphraseDialog
from tests.cryptdata import PASSPHRASE, TEST_ITERATIONS, content, fill, key_for
from tests.ui.driving import main_windows, run_app


def snapshot(folder: Path) -> dict[str, str]:
    """Every file's digest, but for the running app's instance lock."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.iterdir()
        if p.is_file() and p.name != "coachdesk.lock"
    }


class PassphraseTyper:
    """Answers the start-up passphrase dialog with ``answers``, one per showing, then Quit;
    notes what the dialog said before each answer and what the data folder held."""

    def __init__(self, qtbot: QtBot, answers: list[str], data: Path) -> None:
        self.qtbot = qtbot
        self.answers = answers
        self.data = data
        self.said: list[str] = []
        self.folders: list[dict[str, str]] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, PassphraseDialog) and w.isVisible()
        ]
        if not shown:
            return
        dialog = shown[0]
        self.said.append(dialog.error.text() if dialog.error.isVisible() else "")
        self.folders.append(snapshot(self.data))
        if not self.answers:
            self.qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Escape)
            return
        assert dialog.passphrase.text() == ""  # a wrong passphrase is not left in the field
        self.qtbot.keyClicks(dialog.passphrase, self.answers.pop(0))
        self.qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)


@pytest.fixture
def encrypted_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    fill(data / "coachdesk.sqlite3", [("Anna", "first")])
    encrypt(data / "coachdesk.sqlite3", PASSPHRASE, iterations=TEST_ITERATIONS)
    return data


def test_a_wrong_passphrase_at_start_asks_again_and_touches_nothing(
    qtbot: QtBot, encrypted_data: Path
) -> None:
    before = snapshot(encrypted_data)
    typer = PassphraseTyper(qtbot, ["brave otter under the fridge", PASSPHRASE], encrypted_data)

    def check(window: MainWindow) -> None:
        assert window.stack.currentWidget() is window.picker  # not a stop, damage or recovery
        assert window.damage is None
        assert window.controller is not None
        assert [c.name for c in window.controller.coachees()] == ["Anna"]

    assert run_app(qtbot, ["--data-dir", str(encrypted_data)], check) == 0
    typer.timer.stop()
    assert typer.said == ["", "Wrong passphrase."]
    assert typer.folders[1] == before  # after the wrong passphrase: every file as it was
    assert locked(encrypted_data / "coachdesk.sqlite3") is not None


def test_a_damaged_encrypted_file_with_the_right_passphrase_takes_the_damage_path(
    qtbot: QtBot, encrypted_data: Path
) -> None:
    """The right passphrase on a damaged file: the damage screen, and the newest good backup
    (encrypted, like the database) restored with one click."""
    database = encrypted_data / "coachdesk.sqlite3"
    key = key_for(database)
    # Newer than the plain backup that encrypting took: the newest good backup is encrypted.
    make_backup(database, key=key, now=datetime.now(UTC) + timedelta(minutes=1))
    good = content(database, key)
    raw = bytearray(database.read_bytes())
    raw[40:60] = bytes(20)  # page 1 no longer passes its HMAC
    database.write_bytes(bytes(raw))
    typer = PassphraseTyper(qtbot, [PASSPHRASE], encrypted_data)

    def restore(first: MainWindow) -> None:
        window = first
        assert window.damage is not None and window.stack.currentWidget() is window.damage
        assert str(database) in window.damage.finding.text()
        assert "1 coachee, 1 session" in window.damage.offer.text()
        qtbot.mouseClick(window.damage.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(w.controller is not None for w in main_windows()))
        restored = next(w for w in main_windows() if w.controller is not None)
        assert "Restored the backup of" in restored.statusBar().currentMessage()
        assert restored.stack.currentWidget() is restored.picker
        assert restored.backup_runner is not None
        restored.backup_runner.wait()  # the restored file's check has run on the worker...
        QApplication.processEvents()  # ... and its outcome has arrived: nothing was found
        assert restored.stack.currentWidget() is restored.picker

    run_app(qtbot, ["--data-dir", str(encrypted_data)], restore)
    typer.timer.stop()
    assert typer.said == [""]  # the passphrase was right: no "Wrong passphrase."
    (aside,) = encrypted_data.glob("coachdesk.sqlite3.damaged-*[0-9]Z")
    assert aside.read_bytes() == bytes(raw)  # kept, whole, with the key file it needs
    assert key_file_path(aside).read_bytes() == key_file_path(database).read_bytes()
    assert locked(database) is not None  # restored encrypted
    assert content(database, key) == good


def test_restoring_the_plain_backup_over_a_damaged_encrypted_file_says_it_is_plain_now(
    qtbot: QtBot, encrypted_data: Path
) -> None:
    database = encrypted_data / "coachdesk.sqlite3"
    raw = bytearray(database.read_bytes())
    raw[40:60] = bytes(20)
    database.write_bytes(bytes(raw))
    typer = PassphraseTyper(qtbot, [PASSPHRASE], encrypted_data)

    def restore(window: MainWindow) -> None:
        assert window.damage is not None  # the newest good backup: the plain one, from before
        qtbot.mouseClick(window.damage.restore_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: any(w.controller is not None for w in main_windows()))
        restored = next(w for w in main_windows() if w.controller is not None)
        assert "your data is not encrypted now" in restored.statusBar().currentMessage()
        assert restored.backup_runner is not None
        restored.backup_runner.wait()
        QApplication.processEvents()

    run_app(qtbot, ["--data-dir", str(encrypted_data)], restore)
    typer.timer.stop()
    assert locked(database) is None
    assert [row[2] for row in content(database)["coachee"]] == ["Anna"]


def test_quit_at_the_passphrase_opens_nothing(qtbot: QtBot, encrypted_data: Path) -> None:
    before = snapshot(encrypted_data)
    typer = PassphraseTyper(qtbot, ["wrong passphrase"], encrypted_data)
    assert main(["--data-dir", str(encrypted_data)]) == 0
    typer.timer.stop()
    assert typer.said == ["", "Wrong passphrase."]
    assert main_windows() == []
    assert snapshot(encrypted_data) == before


def encryption_dialog(qtbot: QtBot, window: MainWindow) -> EncryptionDialog:
    window.actions_.encryption.trigger()
    qtbot.waitUntil(lambda: window.findChild(EncryptionDialog) is not None)
    dialog = window.findChild(EncryptionDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def rebuilt_after(qtbot: QtBot, old: MainWindow) -> MainWindow:
    qtbot.waitUntil(lambda: len(main_windows()) == 1 and main_windows()[0] is not old)
    window = main_windows()[0]
    qtbot.waitUntil(lambda: window.controller is not None)
    return window


def test_turning_encryption_on_and_off_in_the_settings(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, [("Anna", "first")])
    before = content(database)

    def histories() -> list[HistoryWindow]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, HistoryWindow) and w.isVisible()
        ]

    def on_then_off(window: MainWindow) -> None:
        window.actions_.history.trigger()
        qtbot.waitUntil(lambda: len(histories()) == 1)
        before_history = histories()[0]
        dialog = encryption_dialog(qtbot, window)
        state = dialog.findChild(type(dialog.warning), "encryptionState")
        assert state is not None and state.text() == "Your data is stored unencrypted."
        assert "your data is lost" in dialog.warning.text()
        qtbot.keyClicks(dialog.passphrase, "otter")
        assert dialog.strength.text() == "too short (at least 8 characters)"
        qtbot.keyClicks(dialog.passphrase, "123")
        assert dialog.strength.text().startswith("weak")
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, "otter under the bridge")
        assert dialog.strength.text() == "strong"
        qtbot.keyClicks(dialog.repeated, "otter under the bridgE")
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        assert dialog.error.text() == "The two passphrases differ."
        assert locked(database) is None
        dialog.repeated.clear()
        qtbot.keyClicks(dialog.repeated, "otter under the bridge")
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)

        encrypted = rebuilt_after(qtbot, window)
        assert "now encrypted" in encrypted.statusBar().currentMessage()
        assert locked(database) is not None
        assert content(database, key_for(database, "otter under the bridge")) == before
        assert encrypted.stack.currentWidget() is encrypted.picker
        # The history window read the store that was closed: it is open again on the new one.
        qtbot.waitUntil(lambda: len(histories()) == 1 and histories()[0] is not before_history)

        dialog = encryption_dialog(qtbot, encrypted)
        assert not dialog.repeated.isVisible()
        qtbot.keyClicks(dialog.passphrase, "otter under the fridge")
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        assert dialog.error.text() == "Wrong passphrase."
        assert dialog.isVisible() and locked(database) is not None
        dialog.passphrase.clear()
        qtbot.keyClicks(dialog.passphrase, "otter under the bridge")
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        plain = rebuilt_after(qtbot, encrypted)
        assert "no longer encrypted" in plain.statusBar().currentMessage()

    assert run_app(qtbot, ["--data-dir", str(data)], on_then_off) == 0
    for window in QApplication.topLevelWidgets():
        if isinstance(window, HistoryWindow):
            window.close()
    assert locked(database) is None and not key_file_path(database).exists()
    assert content(database) == before


def test_without_sqlcipher_the_option_says_why(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    fill(data / "coachdesk.sqlite3", [("Anna", "first")])
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # as on a computer without it

    def look(window: MainWindow) -> None:
        dialog = encryption_dialog(qtbot, window)
        why = dialog.findChild(type(dialog.warning), "encryptionUnavailable")
        assert why is not None
        assert why.text() == (
            "Encryption is not available on this computer: install sqlcipher3-binary."
        )
        assert not dialog.go.isEnabled() and not dialog.passphrase.isEnabled()
        dialog.reject()

    assert run_app(qtbot, ["--data-dir", str(data)], look) == 0


def test_no_conversion_during_a_session(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"

    def look(window: MainWindow) -> None:
        dialog = encryption_dialog(qtbot, window)
        assert not dialog.go.isEnabled()
        why = dialog.findChild(type(dialog.warning), "encryptionUnavailable")
        assert why is not None and "A session is running" in why.text()
        dialog.reject()

    args = ["--data-dir", str(data), "start", "--coachee", "Anna"]
    assert run_app(qtbot, args, look) == 0
    assert locked(data / "coachdesk.sqlite3") is None


def test_a_disk_error_while_converting_is_a_message_and_the_data_stays_open(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coachdesk.store import conversion

    data = tmp_path / "data"
    database = data / "coachdesk.sqlite3"
    fill(database, [("Anna", "first")])
    before = content(database)

    def disk_full(database: Path, passphrase: str) -> conversion.Converted:
        raise OSError(28, "No space left on device")  # the disk: the boundary faked here

    monkeypatch.setattr(conversion, "encrypt", disk_full)

    def try_to_encrypt(window: MainWindow) -> None:
        dialog = encryption_dialog(qtbot, window)
        qtbot.keyClicks(dialog.passphrase, "otter under the bridge")
        qtbot.keyClicks(dialog.repeated, "otter under the bridge")
        qtbot.mouseClick(dialog.go, Qt.MouseButton.LeftButton)
        assert dialog.error.text() == ("The database was not converted: No space left on device")
        dialog.reject()
        reopened = rebuilt_after(qtbot, window)
        assert reopened.controller is not None  # the data is open again: sessions go on

    assert run_app(qtbot, ["--data-dir", str(data)], try_to_encrypt) == 0
    assert locked(database) is None
    assert content(database) == before
