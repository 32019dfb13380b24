"""Settings > Tally schemes…: the presets to read, the coach's own schemes to edit.

Every change goes through the domain (:func:`~coachdesk.domain.schemes.applied` to show it,
:func:`~coachdesk.domain.schemes.problems` to say what still stops a save,
:func:`~coachdesk.domain.schemes.edited` to make the next version); Save stores that version
through the :class:`~coachdesk.domain.ports.SchemeStore` port, so a version with sessions is
never changed. Files are read and checked whole by :mod:`~coachdesk.domain.scheme_files`
before anything is written. Sessions still record the Balance scheme: the live session,
review and history do not use other schemes yet.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain import scheme_colours, schemes
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import N_, _
from coachdesk.domain.model import Side
from coachdesk.domain.scheme_presets import PRESETS
from coachdesk.domain.schemes import Change, Detail, Kind, KindType, Scheme, Words

if TYPE_CHECKING:
    from coachdesk.domain.ports import SchemeStore

#: The palette's colours as the coach reads them.
COLOUR_WORDS = {
    "orange": N_("orange"),
    "teal": N_("teal"),
    "violet": N_("violet"),
    "red": N_("red"),
    "blue": N_("blue"),
    "green": N_("green"),
    "pink": N_("pink"),
    "brown": N_("brown"),
    "gold": N_("gold"),
    "slate": N_("slate"),
}
PARTY_WORDS = (
    (Side.COACH, N_("coach")),
    (Side.COACHEE, N_("coachee")),
    (Side.NEUTRAL, N_("neither")),
)
TYPE_WORDS = ((KindType.POINT, N_("point (a moment)")), (KindType.STATE, N_("state (a stretch)")))


def _swatch(name: str) -> QIcon:
    """The colour's light shade on the left, its dark shade on the right."""
    pixmap = QPixmap(32, 16)
    pixmap.fill(QColor(scheme_colours.shade(name, dark=False)))
    from PySide6.QtGui import QPainter

    painter = QPainter(pixmap)
    painter.fillRect(16, 0, 16, 16, QColor(scheme_colours.shade(name, dark=True)))
    painter.end()
    return QIcon(pixmap)


class SchemeEditor(QDialog):
    """The list of schemes on the left, the chosen one on the right."""

    #: The coach made the scheme with this key (or None: the one used last) the default for
    #: new coachees.
    default_chosen = Signal(object)

    def __init__(
        self, store: SchemeStore, parent: QWidget | None = None, default: str | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.default = default
        self.setWindowTitle(_("Tally schemes"))
        self.setObjectName("schemeEditor")
        #: The scheme as stored (or as first made), the changes since, and whether it is stored.
        self.base: Scheme | None = None
        self.changes: list[Change] = []
        self.stored = False
        self.read_only = True
        self._filling = False
        #: Per scheme key: the scheme as stored or first made, the changes not saved yet, and
        #: whether it is stored; kept while the coach looks at another scheme.
        self.drafts: dict[str, tuple[Scheme, list[Change], bool]] = {}

        self.list = QListWidget()
        self.list.setAccessibleName(_("Tally schemes"))
        self.list.setMinimumWidth(280)
        self.list.setWordWrap(True)  # a long name with "changes not saved" shows whole
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_button = QPushButton(_("&New from preset"))
        self.duplicate_button = QPushButton(_("&Duplicate"))
        self.import_button = QPushButton(_("&Import…"))
        self.boris_button = QPushButton(_("Import &BORIS project…"))
        self.export_button = QPushButton(_("E&xport…"))
        left = QVBoxLayout()
        heading = QLabel(_("&Schemes"))
        heading.setBuddy(self.list)
        left.addWidget(heading)
        left.addWidget(self.list, 1)
        for button in (
            self.new_button,
            self.duplicate_button,
            self.export_button,
            self.import_button,
            self.boris_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            left.addWidget(button)

        self.note = QLabel(
            _(
                "A session keeps the scheme version it started with: saving a scheme that "
                "has sessions stores its next version."
            )
        )
        self.note.setWordWrap(True)
        self.title = QLabel()
        self.title.setObjectName("schemeTitle")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.name_en = QLineEdit()
        self.name_nl = QLineEdit()
        names = QFormLayout()
        names.addRow(_("Name (&English)"), self.name_en)
        names.addRow(_("Name (Dutc&h)"), self.name_nl)
        self.name_en.setAccessibleName(_("Scheme name in English"))
        self.name_nl.setAccessibleName(_("Scheme name in Dutch"))
        self._names_form = names
        # A scheme of the coach's own has an explanation to write (a preset's is read above).
        self.explain_en = QPlainTextEdit()
        self.explain_nl = QPlainTextEdit()
        for edit, label, name in (
            (self.explain_en, _("Explanation (English)"), _("Explanation in English")),
            (self.explain_nl, _("Explanation (Dutch)"), _("Explanation in Dutch")),
        ):
            edit.setAccessibleName(name)
            edit.setTabChangesFocus(True)  # Tab leaves the field: nothing traps the keyboard
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            names.addRow(label, edit)

        self.kinds = QListWidget()
        self.kinds.setAccessibleName(_("Kinds"))
        self.add_button = QPushButton(_("&Add kind"))
        self.up_button = QPushButton(_("Move &up"))
        self.down_button = QPushButton(_("Move do&wn"))
        kind_buttons = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button):
            button.setAccessibleName(button.text().replace("&", ""))
            kind_buttons.addWidget(button)

        self.label_en = QLineEdit()
        self.label_nl = QLineEdit()
        self.hotkey = QComboBox()
        self.hotkey.addItems(list(schemes.HOTKEYS))
        self.colour = QComboBox()
        for name in scheme_colours.COLOUR_NAMES:
            entry = scheme_colours.colour(name)
            self.colour.addItem(
                _swatch(name),
                _("{colour} (light {light}, dark {dark})").format(
                    colour=_(COLOUR_WORDS[name]), light=entry.light, dark=entry.dark
                ),
                name,
            )
        self.party = QComboBox()
        for side, words in PARTY_WORDS:
            self.party.addItem(_(words), side)
        self.type = QComboBox()
        for kind_type, words in TYPE_WORDS:
            self.type.addItem(_(words), kind_type)
        self.group = QLineEdit()
        self.details_en = QLineEdit()
        self.details_nl = QLineEdit()
        self.retired = QCheckBox(_("&Retired (not offered in new sessions)"))
        self.default_check = QCheckBox(_("Offered &first for a new coachee"))
        self.default_check.setToolTip(
            _(
                "A new coachee's first session is offered this scheme. An earlier coachee is "
                "offered the scheme of their last session. Without a default: the scheme "
                "you used last."
            )
        )
        form = QFormLayout()
        for text, field, name in (
            (_("&Label (English)"), self.label_en, _("Label in English")),
            (_("Label (Dutch)"), self.label_nl, _("Label in Dutch")),
            (_("&Key"), self.hotkey, _("Key")),
            (_("&Colour"), self.colour, _("Colour")),
            (_("&Party"), self.party, _("Whose contribution")),
            (_("&Type"), self.type, _("Type")),
            (_("&Group"), self.group, _("Group of states")),
            (_("Detail choices (English)"), self.details_en, _("Detail choices in English")),
            (_("Detail choices (Dutch)"), self.details_nl, _("Detail choices in Dutch")),
        ):
            field.setAccessibleName(name)
            form.addRow(text, field)
        self.details_en.setPlaceholderText(_("separated by commas"))
        self.details_nl.setPlaceholderText(_("separated by commas"))
        self.retired.setAccessibleName(_("Retired"))
        form.addRow(self.retired)

        self.problems = QLabel()
        self.problems.setObjectName("schemeProblems")
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName(_("Problems"))
        self.preview_box = QGroupBox(_("Preview of the live buttons"))
        self.preview = QHBoxLayout(self.preview_box)
        self.save_button = QPushButton(_("Sa&ve"))
        self.save_button.setAccessibleName(_("Save"))
        self.close_button = QPushButton(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Status"))

        right = QVBoxLayout()
        right.addWidget(self.title)
        right.addWidget(self.explanation)
        right.addWidget(self.default_check)
        right.addLayout(names)
        kinds_row = QHBoxLayout()
        kinds_col = QVBoxLayout()
        kinds_heading = QLabel(_("Tall&y kinds"))
        kinds_heading.setBuddy(self.kinds)
        kinds_col.addWidget(kinds_heading)
        kinds_col.addWidget(self.kinds, 1)
        kinds_col.addLayout(kind_buttons)
        kinds_row.addLayout(kinds_col, 1)
        kinds_row.addLayout(form, 2)
        right.addLayout(kinds_row, 1)
        right.addWidget(self.problems)
        right.addWidget(self.preview_box)
        right.addWidget(self.status)
        bottom = QHBoxLayout()
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        right.addLayout(bottom)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 3)
        self.resize(1100, 720)

        self.list.currentRowChanged.connect(self._on_list_row_changed)
        self.kinds.currentRowChanged.connect(self._on_kind_row_changed)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.duplicate_button.clicked.connect(self._on_new_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.boris_button.clicked.connect(self._on_boris_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.reject)
        self.name_en.textEdited.connect(self._on_name_edited)
        self.name_nl.textEdited.connect(self._on_name_edited)
        self.explain_en.textChanged.connect(self._on_explanation_edited)
        self.explain_nl.textChanged.connect(self._on_explanation_edited)
        self.label_en.textEdited.connect(self._on_label_edited)
        self.label_nl.textEdited.connect(self._on_label_edited)
        self.hotkey.activated.connect(self._on_hotkey_activated)
        self.colour.activated.connect(self._on_colour_activated)
        self.party.activated.connect(self._on_party_activated)
        self.type.activated.connect(self._on_type_changed)
        self.group.textEdited.connect(self._on_type_changed)
        self.details_en.editingFinished.connect(self._on_details_edited)
        self.details_nl.editingFinished.connect(self._on_details_edited)
        self.retired.toggled.connect(self._on_retired_toggled)
        self.default_check.toggled.connect(self._on_default_check_toggled)
        self.refresh()

    # -- the list -----------------------------------------------------------------------------

    def own(self) -> list[Scheme]:
        """The coach's own schemes as stored (newest versions), not the presets."""
        preset_keys = {p.key for p in PRESETS}
        return [s for s in self.store.schemes() if s.key not in preset_keys]

    def refresh(self, select: str | None = None) -> None:
        """Read the schemes again; choose the one called ``select`` (else the first)."""
        stored = self.own()
        stored_keys = {s.key for s in stored}
        #: (scheme, the coach's own, stored) per row of the list.
        self.entries: list[tuple[Scheme, bool, bool]] = [(p, False, False) for p in PRESETS]
        self.entries += [(s, True, True) for s in stored]
        self.entries += [
            (base, True, False)
            for key, (base, _changes, was_stored) in self.drafts.items()
            if not was_stored and key not in stored_keys
        ]
        self.list.blockSignals(True)
        self.list.clear()
        row = 0
        for index, (scheme, own, is_stored) in enumerate(self.entries):
            self.list.addItem(QListWidgetItem(self._entry_text(scheme, own, is_stored)))
            if own and scheme.key == select:
                row = index
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)
        self._on_list_row_changed(row)

    def _entry_text(self, scheme: Scheme, own: bool, stored: bool) -> str:
        if not own:
            return _("{name} (preset)").format(name=scheme.name.shown())
        pending = self.drafts.get(scheme.key)
        shown = schemes.applied(pending[0], *pending[1]) if pending is not None else scheme
        if not stored:
            return _("{name}, new, not saved").format(name=shown.name.shown())
        if pending is not None and pending[1]:
            return _("{name}, version {version}, changes not saved").format(
                name=shown.name.shown(), version=scheme.version
            )
        return _("{name}, version {version}").format(
            name=scheme.name.shown(), version=scheme.version
        )

    def _stash(self) -> None:
        """Keep the changes to the scheme shown while the coach looks at another."""
        if self.base is None or self.read_only:
            return
        if self.changes or not self.stored:
            self.drafts[self.base.key] = (self.base, list(self.changes), self.stored)
        else:
            self.drafts.pop(self.base.key, None)

    def _on_list_row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        self._stash()
        scheme, own, stored = self.entries[row]
        self.show_scheme(scheme, own=own, stored=stored)

    def show_scheme(self, scheme: Scheme, *, own: bool, stored: bool) -> None:
        pending = self.drafts.get(scheme.key) if own else None
        changes = list(pending[1]) if pending is not None else []
        if pending is not None:
            scheme = pending[0]
        self.base, self.changes, self.stored, self.read_only = scheme, changes, stored, not own
        self.new_button.setEnabled(not own)
        self.duplicate_button.setEnabled(own)
        self._show(kind_row=0)

    def draft(self) -> Scheme | None:
        """The scheme as the coach sees it now (not checked)."""
        if self.base is None:
            return None
        return schemes.applied(self.base, *self.changes)

    # -- showing ------------------------------------------------------------------------------

    def _show(self, kind_row: int | None = None) -> None:
        draft = self.draft()
        if draft is None:
            return
        self._filling = True
        if self.read_only:
            self.title.setText(
                _("{name}: a preset, to read; make your own from it").format(
                    name=draft.name.shown()
                )
            )
        elif self.stored:
            self.title.setText(
                _("{name}: version {version}; Save stores version {next}").format(
                    name=draft.name.shown(), version=draft.version, next=draft.version + 1
                )
            )
        else:
            self.title.setText(_("{name}: new, not saved yet").format(name=draft.name.shown()))
        # A scheme a session can use now (a preset, or one of the coach's saved) may be the
        # default; a new one not saved yet may not.
        self.default_check.blockSignals(True)
        self.default_check.setChecked(draft.key == self.default)
        self.default_check.blockSignals(False)
        self.default_check.setEnabled(self.read_only or self.stored)
        self.explanation.setText(draft.explanation.shown())
        self.explanation.setVisible(self.read_only and bool(draft.explanation.shown()))
        for edit, text in (
            (self.explain_en, draft.explanation.en),
            (self.explain_nl, draft.explanation.nl),
        ):
            if edit.toPlainText() != text:  # else the cursor would jump while typing
                edit.setPlainText(text)
            self._names_form.setRowVisible(edit, not self.read_only)
        self.name_en.setText(draft.name.en)
        self.name_nl.setText(draft.name.nl)
        current = self.kinds.currentRow() if kind_row is None else kind_row
        self.kinds.blockSignals(True)
        self.kinds.clear()
        for kind in draft.kinds:
            text = _("{label} (key {key})").format(label=kind.label.shown(), key=kind.hotkey)
            if kind.retired:
                text = _("{kind}, retired").format(kind=text)
            self.kinds.addItem(QListWidgetItem(_swatch(kind.colour), text))
        self.kinds.setCurrentRow(max(0, min(current, len(draft.kinds) - 1)))
        self.kinds.blockSignals(False)
        self._filling = False
        self._fill_kind()
        for field in (
            self.name_en,
            self.name_nl,
            self.label_en,
            self.label_nl,
            self.group,
            self.details_en,
            self.details_nl,
        ):
            field.setReadOnly(self.read_only)  # a preset's words stay readable
        for widget in (
            self.add_button,
            self.up_button,
            self.down_button,
            self.hotkey,
            self.colour,
            self.party,
            self.type,
            self.retired,
        ):
            widget.setEnabled(not self.read_only)
        found = schemes.problems(draft)
        if self.stored and self.base is not None:  # its next version: each kind keeps its party
            found += schemes.changed_parties(self.base, draft)
        self.problems.setText("\n".join(found))
        self.problems.setVisible(bool(found))
        self.save_button.setEnabled(
            not self.read_only and not found and (bool(self.changes) or not self.stored)
        )
        self._show_preview(draft)

    def _show_preview(self, draft: Scheme) -> None:
        while self.preview.count():
            item = self.preview.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        dark = self.palette().color(QPalette.ColorRole.Window).lightnessF() < 0.5
        #: The buttons as the session screen would show them, in order.
        self.preview_buttons: list[QLabel] = []
        for kind in draft.active:
            button = QLabel(
                _("{label}\nkey {key}").format(label=kind.label.shown(), key=kind.hotkey)
            )
            button.setObjectName("previewButton")
            shade = scheme_colours.shade(kind.colour, dark=dark)
            button.setStyleSheet(
                f"QLabel {{ border: 3px solid {shade}; border-left: 12px solid {shade};"
                " border-radius: 4px; padding: 6px; }"
            )
            button.setAccessibleName(button.text().replace("\n", ", "))
            self.preview.addWidget(button)
            self.preview_buttons.append(button)
        self.preview.addStretch(1)

    def current_kind(self) -> Kind | None:
        draft = self.draft()
        row = self.kinds.currentRow()
        if draft is None or not 0 <= row < len(draft.kinds):
            return None
        return draft.kinds[row]

    def _on_kind_row_changed(self, _row: int) -> None:
        if not self._filling:
            self._fill_kind()

    def _fill_kind(self) -> None:
        kind = self.current_kind()
        if kind is None:
            return
        self._filling = True
        self.label_en.setText(kind.label.en)
        self.label_nl.setText(kind.label.nl)
        if kind.hotkey in schemes.HOTKEYS:
            self.hotkey.setCurrentIndex(schemes.HOTKEYS.index(kind.hotkey))
        self.colour.setCurrentIndex(max(0, self.colour.findData(kind.colour)))
        self.party.setCurrentIndex(max(0, self.party.findData(kind.party)))
        self.type.setCurrentIndex(max(0, self.type.findData(kind.type)))
        self.group.setText(kind.group or "")
        self.details_en.setText(", ".join(d.label.en for d in kind.details))
        self.details_nl.setText(", ".join(d.label.nl for d in kind.details))
        self.retired.setChecked(kind.retired)
        self._filling = False

    # -- editing ------------------------------------------------------------------------------

    def change(self, change: Change) -> None:
        """Make ``change`` to the draft; one that replaces the last of its kind on the same
        kind takes its place, so typing a label is one change."""
        if self._filling or self.read_only or self.base is None:
            return
        last = self.changes[-1] if self.changes else None
        if (
            last is not None
            and type(last) is type(change)
            and getattr(last, "kind", None) == getattr(change, "kind", None)
            and not isinstance(change, schemes.AddKind)
        ):
            self.changes[-1] = change
        else:
            self.changes.append(change)
        self.status.setText("")
        self._stash()
        item = self.list.currentItem()
        if item is not None and self.base is not None:
            item.setText(self._entry_text(self.base, True, self.stored))
        self._show()

    def _on_default_check_toggled(self, on: bool) -> None:
        draft = self.draft()
        if draft is None:
            return
        self.default = draft.key if on else None
        self.default_chosen.emit(self.default)

    def _on_explanation_edited(self) -> None:
        self.change(
            schemes.Explain(Words(self.explain_en.toPlainText(), self.explain_nl.toPlainText()))
        )

    def _on_name_edited(self) -> None:
        self.change(schemes.RenameScheme(Words(self.name_en.text(), self.name_nl.text())))

    def _on_label_edited(self) -> None:
        kind = self.current_kind()
        if kind is not None:
            label = Words(self.label_en.text(), self.label_nl.text())
            self.change(schemes.Rename(kind.key, label))

    def _on_hotkey_activated(self, index: int) -> None:
        kind = self.current_kind()
        if kind is not None:
            self.change(schemes.Rebind(kind.key, schemes.HOTKEYS[index]))

    def _on_colour_activated(self, index: int) -> None:
        kind = self.current_kind()
        if kind is not None:
            self.change(schemes.Recolour(kind.key, str(self.colour.itemData(index))))

    def _on_party_activated(self, index: int) -> None:
        kind = self.current_kind()
        if kind is not None:
            self.change(schemes.SetParty(kind.key, self.party.itemData(index)))

    def _on_type_changed(self) -> None:
        kind = self.current_kind()
        if kind is None:
            return
        kind_type = self.type.currentData()
        group = self.group.text().strip() or None
        if kind_type is KindType.POINT:
            group = None
        self.change(schemes.SetType(kind.key, kind_type, group))

    def _on_details_edited(self) -> None:
        kind = self.current_kind()
        if kind is None or self._filling:
            return
        english = [t.strip() for t in self.details_en.text().split(",") if t.strip()]
        dutch = [t.strip() for t in self.details_nl.text().split(",") if t.strip()]
        dutch += [""] * (len(english) - len(dutch))
        taken: set[str] = set()
        details = []
        for index, en in enumerate(english):
            old = kind.details[index].key if index < len(kind.details) else None
            key = old if old is not None and old not in taken else None
            if key is not None:
                taken.add(key)
            else:
                key = schemes.identifier(en, taken, "choice")
            details.append(Detail(key, Words(en, dutch[index])))
        if tuple(details) != kind.details:
            self.change(schemes.SetDetails(kind.key, tuple(details)))

    def _on_retired_toggled(self, retired: bool) -> None:
        kind = self.current_kind()
        if kind is not None and kind.retired != retired:
            self.change(schemes.Retire(kind.key, retired))

    def _on_add_clicked(self) -> None:
        draft = self.draft()
        if draft is None:
            return
        free = schemes.free_hotkeys(draft.kinds)
        colour = scheme_colours.COLOUR_NAMES[len(draft.kinds) % len(scheme_colours.COLOUR_NAMES)]
        kind = Kind(
            key=schemes.identifier("kind", {k.key for k in draft.kinds}),
            label=Words("new kind", "nieuwe soort"),
            hotkey=free[0] if free else schemes.HOTKEYS[0],
            colour=colour,
            party=Side.NEUTRAL,
        )
        self.change(schemes.AddKind(kind))
        self.kinds.setCurrentRow(self.kinds.count() - 1)
        self.label_en.setFocus()
        self.label_en.selectAll()

    def _move(self, step: int) -> None:
        draft = self.draft()
        row = self.kinds.currentRow()
        if draft is None or not 0 <= row + step < len(draft.kinds) or row < 0:
            return
        keys = [k.key for k in draft.kinds]
        keys[row], keys[row + step] = keys[row + step], keys[row]
        self.change(schemes.Reorder(tuple(keys)))
        self.kinds.setCurrentRow(row + step)

    # -- new, save ----------------------------------------------------------------------------

    def _taken_keys(self) -> set[str]:
        return {p.key for p in PRESETS} | {s.key for s in self.store.schemes()} | set(self.drafts)

    def _on_new_clicked(self) -> None:
        draft = self.draft()
        if draft is None:
            return
        name = Words(
            f"{draft.name.en} (my own)",
            f"{draft.name.nl} (eigen)",
        )
        if self.stored:  # Duplicate: the copy notes the same preset as the original
            name = Words(f"{draft.name.en} 2", f"{draft.name.nl} 2")
        key = schemes.identifier(name.en, self._taken_keys(), "scheme")
        preset = draft.preset if self.stored else draft.key
        new = replace(draft, key=key, name=name, version=1, preset=preset)
        self._stash()
        self.drafts[key] = (new, [], False)
        self.base = None  # kept in drafts
        self.refresh(select=key)
        self.name_en.setFocus()
        self.name_en.selectAll()

    def save(self) -> bool:
        """Store the draft: a new scheme's first version, or a stored one's next."""
        if self.base is None or self.read_only:
            return False
        try:
            if self.stored:
                scheme = schemes.edited(self.base, *self.changes)
            else:
                scheme = schemes.check(schemes.applied(self.base, *self.changes))
            self.store.save_scheme(scheme)
        except InvalidInput as e:
            self.status.setText(str(e))
            return False
        self.drafts.pop(scheme.key, None)
        self.base = None  # saved: nothing to keep
        self.refresh(select=scheme.key)
        self.status.setText(
            _("Saved {name} as version {version}.").format(
                name=scheme.name.shown(), version=scheme.version
            )
        )
        return True

    def unsaved(self) -> list[str]:
        """The names of the schemes with changes not saved."""
        self._stash()
        return [
            schemes.applied(base, *changes).name.shown()
            for base, changes, stored in self.drafts.values()
            if changes or not stored
        ]

    def reject(self) -> None:
        """Close; with changes not saved, first ask whether to leave them."""
        names = self.unsaved()
        if not names:
            super().reject()
            return
        self.leave_question = QMessageBox(
            QMessageBox.Icon.Question,
            _("Tally schemes"),
            _("Close without saving the changes to {names}?").format(names=", ".join(names)),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        self.leave_question.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self.leave_question.finished.connect(self._on_leave_question_finished)
        self.leave_question.open()

    def _on_leave_question_finished(self, answer: int) -> None:
        if answer == QMessageBox.StandardButton.Discard:
            self.drafts.clear()
            self.base = None
            super().reject()

    # -- files --------------------------------------------------------------------------------

    def _on_export_clicked(self) -> None:
        from coachdesk.domain.scheme_files import dumps

        draft = self.draft()
        if draft is None:
            return
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export tally scheme"),
            f"{draft.key}.json",
            _("Scheme files (*.json)"),
        )
        if not chosen:
            return
        try:
            Path(chosen).write_bytes(dumps(draft))
        except OSError as e:
            self.status.setText(_("Could not export the scheme: {error}").format(error=e))
            return
        self.status.setText(_("Exported to {path}.").format(path=chosen))

    def _read_chosen(self, title: str, filter_: str) -> bytes | None:
        chosen, _filter = QFileDialog.getOpenFileName(self, title, "", filter_)
        if not chosen:
            return None
        try:
            return Path(chosen).read_bytes()
        except OSError as e:
            self.status.setText(_("Could not read the file: {error}").format(error=e))
            return None

    def _on_import_clicked(self) -> None:
        from coachdesk.domain.scheme_files import parse

        data = self._read_chosen(_("Import tally scheme"), _("Scheme files (*.json)"))
        if data is None:
            return
        try:
            self.import_scheme(parse(data), ())
        except InvalidInput as e:
            self.status.setText(str(e))

    def _on_boris_clicked(self) -> None:
        from coachdesk.domain.scheme_files import from_boris

        data = self._read_chosen(
            _("Import BORIS project"), _("BORIS projects (*.boris *.boris.gz *.gz)")
        )
        if data is None:
            return
        try:
            found = from_boris(data)
            self.import_scheme(found.scheme, found.notes)
        except InvalidInput as e:
            self.status.setText(str(e))

    def import_scheme(self, scheme: Scheme, notes: tuple[str, ...]) -> None:
        """Store ``scheme`` as the first version of a new scheme of the coach's own.

        Raises:
            InvalidInput: it cannot be stored (nothing was written).
        """
        key = scheme.key
        if key in self._taken_keys():
            key = schemes.identifier(key, self._taken_keys(), "scheme")
        new = schemes.check(replace(scheme, key=key, version=1))
        self.store.save_scheme(new)
        self._stash()
        self.base = None
        self.refresh(select=new.key)
        lines = [_("Imported {name}.").format(name=new.name.shown()), *notes]
        self.status.setText("\n".join(lines))
