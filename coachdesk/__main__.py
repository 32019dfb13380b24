"""The command line: ``coachdesk [--data-dir DIR] [--lang LANG] [start|export|report|...]``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from coachdesk import __version__, i18n, paths
from coachdesk.errors import CoachdeskError, InvalidInput, WrongPassphrase
from coachdesk.recorder import MAX_PLANNED_MINUTES
from coachdesk.unlocking import database_key, read_passphrase

if TYPE_CHECKING:
    from coachdesk.demo import DemoSize

#: Exit status for a passphrase that does not open the database.
EXIT_WRONG_PASSPHRASE = 4


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coachdesk",
        description="A quiet desktop companion for coaching sessions. Data stays on this machine.",
    )
    parser.add_argument("--version", action="version", version=f"coachdesk {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where the database lives (default: ${paths.ENV_DATA_DIR}, else your user "
        "data folder)",
    )
    parser.add_argument(
        "--lang", metavar="LANG", help="interface language: en or nl (default: system locale)"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    start = commands.add_parser("start", help="open straight into a session for a coachee")
    start.add_argument("--coachee", required=True, metavar="NAME")
    start.add_argument("--planned-minutes", type=_minutes, metavar="N")
    export = commands.add_parser(
        "export", help="write every tally event as CSV or JSON, a coachee's record, or an archive"
    )
    export.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="csv (the default) or json"
    )
    export.add_argument(
        "--out",
        metavar="PATH",
        help="write here instead of standard output (with --coachee: a new folder, or a .zip file)",
    )
    what = export.add_mutually_exclusive_group()
    what.add_argument(
        "--coachee", metavar="NAME", help="the coachee's record: JSON, CSV and PDF reports"
    )
    what.add_argument(
        "--archive", metavar="FILE", help="the whole practice, for coachdesk import (.zip or .json)"
    )
    import_ = commands.add_parser("import", help="merge an archive made by export --archive")
    import_.add_argument("file", metavar="FILE")
    erase = commands.add_parser("erase", help="erase a coachee and everything of theirs")
    erase.add_argument("--coachee", required=True, metavar="NAME")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument(
        "--purge-backups", action="store_true", help="also delete backups that still hold them"
    )
    report = commands.add_parser("report", help="write a session's PDF report (no display needed)")
    report.add_argument("session", type=int, metavar="SESSION_ID", help="as the review shows it")
    report.add_argument("--out", required=True, metavar="FILE.pdf")
    report.add_argument("--no-notes", action="store_true", help="leave the coach's notes out")
    commands.add_parser(
        "encrypt",
        help="protect the database with a passphrase (SQLCipher); the passphrase is read from "
        "the terminal, or as one line from standard input",
    )
    commands.add_parser("decrypt", help="remove the passphrase: store the database unencrypted")
    backup = commands.add_parser("backup", help="make a verified backup of the database")
    backup.add_argument(
        "--out", metavar="FILE", help="write it here (default: the data folder's backups/)"
    )
    restore = commands.add_parser(
        "restore", help="put a backup in place of the database (the current data is kept)"
    )
    restore.add_argument("file", metavar="FILE", help="a backup made by coachdesk")
    demo = commands.add_parser(
        "demo", help="fill a new, empty data dir with a made-up practice to try coachdesk with"
    )
    # Defaults come from coachdesk.demo.DemoSize, imported only when the demo is asked for.
    demo.add_argument("--coachees", type=_count(1, 10_000), metavar="N")
    demo.add_argument("--sessions", type=_count(0, 1_000_000), metavar="M")
    demo.add_argument(
        "--tallies-per-session", type=_count(0, 2_000), metavar="T", help="on average"
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same practice")
    return parser


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be {low} to {high:,}")
        return value

    return parse


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of minutes: {text!r}") from None
    if not 1 <= value <= MAX_PLANNED_MINUTES:
        raise argparse.ArgumentTypeError("the planned duration must be 1 to 1440 minutes")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # whatever coachdesk creates (lock, settings, exports) is the user's alone
    args = build_parser().parse_args(argv)
    if args.lang is not None and i18n.normalise(args.lang) is None:
        print(f"coachdesk: unknown language {args.lang!r}; use en or nl", file=sys.stderr)
        return 2
    where = paths.resolve(args.data_dir)
    try:
        if getattr(args, "coachee", None) is not None:
            i18n.install(args.lang or i18n.system_language())
            args.coachee = given_name(args.coachee)
        if args.command in ("export", "report", "backup"):
            i18n.install(args.lang or i18n.system_language())
            refuse_to_overwrite(args)
        if args.command in ("encrypt", "decrypt"):
            i18n.install(args.lang or i18n.system_language())
            return encrypt(where) if args.command == "encrypt" else decrypt(where)
        if args.command in ("export", "import", "erase"):
            i18n.install(args.lang or i18n.system_language())
            return data_command(args, where)
        if args.command in ("backup", "restore"):
            from coachdesk import backup_commands

            i18n.install(args.lang or i18n.system_language())
            if args.command == "backup":
                return backup_commands.backup(where, args.out)
            return backup_commands.restore(where, args.file)
        if args.command == "demo":
            i18n.install(args.lang or i18n.system_language())
            size = demo_size(args.coachees, args.sessions, args.tallies_per_session)
            return fill_demo(where, size, args.seed)
        from coachdesk import app

        if args.command == "report":
            i18n.install(args.lang or i18n.system_language())
            key = database_key(where)
            return app.report(
                where, args.session, Path(args.out), with_notes=not args.no_notes, key=key
            )
        start = None
        if args.command == "start":
            start = app.StartRequest(args.coachee, args.planned_minutes)
        return app.run(where, args.lang, start)
    except WrongPassphrase as e:
        print(f"coachdesk: {e}", file=sys.stderr)
        return EXIT_WRONG_PASSPHRASE
    except CoachdeskError as e:
        print(f"coachdesk: {e}", file=sys.stderr)
        return 1


def given_name(name: str) -> str:
    """A coachee's name from the command line (``--coachee``), as it will be stored and
    compared: in Unicode's composed form (NFC); refused when it is not text (bytes that are
    not UTF-8) or holds a control character.

    Raises:
        InvalidInput: naming --coachee.
    """
    from coachdesk.recorder import validate_coachee_name

    try:
        return validate_coachee_name(name)
    except InvalidInput as e:
        raise InvalidInput(
            i18n._("The name given with --coachee was refused: {reason}").format(reason=e)
        ) from e


def refuse_to_overwrite(args: argparse.Namespace) -> None:
    """A file named with --out (or --archive) must not exist yet: a mistyped name must never
    cost the coach a file."""
    for target in (getattr(args, "out", None), getattr(args, "archive", None)):
        if target is not None and os.path.lexists(target):
            raise InvalidInput(
                i18n._(
                    "{path} already exists. coachdesk does not overwrite files from the command "
                    "line: choose a new name, or move that file away first."
                ).format(path=target)
            )


def data_command(args: argparse.Namespace, where: paths.Paths) -> int:
    """export, import and erase: none of them opens a window."""
    if args.command == "export" and args.coachee is None and args.archive is None:
        return export(where, args.format, args.out)
    from coachdesk import data_commands

    if args.command == "import":
        return data_commands.import_file(where, Path(args.file))
    if args.command == "erase":
        return data_commands.erase(
            where, args.coachee, yes=args.yes, purge_backups=args.purge_backups
        )
    if args.archive is not None:
        return data_commands.export_archive(where, Path(args.archive))
    if args.out is None:
        raise InvalidInput(i18n._("Say where the record goes: --out FOLDER or --out FILE.zip."))
    return data_commands.export_record(where, args.coachee, Path(args.out))


def export(where: paths.Paths, fmt: str, out: str | None) -> int:
    """Write every tally event; never needs a display."""
    from coachdesk import export as formats
    from coachdesk.store import open_store

    write = formats.write_csv if fmt == "csv" else formats.write_json
    store = open_store(where.database, key=database_key(where), read_only=True)
    rows = store.export_rows()
    try:
        if out is None:
            write(rows, sys.stdout)
            sys.stdout.flush()
            return 0
        target = Path(out)
        count = _write_file(target, lambda stream: write(rows, stream))
    except BrokenPipeError:
        # The reader went away (``coachdesk export | head``): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        rows.close()  # ends the read transaction before the connection closes
        store.close()
    print(
        i18n.ngettext(
            "Wrote {n} tally event to {path}.", "Wrote {n} tally events to {path}.", count
        ).format(n=count, path=target),
        file=sys.stderr,
    )
    return 0


def demo_size(coachees: int | None, sessions: int | None, tallies: int | None) -> DemoSize:
    """The demo's size: what was asked for, and the defaults for the rest."""
    from coachdesk.demo import DemoSize

    default = DemoSize()
    return DemoSize(
        default.coachees if coachees is None else coachees,
        default.sessions if sessions is None else sessions,
        default.tallies_per_session if tallies is None else tallies,
    )


def fill_demo(where: paths.Paths, size: DemoSize, seed: int) -> int:
    """Write a made-up practice into a data dir without records; never needs a display."""
    import random
    import time
    from datetime import date

    from coachdesk import demo
    from coachdesk.store import COMMAND_WAIT_MS, open_store
    from coachdesk.store.demo import refuse_if_in_use, write_demo

    refuse_if_in_use(where.database)  # before open_store could create or upgrade anything
    coachees = demo.coachees(size, random.Random(seed))
    sessions = demo.sessions(coachees, size, date.today(), seed)
    store = open_store(where.database, wait_ms=COMMAND_WAIT_MS)
    try:
        written = write_demo(store, coachees, sessions, seed, time.time_ns() // 1_000_000)
    finally:
        store.close()
    counts = [
        i18n.ngettext("{n} coachee", "{n} coachees", written.coachees),
        i18n.ngettext("{n} session", "{n} sessions", written.sessions),
        i18n.ngettext("{n} tally", "{n} tallies", written.tallies),
    ]
    print(
        i18n._(
            "Wrote a made-up practice to {path}: {coachees}, {sessions}, {tallies}. All names "
            "are invented. Open it with: coachdesk --data-dir {dir}"
        ).format(
            path=where.database,
            coachees=counts[0].format(n=written.coachees),
            sessions=counts[1].format(n=written.sessions),
            tallies=counts[2].format(n=written.tallies),
            dir=where.data_dir,
        )
    )
    return 0


def _write_file(target: Path, write: Callable[[TextIO], int]) -> int:
    """Write beside ``target`` and move into place, so a failure leaves any old file whole."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            count = write(stream)
        os.replace(partial, target)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise InvalidInput(
            i18n._("Cannot write {path}: {error}").format(path=target, error=e.strerror)
        ) from e
    return count


@contextmanager
def sole_user(where: paths.Paths) -> Iterator[None]:
    """Hold the data dir's instance lock: no coachdesk window may use the file meanwhile."""
    from coachdesk.data_commands import lock_file_unwritable
    from coachdesk.ui.instance import acquire

    paths.ensure_private_dir(where.data_dir)
    try:
        guard = acquire(where.lock_file, where.data_dir)
    except PermissionError as e:
        raise lock_file_unwritable(where) from e
    if guard is None:
        raise InvalidInput(
            i18n._("coachdesk is running with the data folder {path}: close it first.").format(
                path=where.data_dir
            )
        )
    try:
        yield
    finally:
        guard.release()


def encrypt(where: paths.Paths) -> int:
    """``coachdesk encrypt``: protect the database with a new passphrase."""
    from coachdesk import passphrase
    from coachdesk.store import conversion, open_store

    with sole_user(where):
        _require_database(where)
        open_store(where.database).close()  # at the newest schema, or refused as it is
        first = read_passphrase(i18n._("New passphrase: "))
        second = read_passphrase(i18n._("Repeat it: ")) if sys.stdin.isatty() else first
        passphrase.check_new(first, second)
        done = conversion.encrypt(where.database, first)
    message = i18n._(
        "The database {path} is now encrypted. Keep your passphrase safe: without it your "
        "data cannot be read, by anyone. The unencrypted copy taken first is {backup}; "
        "delete it once coachdesk has opened with your passphrase."
    )
    print(message.format(path=where.database, backup=done.backup), file=sys.stderr)
    return 0


def decrypt(where: paths.Paths) -> int:
    """``coachdesk decrypt``: store the database unencrypted again (needs the passphrase)."""
    from coachdesk.store import conversion, open_store

    with sole_user(where):
        _require_database(where)
        key = database_key(where)
        if key is None:
            raise InvalidInput(
                i18n._("The database {path} is not encrypted.").format(path=where.database)
            )
        open_store(where.database, key=key).close()
        done = conversion.decrypt(where.database, key)
    message = i18n._(
        "The database {path} is no longer encrypted. The encrypted copy taken first is {backup}."
    )
    print(message.format(path=where.database, backup=done.backup), file=sys.stderr)
    return 0


def _require_database(where: paths.Paths) -> None:
    if not where.database.exists():
        raise InvalidInput(
            i18n._("There is no coachdesk database at {path} yet.").format(path=where.database)
        )


if __name__ == "__main__":
    sys.exit(main())
