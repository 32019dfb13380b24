"""The command line: ``coachdesk [--data-dir DIR] [--lang LANG] [start|export ...]``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from coachdesk import __version__, i18n, paths
from coachdesk.errors import CoachdeskError, InvalidInput
from coachdesk.recorder import MAX_PLANNED_MINUTES


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
    export = commands.add_parser("export", help="write every tally event as CSV or JSON")
    export.add_argument(
        "--format", choices=("csv", "json"), default="csv", help="csv (the default) or json"
    )
    export.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    report = commands.add_parser("report", help="write a session's PDF report (no display needed)")
    report.add_argument("session", type=int, metavar="SESSION_ID", help="as the review shows it")
    report.add_argument("--out", required=True, metavar="FILE.pdf")
    report.add_argument("--no-notes", action="store_true", help="leave the coach's notes out")
    backup = commands.add_parser("backup", help="make a verified backup of the database")
    backup.add_argument(
        "--out", metavar="FILE", help="write it here (default: the data folder's backups/)"
    )
    restore = commands.add_parser(
        "restore", help="put a backup in place of the database (the current data is kept)"
    )
    restore.add_argument("file", metavar="FILE", help="a backup made by coachdesk")
    return parser


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
        if args.command == "export":
            i18n.install(args.lang or i18n.system_language())
            return export(where, args.format, args.out)
        if args.command in ("backup", "restore"):
            from coachdesk import backup_commands

            i18n.install(args.lang or i18n.system_language())
            if args.command == "backup":
                return backup_commands.backup(where, args.out)
            return backup_commands.restore(where, args.file)
        from coachdesk import app

        if args.command == "report":
            i18n.install(args.lang or i18n.system_language())
            return app.report(where, args.session, Path(args.out), with_notes=not args.no_notes)
        start = None
        if args.command == "start":
            start = app.StartRequest(args.coachee, args.planned_minutes)
        return app.run(where, args.lang, start)
    except CoachdeskError as e:
        print(f"coachdesk: {e}", file=sys.stderr)
        return 1


def export(where: paths.Paths, fmt: str, out: str | None) -> int:
    """Write every tally event; never needs a display."""
    from coachdesk import export as formats
    from coachdesk.store import open_store

    write = formats.write_csv if fmt == "csv" else formats.write_json
    store = open_store(where.database, read_only=True)
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


if __name__ == "__main__":
    sys.exit(main())
