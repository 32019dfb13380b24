"""The coachee's rights, in the window: choose a coachee by typing their name (no list of
names is shown), then export their record, or erase them after a confirmation that names
what will go and asks for the name once more."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coachdesk.domain.erasure import BackupsAfterErasure, ErasurePlan
from coachdesk.domain.errors import CoachdeskError
from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import Coachee, normal_text
from coachdesk.domain.ports import CoacheeData
from coachdesk.ui.coachee_picker import discreet_completer, offer_names


def _key(name: str) -> str:
    return normal_text(" ".join(name.replace("\n", " ").split()).casefold())


def _no_enter(buttons: QDialogButtonBox) -> None:
    """Enter on a name that is not (yet) right does nothing: it never cancels instead."""
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    if cancel is not None:
        cancel.setAutoDefault(False)


def _wrapped(text: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    return label


class ChooseCoacheeDialog(QDialog):
    """Accepted with :attr:`chosen` set, once a typed name is one of the coachees."""

    def __init__(
        self,
        title: str,
        explain: str,
        go_text: str,
        coachees: list[Coachee],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("chooseCoacheeDialog")
        self.chosen: Coachee | None = None
        self._by_name = {_key(c.name): c for c in coachees}
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("chosenCoachee")
        self.name_edit.setPlaceholderText(_("Name, pseudonym or code"))
        self.name_edit.setClearButtonEnabled(True)
        known, _popup = discreet_completer(self.name_edit)
        offer_names(known, coachees)
        self.status = _wrapped(
            _("Earlier coachees appear as you type; no list of names is shown."), "hint"
        )
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.go_button = QPushButton(go_text)
        self.go_button.setObjectName("chooseGo")
        self.go_button.setEnabled(False)
        self.go_button.setDefault(True)
        self.buttons.addButton(self.go_button, QDialogButtonBox.ButtonRole.AcceptRole)
        _no_enter(self.buttons)
        form = QFormLayout()
        form.addRow(_("Coachee"), self.name_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(explain))
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

        self.name_edit.textChanged.connect(self._on_name_edit_text_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_name_edit_text_changed(self, text: str) -> None:
        self.go_button.setEnabled(_key(text) in self._by_name)

    def _on_buttons_accepted(self) -> None:
        self.chosen = self._by_name.get(_key(self.name_edit.text()))
        if self.chosen is not None:
            self.accept()


class EraseDialog(QDialog):
    """Names what erasing removes; the Erase button works once the name is typed again."""

    def __init__(self, plan: ErasurePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Erase a coachee"))
        self.setObjectName("eraseDialog")
        self._name = plan.name
        self.what = _wrapped(plan.describe(), "eraseWhat")
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setObjectName("eraseConfirmName")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = QPushButton(_("Erase for good"))
        self.erase_button.setObjectName("eraseButton")
        self.erase_button.setEnabled(False)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        _no_enter(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(_wrapped(_("Type the name again to confirm:")))
        layout.addWidget(self.confirm_edit)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())
        self.buttons.rejected.connect(self.reject)
        self.erase_button.clicked.connect(self.accept)
        self.confirm_edit.textChanged.connect(self._on_confirm_edit_text_changed)

    def _on_confirm_edit_text_changed(self, text: str) -> None:
        self.erase_button.setEnabled(normal_text(text.strip()) == normal_text(self._name))


class PurgeBackupsDialog(QDialog):
    """After an erasure: the backups that still hold the coachee, and whether to delete them."""

    def __init__(
        self,
        backups: list[Path],
        parent: QWidget | None = None,
        *,
        unreadable: Sequence[Path] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Backups still hold this coachee"))
        self.setObjectName("purgeBackupsDialog")
        count = len(backups)
        text = ngettext(
            "{n} backup made before the erasure still holds this coachee.",
            "{n} backups made before the erasure still hold this coachee.",
            count,
        ).format(n=count)
        self.buttons = QDialogButtonBox()
        self.delete_button = self.buttons.addButton(
            _("Delete them now"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.setObjectName("purgeButton")
        self.keep_button = self.buttons.addButton(
            _("Keep them"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.keep_button.setObjectName("keepButton")
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(text, "purgeWhat"))
        layout.addWidget(
            _wrapped(
                _(
                    "If you keep them and one is ever restored, coachdesk erases this coachee "
                    "from it again."
                ),
                "hint",
            )
        )
        if unreadable:
            layout.addWidget(
                _wrapped(unreadable_note(BackupsAfterErasure([], list(unreadable))), "hint")
            )
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())
        self.delete_button.clicked.connect(self.accept)
        self.keep_button.clicked.connect(self.reject)


class CoacheeRights(QObject):
    """Runs the export and erasure dialogs over a :class:`~coachdesk.domain.ports.CoacheeData`.

    ``export_record(coachee)`` and ``erase(coachee)`` may be called with a coachee already
    chosen (from a list of coachees elsewhere); ``choose_*`` ask for the name first.
    """

    #: A message for the coach: (text, is_error).
    message = Signal(str, bool)
    #: A coachee was erased: views that show them must let go.
    erased = Signal(object)

    def __init__(self, service: CoacheeData, window: QWidget) -> None:
        super().__init__(window)
        self.service = service
        self.window = window
        self.dialog: QDialog | None = None
        #: A message shown in another window (the history's), which has no banner of ours.
        self.notice: QMessageBox | None = None
        self._host: QWidget = window
        self._then: Callable[[Coachee], None] = self.export_record
        #: Called just before an erasure: a backup under way finishes first, so its read
        #: neither stops the erasure from emptying the -wal nor lands after it.
        self.before_erasing: Callable[[], None] = lambda: None

    def _tell(self, text: str, error: bool) -> None:
        if self._host is self.window:
            self.message.emit(text, error)
            return
        icon = QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information
        ok = QMessageBox.StandardButton.Ok
        self.notice = QMessageBox(icon, "coachdesk", text, ok, self._host)
        self.notice.open()

    def choose_for_export(self) -> None:
        self._choose(
            _("Export a coachee's record"),
            _(
                "A copy of everything coachdesk holds about one coachee: a JSON document, "
                "sessions and tallies as CSV, and a PDF report of each session."
            ),
            _("Choose where…"),
            self.export_record,
        )

    def choose_for_erase(self) -> None:
        self._choose(
            _("Erase a coachee"),
            _("Everything about one coachee is removed from this computer's database."),
            _("Continue…"),
            self.erase,
        )

    def _choose(self, title: str, explain: str, go: str, then: Callable[[Coachee], None]) -> None:
        try:
            coachees = self.service.coachees()
        except CoachdeskError as e:
            self.message.emit(str(e), True)
            return
        dialog = ChooseCoacheeDialog(title, explain, go, coachees, self.window)
        self._then = then
        dialog.accepted.connect(self._on_dialog_chosen)
        self.dialog = dialog
        dialog.open()

    def _on_dialog_chosen(self) -> None:
        if isinstance(self.dialog, ChooseCoacheeDialog) and self.dialog.chosen is not None:
            self._then(self.dialog.chosen)

    def export_record(self, coachee: Coachee, host: QWidget | None = None) -> None:
        """Ask where, then write the record; dialogs and messages appear over ``host`` (the
        window the coach picked the coachee in), the main window by default."""
        self._host = host or self.window
        chosen, _filter = QFileDialog.getSaveFileName(
            self._host,
            _("Export the record of {name}").format(name=coachee.name),
            _("record-{name}.zip").format(name=_safe_file_name(coachee.name)),
            _("Zip archive (*.zip);;Folder (*)"),
        )
        if not chosen:
            return
        try:
            where = self.service.export_record(coachee, Path(chosen))
        except CoachdeskError as e:
            self._tell(str(e), True)
            return
        self._tell(
            _("Wrote the record of {name} to {path}.").format(name=coachee.name, path=where), False
        )

    def erase(self, coachee: Coachee, host: QWidget | None = None) -> None:
        """Confirm, then erase; dialogs and messages appear over ``host``, as for export."""
        self._host = host or self.window
        try:
            plan = self.service.plan_erasure(coachee)
        except CoachdeskError as e:
            self._tell(str(e), True)
            return
        dialog = EraseDialog(plan, self._host)
        dialog.accepted.connect(lambda: self._on_erase_confirmed(coachee))
        self.dialog = dialog
        dialog.open()

    def _on_erase_confirmed(self, coachee: Coachee) -> None:
        self.before_erasing()
        try:
            erased = self.service.erase(coachee)
            after = self.service.backups_after(erased)
        except CoachdeskError as e:
            self._tell(str(e), True)
            return
        self.erased.emit(coachee)
        holding = after.holding
        done = " ".join((_("Erased {name}.").format(name=coachee.name), unreadable_note(after)))
        if holding:
            self.message.emit(done.strip(), False)
            dialog = PurgeBackupsDialog(holding, self._host, unreadable=after.unreadable)
            dialog.accepted.connect(lambda: self._on_purge_confirmed(holding))
            dialog.rejected.connect(self._on_purge_declined)
            self.dialog = dialog
            dialog.open()
        else:
            self._tell(done.strip(), False)

    def _on_purge_confirmed(self, backups: list[Path]) -> None:
        try:
            self.service.purge(backups)
        except OSError as e:
            self._tell(str(e), True)
            return
        self._tell(
            ngettext("Deleted {n} backup.", "Deleted {n} backups.", len(backups)).format(
                n=len(backups)
            ),
            False,
        )

    def _on_purge_declined(self) -> None:
        self._tell(
            _("The backups were kept; if one is restored, the erasure is applied to it again."),
            False,
        )


def unreadable_note(after: BackupsAfterErasure) -> str:
    """What to say of the backups that could not be read to tell whether they hold the erased
    coachee (empty when there are none)."""
    if not after.unreadable:
        return ""
    return ngettext(
        "{n} backup could not be read to check it (damaged, or encrypted with another "
        "passphrase) and may still hold this coachee: {paths}",
        "{n} backups could not be read to check them (damaged, or encrypted with another "
        "passphrase) and may still hold this coachee: {paths}",
        len(after.unreadable),
    ).format(n=len(after.unreadable), paths=", ".join(str(p) for p in after.unreadable))


def _safe_file_name(name: str) -> str:
    """A name for a suggested file: letters, digits, - and _ only."""
    kept = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
    return kept.strip("-")[:40] or "coachee"
