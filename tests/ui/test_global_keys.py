"""The tally keys for other windows are held only while a session runs and the coach wants
them (the grabbing itself is tested on a real X server, tests/system/test_global_keys_x11)."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from tests.dbcheck import tally_rows
from tests.ui.conftest import Desk
from tests.ui.driving import start


class FakeKeys:
    """Stands in for the X server's grabs: what is held, and a way to press."""

    def __init__(self) -> None:
        self.held = 0
        self.press: Callable[[int], None] | None = None

    def start(self, count: int, press: Callable[[int], None]) -> bool:
        self.held, self.press = count, press
        return True

    def stop(self) -> None:
        self.held, self.press = 0, None


def test_keys_are_held_only_during_a_session_and_only_when_turned_on(
    desk: Desk, qtbot: QtBot
) -> None:
    window = desk.window
    keys = FakeKeys()
    window.keys.global_keys = keys
    window.actions_.global_keys.setChecked(True)
    assert keys.held == 0  # no session yet: nothing grabbed
    panel = start(desk, qtbot, "Anna")
    assert keys.held == 3
    assert keys.press is not None
    keys.press(1)  # Ctrl+Alt+2 pressed while the call has the keyboard
    assert [b.count for b in panel.buttons] == [0, 1, 0]
    window.actions_.global_keys.setChecked(False)
    assert keys.held == 0
    window.actions_.global_keys.setChecked(True)
    assert keys.held == 3
    panel.end_button.click()
    panel.confirm_end_button.click()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.review_page)
    assert keys.held == 0  # released with the session's end
    assert [kind for kind, _at, _detail in tally_rows(desk.database)] == ["coachee_action"]
