"""The filter bar every history view shares: dates (or all dates), coachees (or all),
archived coachees in or out, one tally scheme (or all), and weeks or months for the practice
view."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.history import DEFAULT_MIN_MINUTES, MAX_MIN_MINUTES, Grain, fold
from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import Coachee, CoacheeId
from coachdesk.domain.scheme_presets import preset
from coachdesk.domain.schemes import Scheme
from coachdesk.domain.settings import HistoryChoice
from coachdesk.ui.elide import ElidedCombo

#: Every coachee there is, archived ones too, by name: asked only when the menu opens.
CoacheeSource = Callable[[], list[Coachee]]


class FilterBar(QWidget):
    """Emits :attr:`changed` with the new :class:`HistoryChoice` whenever the coach changes
    a filter; a choice that makes no sense (first day after the last) is refused with a
    message and changes nothing."""

    changed = Signal(object)

    def __init__(
        self, choice: HistoryChoice, coachees: CoacheeSource, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyFilterBar")
        self._choice = choice
        self._coachees = coachees
        self._names: dict[CoacheeId, str] = {}
        today = QDate.currentDate()
        self.from_check = QCheckBox(_("From"))
        self.from_date = _date_edit("historyFrom", today.addMonths(-6))
        self.from_date.setAccessibleName(_("From date"))
        self.to_check = QCheckBox(_("to"))
        self.to_date = _date_edit("historyTo", today)
        self.to_date.setAccessibleName(_("To date"))
        self.all_dates_button = QPushButton(_("All dates"))
        self.coachee_button = QPushButton()  # its menu's arrow sits beside the text
        self.coachee_button.setObjectName("historyCoachees")
        self.coachee_menu = QMenu(self.coachee_button)
        self.coachee_button.setMenu(self.coachee_menu)
        self.archived_check = QCheckBox(_("Include archived"))
        # Sessions of different schemes share only the balance; one scheme shows its own.
        self.scheme = ElidedCombo()
        self.scheme.setObjectName("historyScheme")
        self.scheme.setAccessibleName(_("Tally scheme"))
        self.scheme.setToolTip(
            _(
                "All schemes: sessions are compared on the balance they share. One scheme: "
                "its own counts and figures."
            )
        )
        # Room for a long name where the window is wide, never wider than the dates leave at
        # 640 logical pixels: a longer name is elided in the box, whole in its list.
        self.scheme.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.scheme.setMinimumContentsLength(8)
        self.scheme.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.scheme.setMaximumWidth(self.scheme.fontMetrics().averageCharWidth() * 34)
        self._schemes: list[Scheme] = []
        self._fill_schemes()
        self.grain = QComboBox()
        self.grain.setObjectName("historyGrain")
        self.grain.addItem(_("per week"), Grain.WEEK.value)
        self.grain.addItem(_("per month"), Grain.MONTH.value)
        self.min_label = QLabel(_("Count from"))
        self.min_minutes = QSpinBox()
        self.min_minutes.setObjectName("historyMinMinutes")
        self.min_minutes.setRange(0, MAX_MIN_MINUTES)
        self.min_minutes.setSuffix(_(" min"))
        self.min_minutes.setSpecialValueText(_("any length"))
        self.min_minutes.setKeyboardTracking(False)  # "10" typed is one change, not two
        self.min_minutes.setAccessibleName(_("Shortest session counted, in minutes"))
        self.min_label.setBuddy(self.min_minutes)
        explained = _(
            "Sessions with less active time than this are too short to count: a test or a "
            "false start would swing every rate and trend. They stay listed, marked, and you "
            "can count one anyway. {n} minutes unless you change it; 0 counts every session."
        ).format(n=DEFAULT_MIN_MINUTES)
        self.min_label.setToolTip(explained)
        self.min_minutes.setToolTip(explained)
        self.error = QLabel()
        self.error.setObjectName("inlineError")
        self.error.setVisible(False)

        # The dates on one row, the rest on the next: one long row is wider than a window at
        # 200% (640 logical pixels), in Dutch above all.
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.from_check, self.from_date, self.to_check, self.to_date):
            row.addWidget(widget)
        row.addWidget(self.all_dates_button)
        row.addSpacing(8)
        row.addWidget(self.scheme, 1)
        row.addStretch(1)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        second.addWidget(self.coachee_button)
        second.addWidget(self.archived_check)
        second.addSpacing(16)
        second.addWidget(self.grain)
        second.addSpacing(16)
        second.addWidget(self.min_label)
        second.addWidget(self.min_minutes)
        second.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(second)
        layout.addWidget(self.error)

        self._show(choice)
        self.from_check.toggled.connect(self._on_any_changed)
        self.to_check.toggled.connect(self._on_any_changed)
        self.from_date.dateChanged.connect(self._on_any_changed)
        self.to_date.dateChanged.connect(self._on_any_changed)
        self.archived_check.toggled.connect(self._on_any_changed)
        self.grain.currentIndexChanged.connect(self._on_any_changed)
        self.scheme.currentIndexChanged.connect(self._on_any_changed)
        self.min_minutes.valueChanged.connect(self._on_any_changed)
        self.all_dates_button.clicked.connect(self._on_all_dates_button_clicked)
        self.coachee_menu.aboutToShow.connect(self._on_coachee_menu_about_to_show)

    @property
    def choice(self) -> HistoryChoice:
        return self._choice

    def set_schemes(self, schemes: Sequence[Scheme]) -> None:
        """Offer these schemes (those that have sessions, newest versions) besides all."""
        self._schemes = list(schemes)
        self._fill_schemes()

    def _fill_schemes(self) -> None:
        box = self.scheme
        box.blockSignals(True)
        box.clear()
        box.addItem(_("All schemes"), None)
        for scheme in self._schemes:
            box.addItem(scheme.name.shown(), scheme.key)
        chosen = self._choice.scheme
        if chosen is not None and box.findData(chosen) < 0:
            # remembered, but no session has it (any more): named as the preset, if it is one
            try:
                name = preset(chosen).name.shown()
            except KeyError:
                name = chosen
            box.addItem(name, chosen)
        box.setCurrentIndex(max(box.findData(chosen), 0) if chosen is not None else 0)
        box.blockSignals(False)

    def _show(self, choice: HistoryChoice) -> None:
        widgets: list[QWidget] = [self.from_check, self.from_date, self.to_check, self.to_date]
        widgets += [self.archived_check, self.grain, self.min_minutes, self.scheme]
        for widget in widgets:
            widget.blockSignals(True)
        self.from_check.setChecked(choice.first_day is not None)
        self.to_check.setChecked(choice.last_day is not None)
        if choice.first_day is not None:
            self.from_date.setDate(_qdate(choice.first_day))
        if choice.last_day is not None:
            self.to_date.setDate(_qdate(choice.last_day))
        self.from_date.setEnabled(choice.first_day is not None)
        self.to_date.setEnabled(choice.last_day is not None)
        self.archived_check.setChecked(choice.include_archived)
        self.grain.setCurrentIndex(self.grain.findData(choice.grain.value))
        self.min_minutes.setValue(choice.min_minutes)
        self.scheme.setCurrentIndex(
            max(self.scheme.findData(choice.scheme), 0) if choice.scheme is not None else 0
        )
        for widget in widgets:
            widget.blockSignals(False)
        self.all_dates_button.setEnabled(
            choice.first_day is not None or choice.last_day is not None
        )
        n = len(choice.coachees)
        self.coachee_button.setText(
            ngettext("{n} coachee", "{n} coachees", n).format(n=n) if n else _("All coachees")
        )

    def _read(self) -> HistoryChoice:
        return replace(
            self._choice,
            first_day=_day(self.from_date.date()) if self.from_check.isChecked() else None,
            last_day=_day(self.to_date.date()) if self.to_check.isChecked() else None,
            include_archived=self.archived_check.isChecked(),
            grain=Grain(self.grain.currentData()),
            min_minutes=self.min_minutes.value(),
            scheme=self.scheme.currentData(),
        )

    def _apply(self, choice: HistoryChoice) -> None:
        if choice.first_day and choice.last_day and choice.first_day > choice.last_day:
            self.error.setText(_("The first day comes after the last day: nothing was changed."))
            self.error.setVisible(True)
            self._show(self._choice)
            return
        self.error.setVisible(False)
        self._show(choice)
        if choice != self._choice:
            self._choice = choice
            self.changed.emit(choice)

    def _on_any_changed(self, *_args: object) -> None:
        self._apply(self._read())

    def _on_all_dates_button_clicked(self) -> None:
        self._apply(replace(self._read(), first_day=None, last_day=None))

    def _on_coachee_menu_about_to_show(self) -> None:
        menu = self.coachee_menu
        menu.clear()
        everyone = menu.addAction(_("All coachees"))
        everyone.setObjectName("allCoachees")
        everyone.setCheckable(True)
        everyone.setChecked(not self._choice.coachees)
        everyone.triggered.connect(self._on_everyone_triggered)
        menu.addSeparator()
        chosen = set(self._choice.coachees)
        for coachee in sorted(self._coachees(), key=lambda c: fold(c.name)):
            action = QAction(coachee.name, menu)
            action.setCheckable(True)
            action.setChecked(coachee.id in chosen)
            action.setData(int(coachee.id))
            action.toggled.connect(self._on_coachee_action_toggled)
            menu.addAction(action)

    def _on_everyone_triggered(self) -> None:
        self._apply(replace(self._read(), coachees=()))

    def _on_coachee_action_toggled(self, _checked: bool) -> None:
        ids = tuple(
            CoacheeId(int(a.data()))
            for a in self.coachee_menu.actions()
            if a.isCheckable() and a.data() is not None and a.isChecked()
        )
        self._apply(replace(self._read(), coachees=ids))


def _date_edit(name: str, initial: QDate) -> QDateEdit:
    edit = QDateEdit(initial)
    edit.setObjectName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")  # read the same in every language, unlike 6/4/26
    return edit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
