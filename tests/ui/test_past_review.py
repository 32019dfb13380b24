"""Looking back: reviewing any ended session again, and the coach's own target line."""

from __future__ import annotations

from PySide6.QtCharts import QLineSeries
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox
from pytestqt.qtbot import QtBot

from coachdesk.domain.history import Counting
from coachdesk.ui.coachee_data import SessionEraseDialog
from coachdesk.ui.past_sessions import PastSessionDialog
from coachdesk.ui.target_share import TargetShareDialog
from coachdesk.wiring.app import Shell
from tests.dbcheck import rows
from tests.ui.conftest import Desk, activate
from tests.ui.history_data import hold


def run_session(desk: Desk, qtbot: QtBot, name: str, keys: str) -> None:
    """A session for ``name`` with one tally a minute (``keys`` such as "122"), then ended."""
    window, clock = desk.window, desk.clock
    window.picker.name_edit.clear()
    qtbot.keyClicks(window.picker.name_edit, name)
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    for key in keys:
        clock.advance(60_000)
        qtbot.keyClick(window, key)
    clock.advance(60_000)
    panel = window.session_panel
    assert panel is not None
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    clock.advance(3_600_000)


def open_past_dialog(desk: Desk, qtbot: QtBot) -> PastSessionDialog:
    activate(qtbot, desk.window)
    qtbot.keyClick(desk.window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    dialog = desk.window.past_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_an_earlier_session_opens_in_the_review(desk: Desk, qtbot: QtBot) -> None:
    run_session(desk, qtbot, "Anna", "1222")  # 3 of 4
    run_session(desk, qtbot, "Bram", "11")
    run_session(desk, qtbot, "Anna", "112")  # 1 of 3, the newest
    page = desk.window.review_page
    assert page is not None
    assert page.sentence.text() == "Coachee's share: 1 of 3 noted contributions (33%)."

    dialog = open_past_dialog(desk, qtbot)
    assert dialog.sessions.count() == 0  # nothing, and no names, before a name is typed
    qtbot.keyClicks(dialog.name_edit, "anna")
    listed = [dialog.sessions.item(i).text() for i in range(dialog.sessions.count())]
    assert len(listed) == 2 and all("active" in line for line in listed)
    assert "4:00 active" in listed[0] and "5:00 active" in listed[1]  # newest first
    dialog.sessions.setFocus()
    qtbot.keyClick(dialog.sessions, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.sessions, Qt.Key.Key_Return)

    assert desk.window.stack.currentWidget() is page
    assert page.sentence.text() == "Coachee's share: 3 of 4 noted contributions (75%)."
    assert "Anna" in page.summary.text() and "5:00 active" in page.summary.text()


def test_an_unknown_name_lists_nothing_and_cannot_open(desk: Desk, qtbot: QtBot) -> None:
    run_session(desk, qtbot, "Anna", "12")
    dialog = open_past_dialog(desk, qtbot)
    qtbot.keyClicks(dialog.name_edit, "Ann")
    assert dialog.sessions.count() == 0
    assert not dialog.open_button.isEnabled()
    assert dialog.status.text() == "Type the coachee's name to see their sessions."
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_no_looking_back_during_a_live_session(desk: Desk, qtbot: QtBot) -> None:
    run_session(desk, qtbot, "Anna", "12")
    window = desk.window
    assert window.review_page is not None
    qtbot.mouseClick(window.review_page.new_button, Qt.MouseButton.LeftButton)
    assert window.actions_.review_past.isEnabled()  # between sessions it is offered
    qtbot.keyClicks(window.picker.name_edit, "Bram")
    qtbot.mouseClick(window.picker.start_button, Qt.MouseButton.LeftButton)
    assert not window.actions_.review_past.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.past_dialog is None
    assert window.stack.currentWidget() is window.session_panel


def click_box(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its indicator (its middle may be empty space past the text)."""
    middle = box.height() // 2
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(middle, middle))


def test_the_coachs_target_share_is_drawn_and_can_be_taken_away(desk: Desk, qtbot: QtBot) -> None:
    run_session(desk, qtbot, "Anna", "122")
    window = desk.window
    page = window.review_page
    assert page is not None
    chosen: list[object] = []
    window.target_share_chosen.connect(chosen.append)

    def target_lines() -> list[list[tuple[float, float]]]:
        return [
            [(p.x(), p.y()) for p in s.points()]
            for s in page.balance_view.chart().series()
            if isinstance(s, QLineSeries)
        ]

    def open_target_dialog() -> TargetShareDialog:
        window.actions_.target_share.trigger()
        assert window.target_dialog is not None
        qtbot.waitExposed(window.target_dialog)
        return window.target_dialog

    assert target_lines() == []
    dialog = open_target_dialog()
    assert not dialog.percent.isEnabled()
    click_box(qtbot, dialog.enabled)
    assert dialog.enabled.isChecked() and dialog.percent.isEnabled()
    dialog.percent.selectAll()
    qtbot.keyClicks(dialog.percent, "60")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)  # type: ignore[union-attr]
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert chosen == [0.6]
    assert target_lines() == [[(60.0, 0.0), (60.0, 1.0)]]

    dialog = open_target_dialog()
    assert dialog.enabled.isChecked() and dialog.percent.value() == 60
    click_box(qtbot, dialog.enabled)
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert chosen == [0.6, None]
    assert target_lines() == []


def test_a_session_left_out_of_figures_says_so_in_its_review_and_is_no_before(
    desk: Desk, qtbot: QtBot
) -> None:
    run_session(desk, qtbot, "Anna", "1222")  # 3 of 4
    anna = desk.store.coachee_named("Anna", 0)
    left_out = desk.store.sessions_of(anna.id)[0].id
    desk.store.set_left_out(left_out, True)
    run_session(desk, qtbot, "Anna", "112")  # 1 of 3
    page = desk.window.review_page
    assert page is not None
    assert not page.left_out.isVisibleTo(page)
    # The only earlier session is left out: nothing to compare with.
    assert page.trend.text() == "No earlier sessions with this coachee to compare with yet."

    dialog = open_past_dialog(desk, qtbot)
    qtbot.keyClicks(dialog.name_edit, "anna")
    dialog.sessions.setFocus()
    qtbot.keyClick(dialog.sessions, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.sessions, Qt.Key.Key_Return)

    assert page.sentence.text() == "Coachee's share: 3 of 4 noted contributions (75%)."
    assert page.left_out.isVisibleTo(page)
    assert page.left_out.text().startswith("This session is left out of figures")


def test_past_sessions_are_numbered_and_marked_when_they_do_not_count(
    shell: Shell, qtbot: QtBot
) -> None:
    assert shell.store is not None
    store = shell.store
    hold(store, "Anna", 0, "12")  # 45 minutes
    short = hold(store, "Anna", 1, "1", minutes=2)
    hold(store, "Anna", 2, "22")
    store.set_left_out(hold(store, "Anna", 3, "2").id, True)
    assert shell.window.min_active_ms == 5 * 60_000  # the history's minimum, by default

    activate(qtbot, shell.window)
    qtbot.keyClick(shell.window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    dialog = shell.window.past_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.name_edit, "Anna")
    listed = [dialog.sessions.item(i).text() for i in range(dialog.sessions.count())]

    assert [line.split(" · ")[0] for line in listed] == [
        "Session 4",
        "Session 3",
        "Session 2",
        "Session 1",
    ]
    assert listed[0].endswith(" · left out of figures")
    assert listed[2].endswith(" · 2:00 active · too short to count")
    assert not listed[1].endswith("count") and not listed[3].endswith("count")
    store.set_counting(short.id, Counting.ANYWAY)
    dialog.name_edit.clear()
    qtbot.keyClicks(dialog.name_edit, "Anna")
    assert dialog.sessions.item(2).text().endswith(" · 2:00 active")
    dialog.reject()


def test_a_session_too_short_to_count_says_so_and_is_no_review_s_before(
    desk: Desk, qtbot: QtBot
) -> None:
    desk.window.set_min_active_ms(5 * 60_000)  # the history's minimum, as the app sets it
    run_session(desk, qtbot, "Anna", "1222")  # 5:00 active, 3 of 4: counts
    run_session(desk, qtbot, "Anna", "11")  # 3:00 active, 0 of 2: too short
    page = desk.window.review_page
    assert page is not None
    assert page.too_short.isVisible()
    assert "shorter than the minimum set in History" in page.too_short.text()
    assert not page.left_out.isVisible()
    run_session(desk, qtbot, "Anna", "1122")  # 5:00 active, 2 of 4
    assert not page.too_short.isVisible()
    assert page.trend.text().startswith("Before: 75% in the previous session")  # not 0%

    desk.window.set_min_active_ms(0)  # every session counts: the short one is "before" again
    anna = desk.store.coachees()[0]
    assert desk.window.open_review(desk.store.sessions_of(anna.id)[0].id)
    assert page.trend.text().startswith("Before: 0% in the previous session")


def test_a_past_session_can_be_deleted_from_the_list(shell: Shell, qtbot: QtBot) -> None:
    assert shell.store is not None
    store = shell.store
    hold(store, "Anna", 0, "12")
    doomed = hold(store, "Anna", 1, "1122")
    activate(qtbot, shell.window)
    qtbot.keyClick(shell.window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    dialog = shell.window.past_dialog
    assert dialog is not None
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.name_edit, "Anna")
    assert dialog.sessions.currentRow() == 0  # the newest: session 2
    assert dialog.delete_button.isVisible() and dialog.delete_button.isEnabled()

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    rights = shell.window.rights
    assert rights is not None
    confirm = rights.dialog
    assert isinstance(confirm, SessionEraseDialog)
    assert confirm.parent() is dialog  # over the list the coach is working in
    assert confirm.what.text().startswith("Delete session 2 of Anna, ")
    qtbot.mouseClick(confirm.erase_button, Qt.MouseButton.LeftButton)

    assert rows(store.path, "SELECT id FROM coaching_session WHERE id = ?", doomed.id) == []
    listed = [dialog.sessions.item(i).text() for i in range(dialog.sessions.count())]
    assert len(listed) == 1 and listed[0].startswith("Session 1 · ")
    dialog.reject()
