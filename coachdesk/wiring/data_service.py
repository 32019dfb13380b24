"""The coachee's rights and moving the practice: export a record, export and import the whole
practice, erase a coachee. Part of the composition root (it wires the store, and the Qt report
for PDFs); the command line and the main window both use it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.domain.errors import DatabaseDamaged, InvalidInput
from coachdesk.domain.i18n import _, ngettext
from coachdesk.domain.model import normal_text

if TYPE_CHECKING:
    from coachdesk.domain.archive import Archive, ImportReport
    from coachdesk.domain.clock import Clock
    from coachdesk.domain.erasure import BackupsAfterErasure, Erased, ErasurePlan
    from coachdesk.domain.model import Coachee
    from coachdesk.domain.private_files import FolderOrZip
    from coachdesk.store import SqlStore

#: The most names a command line message lists when several coachees match.
MAX_NAMES_LISTED = 10

# The archive, its checks and the writers are imported by the methods that use them: the app
# makes a DataService as it opens, and start-up does not wait for what export, import and
# erasure need (about 70 ms of imports).


class DataService:
    """Implements :class:`coachdesk.domain.ports.CoacheeData` on the open store."""

    def __init__(self, store: SqlStore, data_dir: Path, clock: Clock) -> None:
        self.store = store
        self.data_dir = data_dir
        self.clock = clock

    def coachees(self) -> list[Coachee]:
        return self.store.coachees()

    def coachee_named(self, name: str, *, list_names: bool = False) -> Coachee:
        """The coachee a name given on the command line means, found as search finds names
        (:func:`coachdesk.domain.history.matches`: case and accents ignored, every word anywhere),
        in Unicode's composed form (NFC): "Özdemir" typed with a separate diaeresis (as macOS
        may type it) finds the same coachee.
        The exact name wins, then the one name equal to it but for case and accents, then
        the one name the words find.

        Args:
            list_names: name the coachees that match when there are several (at most
                :data:`MAX_NAMES_LISTED`); only for a coach at a terminal, never for a
                script's log.

        Raises:
            InvalidInput: no name matches, or several do.
        """
        from coachdesk.domain.history import fold, matches

        wanted = normal_text(" ".join(name.split()))
        coachees = self.store.coachees() if wanted else []
        found: list[Coachee] = []
        rules: tuple[Callable[[Coachee], bool], ...] = (
            lambda c: normal_text(c.name) == wanted,
            lambda c: fold(c.name) == fold(wanted),
            lambda c: matches(wanted, c.name),
        )
        for rule in rules:
            found = [c for c in coachees if rule(c)]
            if len(found) == 1:
                return found[0]
            if found:
                break
        if not found:
            raise InvalidInput(
                _("No coachee's name matches {name} (case and accents are ignored).").format(
                    name=wanted
                )
            )
        found.sort(key=lambda c: (fold(c.name), c.name))
        message = ngettext(
            "{n} coachee's name matches {name}: give more of the name.",
            "{n} coachees' names match {name}: give more of the name.",
            len(found),
        ).format(n=len(found), name=wanted)
        if list_names:
            lines = [message] + [f"  {c.name}" for c in found[:MAX_NAMES_LISTED]]
            if len(found) > MAX_NAMES_LISTED:
                more = len(found) - MAX_NAMES_LISTED
                lines.append("  " + ngettext("and {n} more", "and {n} more", more).format(n=more))
            message = "\n".join(lines)
        raise InvalidInput(message)

    def require_sound(self) -> None:
        """Refuse to change a damaged file (``quick_check``): writing into it could make the
        damage worse, and what a backup could bring back harder to find.

        Raises:
            DatabaseDamaged: the file fails its check.
        """
        found = self.store.problems()
        if found:
            first = found[0].splitlines()[0]  # quick_check may list a page's every fault
            raise DatabaseDamaged(
                _("The database {path} is damaged: {error}").format(
                    path=self.store.path, error=first
                ),
                str(self.store.path),
                first,
            )

    # -- export and import --------------------------------------------------------------

    def record(self, coachee: Coachee) -> Archive:
        return self.store.read_archive(self.clock.now_ms(), coachee.id)

    def export_record(self, coachee: Coachee, target: Path, *, reports: bool = True) -> Path:
        """Write the coachee's record to the folder ``target`` (or zip, for a ``.zip`` name):
        record.json, sessions.csv, tallies.csv and each ended session's PDF report.

        The PDFs are drawn with Qt: a QApplication must exist when ``reports`` is True.
        """
        from coachdesk.domain.private_files import FolderOrZip
        from coachdesk.domain.record import record_files

        record = self.record(coachee)
        out = FolderOrZip(target)
        try:
            for name, data in record_files(record).items():
                out.add(name, data)
            if reports:
                self._write_reports(record, coachee, out)
            return out.commit()
        except BaseException:
            out.discard()
            raise

    def _write_reports(self, record: Archive, coachee: Coachee, out: FolderOrZip) -> None:
        from coachdesk.domain.record import report_name
        from coachdesk.domain.session_report import read_report
        from coachdesk.ui.report import write_pdf

        by_uid = self.store.session_ids_by_uid(coachee.id)
        for session in record.coachees[0].sessions:
            if session.ended_at_ms is None:
                continue
            with self.store.explained_errors():
                report = read_report(self.store, by_uid[session.uid], with_notes=True)
            write_pdf(report, out.path(report_name(session)))

    def export_events(self, form: str, target: Path) -> int:
        """Every tally event in ``form``, written whole to ``target`` (private, 0600)."""
        from coachdesk.domain.event_files import write_events

        with self.store.explained_errors():
            rows = self.store.export_rows()
            try:
                return write_events(rows, form, target)
            finally:
                rows.close()  # ends the read transaction

    def export_archive(self, target: Path) -> int:
        """The whole practice as one archive (zipped for a ``.zip`` name); returns the number
        of coachees in it."""
        import zipfile

        from coachdesk.domain import archive
        from coachdesk.domain.private_files import private_file

        whole = self.store.read_archive(self.clock.now_ms())
        data = archive.dumps(whole)
        with private_file(target) as tmp:
            if target.suffix.lower() == ".zip":
                with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zipped:
                    zipped.writestr(archive.MEMBER, data)
            else:
                tmp.write_bytes(data)
        return len(whole.coachees)

    def import_file(self, source: Path) -> ImportReport:
        """Check the whole file, then merge it in one transaction (or not at all)."""
        from coachdesk.domain import archive, erasure
        from coachdesk.store.held import holds

        if holds(source):  # read as a file, it would also drop SQLite's locks on it
            raise InvalidInput(
                _(
                    "{path} is this data folder's own database: import takes an archive made "
                    "by coachdesk export --archive. Nothing was changed."
                ).format(path=source)
            )
        checked = archive.parse(archive.read_file(source))
        erased = erasure.erased_uids(erasure.read_log(self.data_dir))
        return self.store.import_archive(checked, erased)

    # -- erasure ------------------------------------------------------------------------

    def plan_erasure(self, coachee: Coachee) -> ErasurePlan:
        return self.store.erasure_plan(coachee.id)

    def erase(self, coachee: Coachee, *, open_session_too: bool = False) -> Erased:
        """Erase the coachee for good. Their session left open (by a crash) is refused, unless
        ``open_session_too``: only for a caller holding the data folder's lock, so that no
        window can be recording in it."""
        return self.store.erase(
            coachee.id, self.data_dir, self.clock.now_ms(), open_session_too=open_session_too
        )

    def backups_after(self, erased: Erased) -> BackupsAfterErasure:
        from coachdesk.store import erasure as store_erasure

        return store_erasure.backups_after(self.data_dir, self.store.path, erased, self.store.key)

    def purge(self, backups: list[Path]) -> None:
        from coachdesk.store import erasure as store_erasure

        store_erasure.purge(backups)
