"""The tally keys for other windows are held only while a session runs and the coach wants
them (the grabbing itself is tested on a real X server, tests/system/test_global_keys_x11)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pytestqt.qtbot import QtBot

from coachdesk.domain.schemes import Words
from tests.dbcheck import tally_rows
from tests.schemes import OWN
from tests.ui.conftest import Desk
from tests.ui.driving import start
from tests.ui.scheme_driving import start_with


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


def test_a_scheme_with_no_digit_keys_holds_nothing_and_says_so(desk: Desk, qtbot: QtBot) -> None:
    only_letters = replace(
        OWN,
        key="letters",
        name=Words("Letters", "Letters"),
        kinds=tuple(replace(k, hotkey=h) for k, h in zip(OWN.kinds, "qabc", strict=True)),
    )
    desk.store.save_scheme(only_letters)
    desk.window.offer_schemes()
    keys = FakeKeys()
    desk.window.keys.global_keys = keys
    desk.window.actions_.global_keys.setChecked(True)
    start_with(qtbot, desk, "Anna", "Letters")
    assert keys.held == 0
    assert "binds no key 1-9" in desk.window.banner.text()
