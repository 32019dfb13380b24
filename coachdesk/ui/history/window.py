"""The history window: a filter bar over three views (coachees, a trajectory, the practice).

A top-level window of its own, so the coach can keep it beside the main window. Each view
reads the store only when it is shown, and again when the filters change while it is shown;
a view hidden while the filters changed reads when it is next shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QTabWidget, QVBoxLayout, QWidget

from coachdesk.domain.i18n import _
from coachdesk.domain.model import Coachee, SessionId, TallyKind
from coachdesk.domain.ports import HistoryStore
from coachdesk.domain.settings import HistoryChoice
from coachdesk.ui.headings import install as install_headings
from coachdesk.ui.history.coachees_view import CoacheesView
from coachdesk.ui.history.filter_bar import FilterBar
from coachdesk.ui.history.practice_view import PracticeView
from coachdesk.ui.history.trajectory_view import TrajectoryView

WINDOW_SIZE = (1100, 720)


class HistoryWindow(QWidget):
    def __init__(
        self,
        store: HistoryStore,
        choice: HistoryChoice,
        on_choice: Callable[[HistoryChoice], None],
        open_review: Callable[[SessionId], None],
        kinds: Sequence[TallyKind],
        target_share: float | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("historyWindow")
        app = QApplication.instance()
        if app is not None:  # its view titles are headings, also when opened on its own
            install_headings(app)
        # A window of its own, not on top of the main window (a review opened from here is
        # shown there); closing the main window ends the app even while this one is open.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setWindowTitle(_("History · coachdesk"))
        self._store = store
        self._on_choice = on_choice
        self.choice = choice
        self.filter_bar = FilterBar(choice, self._all_coachees)
        self.coachees = CoacheesView(store)
        self.trajectory = TrajectoryView(store, kinds, open_review)
        self.practice = PracticeView(store, kinds)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("historyTabs")
        self.tabs.addTab(self.coachees, _("Coachees"))
        self.tabs.addTab(self.trajectory, _("Trajectory"))
        self.tabs.addTab(self.practice, _("Practice"))
        self._stale: set[QWidget] = {self.coachees, self.trajectory, self.practice}
        self.set_target_share(target_share)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.tabs, 1)
        self.resize(*WINDOW_SIZE)

        self.close_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self)
        self.close_shortcut.activated.connect(self.close)
        self.filter_bar.changed.connect(self._on_filter_bar_changed)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self.coachees.trajectory_requested.connect(self.show_trajectory)
        self.coachees.coachees_changed.connect(self._on_coachees_changed)
        self.practice.trajectory_requested.connect(self.show_trajectory)
        self.trajectory.figures_changed.connect(self._on_trajectory_figures_changed)

    # -- what the rest of the app calls ---------------------------------------------------

    def add_coachee_action(self, text: str, run: Callable[[Coachee], None]) -> None:
        """Offer ``run`` on the coachee picked in the list, as a button and in its menu."""
        self.coachees.add_coachee_action(text, run)

    def offer_session_erasure(self, run: Callable[[SessionId], None]) -> None:
        """Offer deleting the session picked in the trajectory; ``run`` confirms and deletes."""
        self.trajectory.erase_session = run

    def reload(self) -> None:
        """Read everything again (the data changed outside this window)."""
        self._stale = {self.coachees, self.trajectory, self.practice}
        if self.isVisible():  # a session may have used a scheme for the first time
            self.filter_bar.set_schemes(self._store.schemes_with_sessions())
        self._load_current()

    def set_target_share(self, target: float | None) -> None:
        self.trajectory.target_share = target
        self.practice.target_share = target
        self._stale |= {self.trajectory, self.practice}
        if self.isVisible():
            self._load_current()

    def set_discreet(self, discreet: bool) -> None:
        """While a session runs the coachee may see the screen: no list of names, no practice
        overview (its falling list names coachees), no trajectory left from before; a
        coachee is found by searching, as in the picker."""
        self.practice_tab_enabled(not discreet)
        self.filter_bar.coachee_button.setEnabled(not discreet)  # its menu lists every name
        if discreet:
            self.trajectory.show_coachee(None)
            self._stale.add(self.trajectory)
            self.tabs.setCurrentWidget(self.coachees)
        self.coachees.set_discreet(discreet)

    def practice_tab_enabled(self, enabled: bool) -> None:
        index = self.tabs.indexOf(self.practice)
        self.tabs.setTabEnabled(index, enabled)
        self.tabs.setTabToolTip(
            index, "" if enabled else _("Shown again once the session has ended.")
        )

    def show_trajectory(self, coachee: Coachee) -> None:
        self.coachees.select_coachee(coachee.id)
        self.trajectory.show_coachee(coachee)
        self._stale.add(self.trajectory)
        if self.tabs.currentWidget() is self.trajectory:
            self._load_current()
        else:
            self.tabs.setCurrentWidget(self.trajectory)
        self.trajectory.table.setFocus()

    # -- loading --------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # shown again later: sessions may have been held meanwhile

    def _load_current(self) -> None:
        view = self.tabs.currentWidget()
        if view not in self._stale or not self.isVisible():
            return
        self._stale.discard(view)
        if isinstance(view, CoacheesView | TrajectoryView | PracticeView):
            view.load(self.choice)

    def _all_coachees(self) -> list[Coachee]:
        return [o.coachee for o in self._store.coachee_overviews(include_archived=True)]

    # -- slots ----------------------------------------------------------------------------

    def _on_filter_bar_changed(self, choice: HistoryChoice) -> None:
        self.choice = choice
        self._on_choice(choice)
        self.reload()

    def _on_tabs_current_changed(self, _index: int) -> None:
        picked = self.coachees.selected()
        shown = self.trajectory.coachee
        if (
            self.tabs.currentWidget() is self.trajectory
            and picked is not None
            and (shown is None or shown.id != picked.coachee.id)
        ):
            self.trajectory.show_coachee(picked.coachee)  # the coachee picked in the list
            self._stale.add(self.trajectory)
        self._load_current()

    def _on_coachees_changed(self) -> None:
        self._stale |= {self.trajectory, self.practice}
        shown, picked = self.trajectory.coachee, self.coachees.selected()
        if shown is not None and picked is not None and picked.coachee.id == shown.id:
            self.trajectory.show_coachee(picked.coachee)  # renamed: the title follows

    def _on_trajectory_figures_changed(self) -> None:
        self._stale |= {self.coachees, self.practice}
