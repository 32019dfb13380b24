"""Choosing the coachee: type a new name (or pseudonym, or code), or find an earlier one.

The coachee may be looking at the screen, so no list of names is ever shown: earlier coachees
appear only as the coach types, and only those that match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _
from coachdesk.domain.model import Coachee, SchemeRef, normal_text
from coachdesk.domain.recorder import MAX_NAME_LENGTH, MAX_PLANNED_MINUTES, validate_coachee_name
from coachdesk.ui.column import centred_column

if TYPE_CHECKING:
    from coachdesk.domain.schemes import Scheme

#: The scheme chosen when nothing says otherwise (``scheme_presets.BALANCE``: that module is
#: read when a scheme is, not at start-up).
BALANCE = "balance"

#: At most this many matching names show at once.
MATCHES_SHOWN = 6


class CoacheePicker(QWidget):
    """Emits ``start_requested(name, planned_minutes or 0)`` for a valid name only."""

    start_requested = Signal(str, int)
    #: The coach ticked or cleared "discreet" on this first screen.
    discreet_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("New session"))
        title.setObjectName("pageTitle")
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("coacheeName")
        # Qt counts UTF-16 units, so emoji count twice: allow that; the domain counts characters.
        self.name_edit.setMaxLength(2 * MAX_NAME_LENGTH)
        self.name_edit.setPlaceholderText(_("Name, pseudonym or code"))
        self.name_edit.setClearButtonEnabled(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("inlineError")
        self.error_label.setVisible(False)
        self.known, self.matches = discreet_completer(self.name_edit)
        hint = QLabel(_("Earlier coachees appear as you type; no list of names is shown."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.planned = QSpinBox()
        self.planned.setObjectName("plannedMinutes")
        self.planned.setRange(0, MAX_PLANNED_MINUTES)
        self.planned.setSingleStep(5)
        self.planned.setSpecialValueText(_("no planned duration"))
        self.planned.setSuffix(" " + _("min"))
        self.scheme_box = QComboBox()
        self.scheme_box.setObjectName("schemeChoice")
        self.scheme_box.setAccessibleName(_("Tally scheme"))
        self.scheme_box.setToolTip(
            _(
                "What the buttons count in this session. An earlier coachee's last scheme is "
                "chosen for you; the session keeps it to the end."
            )
        )
        #: Which scheme a name's coachee used last (None: none); set with the data.
        self.last_scheme_of: Callable[[str | None], str | None] | None = None
        #: The coach's default for a new coachee (None: the scheme used last).
        self.default_scheme: str | None = None
        self._names: set[str] = set()
        self._scheme_touched = False
        self.discreet_check = QCheckBox(
            _("Discreet: during the session, show the time and the hat but not the counts")
        )
        self.discreet_check.setObjectName("discreetCheck")
        self.discreet_check.setToolTip(
            _("For a screen the coachee can see. Ctrl+D switches it at any moment.")
        )
        self.start_button = QPushButton(_("Start session"))
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)

        form = QFormLayout()
        form.addRow(_("Coachee"), self.name_edit)
        under_name = QVBoxLayout()  # a hidden error takes no room
        under_name.setContentsMargins(0, 0, 0, 0)
        under_name.addWidget(self.error_label)
        under_name.addWidget(hint)
        form.addRow("", under_name)
        form.addRow(_("Planned duration"), self.planned)
        form.addRow(_("Tally &scheme"), self.scheme_box)
        form.addRow("", self.discreet_check)
        layout = centred_column(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)

        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.name_edit.returnPressed.connect(self._on_start_button_clicked)
        self.name_edit.textEdited.connect(self._on_name_edit_text_edited)
        self.discreet_check.toggled.connect(self.discreet_toggled)
        self.scheme_box.activated.connect(self._on_scheme_box_activated)
        self.known_completer().activated.connect(self._on_name_chosen)

    def known_completer(self) -> QCompleter:
        completer = self.name_edit.completer()
        assert completer is not None
        return completer

    def set_coachees(self, coachees: list[Coachee]) -> None:
        """The names the completer may offer (most recent first); none is shown yet."""
        offer_names(self.known, coachees)
        self._names = {c.name for c in coachees}

    def set_schemes(self, schemes: list[Scheme]) -> None:
        """The schemes a session may use (the newest version of each), the one fitting the
        typed name chosen."""
        chosen = self.scheme()
        self.scheme_box.clear()
        for scheme in schemes:
            self.scheme_box.addItem(scheme.name.shown(), (scheme.key, scheme.version))
        if self._scheme_touched and chosen is not None:
            self._choose(chosen.key)
        else:
            self._fit_scheme()

    def scheme(self) -> SchemeRef | None:
        """The scheme version chosen (None: none offered; the Balance scheme's first)."""
        data = self.scheme_box.currentData()
        return None if data is None else SchemeRef(str(data[0]), int(data[1]))

    @property
    def scheme_touched(self) -> bool:
        """Whether the coach chose the scheme (it then stays, whatever name is typed)."""
        return self._scheme_touched

    def choose_scheme(self, key: str) -> None:
        """Choose the scheme ``key``, as the coach would."""
        self._choose(key)
        self._scheme_touched = True

    def _choose(self, key: str) -> None:
        for index in range(self.scheme_box.count()):
            if self.scheme_box.itemData(index)[0] == key:
                self.scheme_box.setCurrentIndex(index)
                return

    def set_default_scheme(self, key: str | None) -> None:
        """The coach's default for a new coachee (None: the scheme used last)."""
        self.default_scheme = key
        self._fit_scheme()

    def _fit_scheme(self) -> None:
        """The coachee's last scheme for a known name; else the coach's default, if it is
        offered; else the one used last (Balance before any session)."""
        if self._scheme_touched or self.last_scheme_of is None or not self.scheme_box.count():
            return
        name = normal_text(self.name_edit.text().strip())
        key = self.last_scheme_of(name) if name in self._names else None
        offered = {self.scheme_box.itemData(i)[0] for i in range(self.scheme_box.count())}
        if key is None and self.default_scheme in offered:
            key = self.default_scheme
        if key is None:
            key = self.last_scheme_of(None)
        self._choose(key if key is not None else BALANCE)

    def typed(self) -> tuple[str, int]:
        """What the coach has typed and chosen so far: the name and the planned minutes."""
        return self.name_edit.text(), self.planned.value()

    def fill_in(self, name: str, planned_minutes: int | None = None) -> None:
        """Put a name (and planned minutes) in, as if typed: the scheme follows the name."""
        self.name_edit.setText(name)
        if planned_minutes is not None:
            self.planned.setValue(planned_minutes)
        self._fit_scheme()

    def forget(self, name: str | None = None) -> None:
        """Clear the typed name (only if it is ``name``, when given), and the scheme chosen
        for it."""
        if name is None or self.name_edit.text().strip() == name:
            self.name_edit.clear()
            self._scheme_touched = False
            self._fit_scheme()

    def set_discreet(self, discreet: bool) -> None:
        self.discreet_check.setChecked(discreet)

    def focus_name(self) -> None:
        self.name_edit.setFocus()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(True)
        self.name_edit.setFocus()

    def _on_start_button_clicked(self) -> None:
        try:
            name = validate_coachee_name(self.name_edit.text())
        except InvalidInput as e:
            self.show_error(str(e))
            return
        self.start_requested.emit(name, self.planned.value())

    def _on_name_edit_text_edited(self, text: str) -> None:
        self.error_label.setVisible(False)
        compose(self.name_edit, text)
        self._fit_scheme()

    def _on_name_chosen(self, _text: str) -> None:
        self._fit_scheme()

    def _on_scheme_box_activated(self, _index: int) -> None:
        self._scheme_touched = True


def discreet_completer(edit: QLineEdit) -> tuple[QStandardItemModel, QListView]:
    """Give ``edit`` a completer that shows earlier names only as they are typed, and only
    those that match (anywhere in the name, any case). Returns its model and its popup."""
    known = QStandardItemModel(edit)
    completer = QCompleter(known, edit)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(MATCHES_SHOWN)
    matches = QListView()
    matches.setObjectName("coacheeMatches")
    matches.setTextElideMode(Qt.TextElideMode.ElideRight)
    completer.setPopup(matches)
    edit.setCompleter(completer)
    return known, matches


def compose(edit: QLineEdit, text: str) -> None:
    """Put typed text in Unicode's composed form (NFC), as names are stored, so that a name
    typed decomposed ("O" and a combining diaeresis, as macOS input may give it) is offered
    the earlier names it matches."""
    composed = normal_text(text)
    if composed == text:
        return
    cursor = len(normal_text(text[: edit.cursorPosition()]))
    edit.setText(composed)
    edit.setCursorPosition(cursor)
    completer = edit.completer()
    if completer is not None:
        completer.setCompletionPrefix(composed)
        completer.complete()


def offer_names(known: QStandardItemModel, coachees: list[Coachee]) -> None:
    """The names a discreet completer may offer, in this order."""
    known.clear()
    for coachee in coachees:
        item = QStandardItem(coachee.name.replace("\n", " "))
        item.setEditable(False)
        known.appendRow(item)
