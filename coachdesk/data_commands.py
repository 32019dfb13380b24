"""The command line's data commands: ``export --coachee``, ``export --archive``, ``import``,
``erase``. Part of the composition root, with :mod:`coachdesk.data_service`."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from coachdesk import i18n, paths
from coachdesk.archive import ImportReport
from coachdesk.clock import SystemClock
from coachdesk.data_service import DataService
from coachdesk.errors import InvalidInput
from coachdesk.i18n import _
from coachdesk.store import open_store


@contextmanager
def _app_closed(where: paths.Paths) -> Iterator[None]:
    """Hold the data folder's instance lock, as the app does: a running window would go on
    showing what an import or erasure changes under it, so these wait for it to close."""
    from PySide6.QtCore import QLockFile

    paths.ensure_private_dir(where.data_dir)
    lock = QLockFile(str(where.lock_file))
    lock.setStaleLockTime(0)  # stale only when its process is gone, as for the app
    if not lock.tryLock(0):
        raise InvalidInput(
            _(
                "coachdesk is running with the data folder {path}. Close it first, or use its "
                "Coachees menu."
            ).format(path=where.data_dir)
        )
    try:
        yield
    finally:
        lock.unlock()


def _service(where: paths.Paths, *, read_only: bool) -> DataService:
    return DataService(
        open_store(where.database, read_only=read_only), where.data_dir, SystemClock()
    )


def export_record(where: paths.Paths, name: str, out: Path) -> int:
    """``coachdesk export --coachee NAME --out PATH``: the record with its PDF reports."""
    from PySide6.QtWidgets import QApplication

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    assert qt_app is not None
    service = _service(where, read_only=True)
    try:
        written = service.export_record(service.coachee_named(name), out)
    finally:
        service.store.close()
    print(
        _("Wrote the record of {name} to {path}.").format(name=name, path=written), file=sys.stderr
    )
    return 0


def export_archive(where: paths.Paths, out: Path) -> int:
    """``coachdesk export --archive FILE``: the whole practice."""
    service = _service(where, read_only=True)
    try:
        count = service.export_archive(out)
    finally:
        service.store.close()
    print(
        i18n.ngettext(
            "Wrote {n} coachee to {path}.", "Wrote {n} coachees to {path}.", count
        ).format(n=count, path=out),
        file=sys.stderr,
    )
    return 0


def import_file(where: paths.Paths, source: Path) -> int:
    """``coachdesk import FILE``: merge an archive; say what was added and what was not."""
    with _app_closed(where):
        service = _service(where, read_only=False)
        try:
            report = service.import_file(source)
        finally:
            service.store.close()
    print(describe_import(report))
    return 0


def describe_import(report: ImportReport) -> str:
    lines = [
        _(
            "Added {coachees} coachees, {sessions} sessions, {tallies} tallies, {pauses} pauses "
            "and {notes} notes."
        ).format(
            coachees=report.coachees,
            sessions=report.sessions,
            tallies=report.tallies,
            pauses=report.pauses,
            notes=report.notes,
        )
    ]
    if not report.changed:
        lines.append(_("Nothing new: everything in the file is here already."))
    if report.skipped_erased:
        lines.append(_("Left out {n} sessions of erased coachees.").format(n=report.skipped_erased))
    if report.conflicts:
        lines.append(_("Conflicts (ours kept):"))
        lines += [f"  {c}" for c in report.conflicts]
    return "\n".join(lines)


def erase(
    where: paths.Paths,
    name: str,
    *,
    yes: bool,
    purge_backups: bool = False,
    ask: Callable[[str], str] = input,
) -> int:
    """``coachdesk erase --coachee NAME [--yes] [--purge-backups]``: asks on the terminal
    unless ``--yes``; backups that still hold the coachee are deleted if asked for then, or
    with ``--purge-backups``."""
    with _app_closed(where):
        return _erase(where, name, yes=yes, purge_backups=purge_backups, ask=ask)


def _erase(
    where: paths.Paths, name: str, *, yes: bool, purge_backups: bool, ask: Callable[[str], str]
) -> int:
    service = _service(where, read_only=False)
    try:
        coachee = service.coachee_named(name)
        plan = service.plan_erasure(coachee)
        if not yes:
            print(plan.describe())
            answer = ask(_("Type the name again to erase: ")).strip()
            if answer != coachee.name:
                print(_("Nothing was erased."), file=sys.stderr)
                return 1
        erased = service.erase(coachee)
        print(_("Erased {name}.").format(name=coachee.name))
        holding = service.backups_holding(erased)
        if holding:
            print(
                i18n.ngettext(
                    "{n} backup made before now still holds this coachee:",
                    "{n} backups made before now still hold this coachee:",
                    len(holding),
                ).format(n=len(holding))
            )
            for path in holding:
                print(f"  {path}")
            if not yes:
                purge_backups = ask(_("Delete these backups now? [y/N] ")).strip().lower() in (
                    _("y"),
                    "y",
                )
            if purge_backups:
                service.purge(holding)
                print(
                    i18n.ngettext(
                        "Deleted {n} backup.", "Deleted {n} backups.", len(holding)
                    ).format(n=len(holding))
                )
            else:
                print(
                    _(
                        "They were kept. Should one be restored, coachdesk erases this coachee "
                        "from it again."
                    )
                )
    finally:
        service.store.close()
    return 0
