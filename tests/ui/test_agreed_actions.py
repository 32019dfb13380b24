"""Agreed actions that come back: typed in the review at a session's end, shown to the coach
(not on the pad) at the coachee's next session to be marked, counted in the review and the
trajectory."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel
from pytestqt.qtbot import QtBot

from coachdesk.domain.agreed_actions import Outcome
from coachdesk.domain.settings import HistoryChoice
from coachdesk.ui.history.window import HistoryWindow
from coachdesk.ui.review_page import ReviewPage
from coachdesk.ui.session_panel import SessionPanel
from tests.dbcheck import rows
from tests.ui.conftest import Desk, activate, make_desk
from tests.ui.driving import open_trajectory, start

ACTIONS = "SELECT session_id, position, text, outcome FROM agreed_action ORDER BY id"


def end(desk: Desk, qtbot: QtBot, panel: SessionPanel) -> ReviewPage:
    desk.clock.advance(30 * 60_000)
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.confirm_end_button, Qt.MouseButton.LeftButton)
    page = desk.window.review_page
    assert page is not None and desk.window.stack.currentWidget() is page
    return page


def agree(qtbot: QtBot, page: ReviewPage, *actions: str) -> None:
    edit = page.notes.actions_edit
    for n, action in enumerate(actions):
        if n:
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        qtbot.keyClicks(edit, action)


def next_session(desk: Desk, qtbot: QtBot, page: ReviewPage, name: str) -> SessionPanel:
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    return start(desk, qtbot, name)


def test_actions_typed_at_the_end_are_stored_as_typed_and_survive_a_restart(
    desk: Desk, qtbot: QtBot
) -> None:
    page = end(desk, qtbot, start(desk, qtbot, "Anna"))
    agree(qtbot, page, "Ask Kim for feedback", "Walk at noon")
    assert rows(desk.database, ACTIONS) == [
        (1, 0, "Ask Kim for feedback", None),
        (1, 1, "Walk at noon", None),
    ]
    desk.close()  # as if the app stopped here

    again = make_desk(qtbot, desk.database, desk.clock)
    try:
        assert again.review.open(1)  # type: ignore[arg-type]
        again.window.show_review()
        reopened = again.window.review_page
        assert reopened is not None
        assert reopened.notes.actions_edit.toPlainText() == "Ask Kim for feedback\nWalk at noon"
    finally:
        again.close()


def test_too_many_actions_are_refused_with_a_message(desk: Desk, qtbot: QtBot) -> None:
    page = end(desk, qtbot, start(desk, qtbot, "Anna"))
    agree(qtbot, page, *(f"step {n}" for n in range(10)))
    assert page.notes.error_label.isVisible()
    assert "At most 9 agreed actions" in page.notes.error_label.text()
    assert len(rows(desk.database, ACTIONS)) == 9  # as stored before the tenth line


def test_the_next_session_shows_them_to_the_coach_only_and_stores_each_mark(
    desk: Desk, qtbot: QtBot
) -> None:
    page = end(desk, qtbot, start(desk, qtbot, "Anna"))
    agree(qtbot, page, "Ask Kim for feedback", "Walk at noon", "Write it down")
    page = end(desk, qtbot, next_session(desk, qtbot, page, "Bram"))  # another coachee's
    panel = next_session(desk, qtbot, page, "Bram")
    assert not panel.follow_up_bar.isVisible()  # Bram agreed nothing
    page = end(desk, qtbot, panel)

    panel = next_session(desk, qtbot, page, "Anna")
    bar = panel.follow_up_bar
    assert bar.isVisible()
    assert [label.full_text() for label in bar.labels] == [
        "Ask Kim for feedback",
        "Walk at noon",
        "Write it down",
    ]
    assert bar.buttons[0][Outcome.DONE].accessibleName() == "Done: Ask Kim for feedback"
    qtbot.mouseClick(bar.buttons[0][Outcome.DONE], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.buttons[1][Outcome.NOT], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.buttons[1][Outcome.PARTLY], Qt.MouseButton.LeftButton)  # thought again
    assert rows(desk.database, "SELECT text, outcome FROM agreed_action ORDER BY id") == [
        ("Ask Kim for feedback", "done"),
        ("Walk at noon", "partly"),
        ("Write it down", None),
    ]
    assert [bar.outcome_shown(i) for i in range(3)] == [Outcome.DONE, Outcome.PARTLY, None]
    shown = [[bar.buttons[i][o].text() for o in Outcome] for i in range(3)]
    assert shown == [  # the mark reads without colour: a tick
        ["✓ Done", "Partly", "Not"],
        ["Done", "✓ Partly", "Not"],
        ["Done", "Partly", "Not"],
    ]

    # The keys still tally while the marks are on screen: a click kept no focus.
    before = rows(desk.database, "SELECT COUNT(*) FROM tally")
    qtbot.keyClick(desk.window, Qt.Key.Key_2)
    assert rows(desk.database, "SELECT COUNT(*) FROM tally") == [(before[0][0] + 1,)]

    # The coachee's view (the pad) shows the buttons, never the actions.
    desk.window.actions_.pad.trigger()
    pad = desk.window.pads.pad
    assert pad is not None
    qtbot.waitExposed(pad)
    seen = " ".join(
        [w.text() for w in pad.findChildren(QLabel)]
        + [w.text() for w in pad.findChildren(QAbstractButton)]
    )
    assert "advice given" in seen  # what the pad shows is read here
    assert "Ask Kim" not in seen and "Walk at noon" not in seen
    desk.window.actions_.pad.trigger()

    # The review of the first session shows how they came back.
    desk.review.open(1)  # type: ignore[arg-type]
    desk.window.show_review()
    first = desk.window.review_page
    assert first is not None
    assert first.notes.actions_came_back.text() == "At the next session: 1 of 3 done, 1 partly"


def test_a_mark_that_cannot_be_stored_is_not_shown(
    desk: Desk, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = end(desk, qtbot, start(desk, qtbot, "Anna"))
    agree(qtbot, page, "Ask Kim")
    panel = next_session(desk, qtbot, page, "Anna")
    failed: list[str] = []
    desk.controller.failed.connect(failed.append)
    desk.store.connection.execute("PRAGMA query_only = ON")  # every write now fails
    try:
        qtbot.mouseClick(panel.follow_up_bar.buttons[0][Outcome.DONE], Qt.MouseButton.LeftButton)
    finally:
        desk.store.connection.execute("PRAGMA query_only = OFF")
    assert panel.follow_up_bar.outcome_shown(0) is None
    assert failed and "Could not save" in failed[0]
    assert rows(desk.database, "SELECT outcome FROM agreed_action") == [(None,)]


def test_the_trajectory_shows_per_session_how_many_were_done(desk: Desk, qtbot: QtBot) -> None:
    page = end(desk, qtbot, start(desk, qtbot, "Anna"))
    agree(qtbot, page, "Ask Kim", "Walk at noon")
    panel = next_session(desk, qtbot, page, "Anna")
    qtbot.mouseClick(panel.follow_up_bar.buttons[0][Outcome.DONE], Qt.MouseButton.LeftButton)
    page = end(desk, qtbot, panel)
    agree(qtbot, page, "Call the team lead")

    window = HistoryWindow(
        desk.store,
        HistoryChoice(min_minutes=0),
        lambda _c: None,
        lambda _s: None,
        desk.store.tally_kinds(),
        None,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    open_trajectory(qtbot, window, "Anna")
    model = window.trajectory.model
    column = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Actions done"
    )
    assert [model.index(r, column).data() for r in range(model.rowCount())] == ["1 of 2", "1 open"]


def test_the_keyboard_reaches_each_mark_and_space_stores_it(desk: Desk, qtbot: QtBot) -> None:
    page = end(desk, qtbot, start(desk, qtbot, "Anna"))
    agree(qtbot, page, "Ask Kim")
    panel = next_session(desk, qtbot, page, "Anna")
    activate(qtbot, desk.window)
    done, partly, _not = panel.follow_up_bar.buttons[0].values()
    for _ in range(10):  # Tab reaches an action's buttons as one stop, as radio buttons
        if QApplication.focusWidget() is done:
            break
        qtbot.keyClick(QApplication.focusWidget() or desk.window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is done
    qtbot.keyClick(done, Qt.Key.Key_Right)  # the arrows move between them
    assert QApplication.focusWidget() is partly
    assert rows(desk.database, "SELECT outcome FROM agreed_action") == [(None,)]
    qtbot.keyClick(partly, Qt.Key.Key_Space)
    assert rows(desk.database, "SELECT outcome FROM agreed_action") == [("partly",)]
    assert partly.text() == "✓ Partly"
