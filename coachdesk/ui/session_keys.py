"""The keys that tally during a session: 1-9, the letters a scheme binds, and M in the window
(one per physical press), and
Ctrl+Alt+1..9 from other windows when the coach turns them on (X11 grabs, held only while a
session runs). Each key triggers its action, so a key and a click are the same thing."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from coachdesk.domain.i18n import _
from coachdesk.ui.actions import TALLY_KEYS, Actions
from coachdesk.ui.key_presses import PhysicalPresses

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QWidget

    from coachdesk.ui.global_keys import GlobalKeys


class SessionKeys(QObject):
    """Listens on ``window`` for the actions in ``actions``; ``tell`` shows a message."""

    def __init__(
        self,
        window: QWidget,
        actions: Actions,
        kinds: Callable[[], int],
        tell: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.actions = actions
        self.kinds = kinds  # how many kinds the running session has
        self.tell = tell
        #: Ctrl+Alt+1..9 for other windows: made when first turned on during a session.
        self.global_keys: GlobalKeys | None = None
        #: The tally keys as Qt names them, in the order of the buttons.
        self.tally_keys = [Qt.Key(ord(key.upper())) for key in TALLY_KEYS]
        #: Marks "this moment" in a running session; followed press by press like the tallies.
        self.mark_key = Qt.Key.Key_M
        self._presses = PhysicalPresses(
            window, [*self.tally_keys, self.mark_key], self._on_press, self._is_live
        )

    def listen(self, live: bool) -> None:
        """Keys tally while a session runs (``live``), and only then."""
        self._presses.listen(live)
        self.grab_global_keys()

    def grab_global_keys(self) -> None:
        """Hold Ctrl+Alt+1..9 while a session runs and the coach wants them; never else."""
        acts = self.actions
        wanted = acts.global_keys.isChecked() and acts.tallies[0].isEnabled()
        if not wanted:
            if self.global_keys is not None:
                self.global_keys.stop()
            return
        if self.global_keys is None:
            from coachdesk.ui.global_keys import global_keys

            found = global_keys(self.window)
            if isinstance(found, str):
                acts.global_keys.setChecked(False)
                acts.global_keys.setEnabled(False)
                acts.global_keys.setStatusTip(found)
                self.tell(found)
                return
            self.global_keys = found
        if not self.kinds():
            self.tell(
                _(
                    "This session's tally scheme binds no key 1-9: Ctrl+Alt with a digit has "
                    "nothing to tally, so tally keys work in this window only."
                )
            )
            return
        if not self.global_keys.start(self.kinds(), self._on_global_key):
            self.tell(_("Another program holds Ctrl+Alt with a digit: tally keys work here only."))

    def _on_global_key(self, index: int) -> None:
        self.actions.tallies[index].trigger()

    def _action(self, key: Qt.Key) -> QAction:
        if key == self.mark_key:
            return self.actions.mark
        return self.actions.tallies[self.tally_keys.index(key)]

    def _on_press(self, key: Qt.Key) -> None:
        self._action(key).trigger()

    def _is_live(self, key: Qt.Key) -> bool:
        return self._action(key).isEnabled()
