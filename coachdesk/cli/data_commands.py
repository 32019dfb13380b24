"""The command line's data commands: ``export --coachee``, ``export --archive``, ``import``,
``erase``. Part of the composition root, with :mod:`coachdesk.wiring.data_service`."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.cli.data_folder import data_folder_held
from coachdesk.domain import i18n, paths
from coachdesk.domain.archive import ImportReport
from coachdesk.domain.clock import SystemClock
from coachdesk.domain.i18n import _
from coachdesk.domain.model import Coachee, shown
from coachdesk.store import COMMAND_WAIT_MS, open_store
from coachdesk.wiring.data_service import DataService
from coachdesk.wiring.unlocking import database_key

if TYPE_CHECKING:
    pass


def _service(where: paths.Paths, *, read_only: bool) -> DataService:
    store = open_store(
        where.database, key=database_key(where), read_only=read_only, wait_ms=COMMAND_WAIT_MS
    )
    return DataService(store, where.data_dir, SystemClock())


def export_record(where: paths.Paths, name: str, out: Path) -> int:
    """``coachdesk export --coachee NAME --out PATH``: the record with its PDF reports."""
    from coachdesk.wiring.drawing import drawing_app

    drawing_app()  # the PDFs are drawn with Qt
    service = _service(where, read_only=True)
    try:
        coachee = service.coachee_named(name, list_names=_at_terminal())
        written = service.export_record(coachee, out)
    finally:
        service.store.close()
    print(
        _("Wrote the record of {name} to {path}.").format(name=shown(coachee.name), path=written),
        file=sys.stderr,
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
    with data_folder_held(where):
        service = _service(where, read_only=False)
        try:
            service.require_sound()
            report = service.import_file(source)
        finally:
            service.store.close()
    print(describe_import(report))
    return 0


def describe_import(report: ImportReport) -> str:
    counted = [
        i18n.ngettext("{n} coachee", "{n} coachees", report.coachees),
        i18n.ngettext("{n} session", "{n} sessions", report.sessions),
        i18n.ngettext("{n} tally", "{n} tallies", report.tallies),
        i18n.ngettext("{n} pause", "{n} pauses", report.pauses),
        i18n.ngettext("{n} note", "{n} notes", report.notes),
    ]
    numbers = (report.coachees, report.sessions, report.tallies, report.pauses, report.notes)
    parts = [text.format(n=n) for text, n in zip(counted, numbers, strict=True)]
    lines = [_("Added {parts} and {last}.").format(parts=", ".join(parts[:-1]), last=parts[-1])]
    if not report.changed:
        lines.append(
            _("Nothing new was added.")
            if report.conflicts
            else _("Nothing new: everything in the file is here already.")
        )
    if report.skipped_erased:
        lines.append(
            i18n.ngettext(
                "Left out {n} session of erased coachees.",
                "Left out {n} sessions of erased coachees.",
                report.skipped_erased,
            ).format(n=report.skipped_erased)
        )
    if report.conflicts:
        lines.append(_("Conflicts (ours kept):"))
        lines += [f"  {shown(c)}" for c in report.conflicts]  # names from a file: no ESC
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
    with data_folder_held(where):
        return _erase(where, name, yes=yes, purge_backups=purge_backups, ask=ask)


def _answer(ask: Callable[[str], str], prompt: str) -> str:
    """The answer typed at ``prompt``; the end of the input (a script's pipe ran dry) is an
    empty answer, which means no."""
    try:
        answer = ask(prompt).strip()
    except EOFError:
        print()
        return ""
    except UnicodeDecodeError:  # bytes that are no text: no name, so no
        return ""
    if not sys.stdin.isatty():
        print(flush=True)  # a terminal echoes the answer's line end; a pipe does not
    return answer


def _at_terminal() -> bool:
    """Whether a coach typed the command at a terminal: only then may a message list
    coachees' names (a script's output ends up in logs)."""
    return sys.stdin.isatty() and sys.stderr.isatty()


def _same_name(answer: str, name: str) -> bool:
    """The confirmation: the whole name again, case and accents ignored as in search."""
    from coachdesk.domain.history import fold

    return bool(answer) and fold(" ".join(answer.split())) == fold(" ".join(name.split()))


def _left_open(service: DataService, coachee: Coachee) -> str | None:
    """A line saying the coachee's session was left open (by a crash), if it was."""
    session = service.store.open_session()
    if session is None or session.coachee.id != coachee.id:
        return None
    return _(
        "Their session {ref} was left open (as after a crash); it is erased with the rest."
    ).format(ref=session.ref)


def _erase(
    where: paths.Paths, name: str, *, yes: bool, purge_backups: bool, ask: Callable[[str], str]
) -> int:
    service = _service(where, read_only=False)
    try:
        coachee = service.coachee_named(name, list_names=_at_terminal())
        service.require_sound()
        plan = service.plan_erasure(coachee)
        if not yes:
            print(shown(plan.describe()))
            left_open = _left_open(service, coachee)
            if left_open:
                print(left_open)
            answer = _answer(ask, _("Type the name again to erase: "))
            if not answer:
                print(_("Nothing was erased."), file=sys.stderr)
                return 1
            if not _same_name(answer, coachee.name):
                print(
                    _("The name did not match {name}: nothing was erased.").format(
                        name=shown(coachee.name)
                    ),
                    file=sys.stderr,
                )
                return 1
        # This command holds the data folder's lock: no window is recording in a session
        # left open, so it goes with the rest (the window has to end it first).
        erased = service.erase(coachee, open_session_too=True)
        print(_("Erased {name}.").format(name=shown(coachee.name)))
        after = service.backups_after(erased)
        if after.unreadable:
            print(
                i18n.ngettext(
                    "{n} backup could not be read to check it (damaged, or encrypted with "
                    "another passphrase); it may still hold this coachee and was left as it is:",
                    "{n} backups could not be read to check them (damaged, or encrypted with "
                    "another passphrase); they may still hold this coachee and were left as "
                    "they are:",
                    len(after.unreadable),
                ).format(n=len(after.unreadable))
            )
            for path in after.unreadable:
                print(f"  {path}")
        holding = after.holding
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
                purge_backups = _answer(ask, _("Delete these backups now? [y/N] ")).lower() in (
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
