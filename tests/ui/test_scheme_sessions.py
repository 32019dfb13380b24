"""A whole session with a scheme other than Balance: chosen in the picker (the coachee's last
by default), named on the session screen and the pad, its kinds' keys and detail choices
working, and every tally stored under the session's scheme version."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from coachdesk.domain.model import Side
from coachdesk.domain.scheme_presets import GROW_SCHEME
from coachdesk.domain.schemes import Detail, SetDetails, Words, edited
from coachdesk.wiring.app import Shell
from tests.dbcheck import rows, tally_rows
from tests.ui.conftest import Desk
from tests.ui.scheme_driving import OWN, choose_scheme, end, new_session, start_with


def test_a_grow_session_from_the_picker_with_its_keys(desk: Desk, qtbot: QtBot) -> None:
    panel = start_with(qtbot, desk, "Anna", "GROW phases")
    assert panel.scheme_label.text() == "GROW phases"
    assert panel.scheme_label.accessibleName() == "Tally scheme: GROW phases"
    assert [b.label.text() for b in panel.buttons] == [
        "Goal",
        "Reality",
        "Options",
        "Will (way forward)",
    ]
    assert [b.key_label.text() for b in panel.buttons] == ["key 1", "key 2", "key 3", "key 4"]
    for key, at in ((Qt.Key.Key_1, 0), (Qt.Key.Key_2, 60_000), (Qt.Key.Key_4, 120_000)):
        desk.clock.advance(at and 60_000)
        qtbot.keyClick(desk.window, key)
    goal, reality, _options, will = panel.buttons
    assert [b.detail_label.text() for b in panel.buttons] == ["", "", "", "now"]
    assert will.accessibleName() == "Will (way forward), 1"
    assert tally_rows(desk.database) == [
        ("grow.goal", 0, None),
        ("grow.reality", 60_000, None),
        ("grow.will", 120_000, None),
    ]
    assert goal.kind.side is Side.NEUTRAL and reality.kind.group == "grow"
    end(qtbot, panel)
    assert rows(
        desk.database,
        "SELECT sc.key, v.version FROM coaching_session s "
        "JOIN scheme_version v ON v.id = s.scheme_version_id JOIN scheme sc ON sc.id = v.scheme_id",
    ) == [("grow", GROW_SCHEME.version)]


def test_a_scheme_of_the_coachs_own_with_a_letter_key_and_detail_choices(
    desk: Desk, qtbot: QtBot, heard: list[str]
) -> None:
    desk.store.save_scheme(OWN)
    desk.window.offer_schemes()
    panel = start_with(qtbot, desk, "Bram", "My questions")
    assert [b.key_label.text() for b in panel.buttons] == ["key 1", "key Q", "key A", "key B"]
    qtbot.keyClick(desk.window, Qt.Key.Key_Q)
    menu = panel.hat_menu
    qtbot.waitUntil(menu.isVisible)
    assert menu.accessibleName() == "Which one? (question asked)"
    assert [a.text() for a in menu.hats] == ["&1  scaling", "&2  miracle", "&3  exception"]
    qtbot.keyClick(menu, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: not menu.isVisible())
    assert panel.buttons[1].detail_label.text() == "last: miracle"
    assert heard[-1] == "question asked: miracle, 1"
    qtbot.keyClick(desk.window, Qt.Key.Key_B)
    qtbot.keyClick(desk.window, Qt.Key.Key_A)
    qtbot.keyClick(desk.window, Qt.Key.Key_1)
    qtbot.keyClick(desk.window, Qt.Key.Key_C)  # bound to nothing here: nothing happens
    assert [b.detail_label.text() for b in panel.buttons] == ["", "last: miracle", "now", ""]
    assert [key for key, _at, _detail in tally_rows(desk.database)] == [
        "mine.question",
        "mine.tense",
        "mine.calm",
        "mine.silence",
    ]
    assert tally_rows(desk.database)[0][2] == "miracle"


def test_the_picker_offers_the_coachees_last_scheme(desk: Desk, qtbot: QtBot) -> None:
    picker = desk.window.picker
    names = [picker.scheme_box.itemText(i) for i in range(picker.scheme_box.count())]
    assert names == [
        "Balance",
        "Four legs of the chair",
        "Learning-oriented",
        "GROW phases",
        "Listening (MI-style)",
    ]
    assert picker.scheme_box.currentText() == "Balance"  # nothing recorded yet
    end(qtbot, start_with(qtbot, desk, "Anna", "GROW phases"))
    new_session(qtbot, desk)
    assert picker.scheme_box.currentText() == "GROW phases"  # no name yet: the one used last
    end(qtbot, start_with(qtbot, desk, "Bram", "Balance"))
    new_session(qtbot, desk)
    qtbot.keyClicks(picker.name_edit, "Anna")
    assert picker.scheme_box.currentText() == "GROW phases"  # Anna's last
    picker.name_edit.clear()
    qtbot.keyClicks(picker.name_edit, "Bram")
    assert picker.scheme_box.currentText() == "Balance"  # Bram's last
    picker.name_edit.clear()
    qtbot.keyClicks(picker.name_edit, "Cas")
    assert picker.scheme_box.currentText() == "Balance"  # new: the one used last
    desk.window.set_default_scheme("listening")  # the coach's default (Settings)
    assert picker.scheme_box.currentText() == "Listening (MI-style)"  # for a new coachee
    picker.name_edit.clear()
    qtbot.keyClicks(picker.name_edit, "Anna")
    assert picker.scheme_box.currentText() == "GROW phases"  # an earlier one: her last
    picker.name_edit.clear()
    qtbot.keyClicks(picker.name_edit, "Cas")
    choose_scheme(qtbot, desk, "GROW phases")
    picker.name_edit.clear()
    qtbot.keyClicks(picker.name_edit, "Bram")
    assert picker.scheme_box.currentText() == "GROW phases"  # the coach's choice stays


def test_the_pad_names_the_scheme_and_offers_its_kinds(desk: Desk, qtbot: QtBot) -> None:
    start_with(qtbot, desk, "Anna", "GROW phases")
    desk.window.actions_.pad.trigger()
    pad = desk.window.pads.pad
    assert pad is not None
    qtbot.waitExposed(pad)
    assert pad.scheme_label.text() == "GROW phases"
    qtbot.mouseClick(pad.buttons[2], Qt.MouseButton.LeftButton)
    assert [b.text() for b in pad.buttons] == [
        "Goal   0",
        "Reality   0",
        "Options (now)   1",
        "Will (way forward)   0",
    ]
    assert tally_rows(desk.database) == [("grow.options", 0, None)]


def test_a_scheme_with_fewer_kinds_after_one_with_more_fills_the_row(
    desk: Desk, qtbot: QtBot
) -> None:
    """The cards of each session stand in a grid of their own: a grid made for seven cards in
    two rows would squeeze two into a quarter each, and the popup would open beside its card."""
    end(qtbot, start_with(qtbot, desk, "Anna", "Listening (MI-style)"))
    desk.store.save_scheme(OWN)
    desk.window.offer_schemes()
    new_session(qtbot, desk)
    panel = start_with(qtbot, desk, "Bram", "My questions")
    qtbot.waitUntil(lambda: panel.buttons[0].width() > panel.width() // 5)
    assert len({b.y() for b in panel.buttons}) == 1  # four cards: one row
    qtbot.keyClick(desk.window, Qt.Key.Key_Q)
    qtbot.waitUntil(panel.hat_menu.isVisible)
    card = panel.buttons[1]
    card_area = QRect(card.mapToGlobal(card.rect().topLeft()), card.size())
    assert card_area.contains(panel.hat_menu.geometry().center())
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_Escape)


def test_the_choices_offered_follow_the_schemes_newest_version(desk: Desk, qtbot: QtBot) -> None:
    desk.store.save_scheme(OWN)
    desk.window.offer_schemes()
    panel = start_with(qtbot, desk, "Bram", "My questions")
    qtbot.keyClick(desk.window, Qt.Key.Key_Q)
    qtbot.waitUntil(panel.hat_menu.isVisible)
    assert len(panel.hat_menu.hats) == 3
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_Escape)
    end(qtbot, panel)
    fewer = (Detail("open", Words("open", "open")), Detail("closed", Words("closed", "gesloten")))
    desk.store.save_scheme(edited(OWN, SetDetails("question", fewer)))
    desk.window.offer_schemes()
    new_session(qtbot, desk)
    panel = start_with(qtbot, desk, "Bram", None)  # his last scheme, now version 2
    qtbot.keyClick(desk.window, Qt.Key.Key_Q)
    qtbot.waitUntil(panel.hat_menu.isVisible)
    assert [a.text() for a in panel.hat_menu.hats] == ["&1  open", "&2  closed"]
    qtbot.keyClick(panel.hat_menu, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: not panel.hat_menu.isVisible())
    assert tally_rows(desk.database)[-1] == ("mine.question", 0, "closed")


def test_a_session_started_from_the_command_line_takes_the_coachees_last_scheme(
    desk: Desk, qtbot: QtBot
) -> None:
    end(qtbot, start_with(qtbot, desk, "Anna", "GROW phases"))
    new_session(qtbot, desk)
    end(qtbot, start_with(qtbot, desk, "Bram", "Balance"))  # the scheme used last
    new_session(qtbot, desk)
    desk.window.start_from_command_line("Anna", None)  # coachdesk start --coachee Anna
    panel = desk.window.session_panel
    assert panel is not None and panel.scheme_label.text() == "GROW phases"


def test_a_language_switch_keeps_the_scheme_the_coach_chose(qtbot: QtBot, shell: Shell) -> None:
    picker = shell.window.picker
    qtbot.keyClicks(picker.name_edit, "Anna")
    picker.scheme_box.setFocus()
    qtbot.keyClick(picker.scheme_box, Qt.Key.Key_End)  # Listening (MI-style), the last
    dutch = shell.window.findChild(QAction, "language_nl")
    assert dutch is not None
    dutch.trigger()
    picker = shell.window.picker
    assert picker.name_edit.text() == "Anna"
    assert picker.scheme_box.currentText() == "Luisteren (MI-stijl)"
