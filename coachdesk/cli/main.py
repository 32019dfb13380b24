"""The command line: ``coachdesk [--data-dir DIR] [--lang LANG] [start|export|report|...]``."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coachdesk import __version__
from coachdesk.cli.data_folder import data_folder_held
from coachdesk.domain import i18n, paths
from coachdesk.domain.errors import CoachdeskError, InvalidInput, WrongPassphrase
from coachdesk.domain.i18n import N_
from coachdesk.wiring.unlocking import database_key, read_passphrase

if TYPE_CHECKING:
    from coachdesk.domain.demo import DemoSize

#: Exit status for a passphrase that does not open the database.
EXIT_WRONG_PASSPHRASE = 4


#: argparse's own texts that a coach may meet, marked so the catalogue keeps their
#: translations (argparse looks them up through :func:`_argparse_in_our_language`).
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("show this help message and exit"),
    N_("positional arguments"),
    N_("options"),
)


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, read with every text (argparse's own too) in the coach's language:
    ``--lang`` wherever it stands, else the system's. Exits with status 2 on bad arguments,
    as argparse does."""
    given = list(sys.argv[1:] if argv is None else argv)
    i18n.install(i18n.normalise(language_asked(given)) or i18n.system_language())
    if not given:  # the window, as from a desktop menu: the parser costs the first paint 5 ms
        return argparse.Namespace(data_dir=None, lang=None, command=None)
    with _argparse_in_our_language():
        args = build_parser().parse_args(given)
    if args.command == "report":
        args.out = pdf_name(args.out)
    return args


def language_asked(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` (the last one given), read before the parser exists."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def pdf_name(out: str) -> str:
    """A report's file name: ``.pdf`` added when the name given does not end in it."""
    return out if out.lower().endswith(".pdf") else f"{out}.pdf"


@contextmanager
def _argparse_in_our_language() -> Iterator[None]:
    """argparse translates through the ``gettext`` functions in its own module: point them at
    ours for as long as the command line is built and read."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        return i18n._(message) if message else message

    argparse._, argparse.ngettext = gettext, i18n.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser; its texts in the language installed now (see
    :func:`parse_arguments`, which translates argparse's own texts too)."""
    _ = i18n._
    parser = argparse.ArgumentParser(
        prog="coachdesk",
        description=_(
            "A quiet desktop companion for coaching sessions. Data stays on this machine."
        ),
        epilog=_(
            "Without a command, and with start, coachdesk opens its window. The other commands "
            "never open it and need no display. Options for every command (--data-dir, --lang) "
            "go before the command, as in: coachdesk --data-dir DIR export (after it they "
            "work too). See coachdesk COMMAND --help for a command's own options."
        ),
        formatter_class=_Formatter,
        add_help=False,
    )
    _help_option(parser)
    parser.add_argument(
        "--version",
        action="version",
        version=f"coachdesk {__version__}",
        help=_("show coachdesk's version and exit"),
    )
    # The same options, for each command too: put after the command, they still count.
    every = _Parser()
    for options, default in ((parser, None), (every, argparse.SUPPRESS)):
        options.add_argument(
            "--data-dir",
            metavar="DIR",
            default=default,
            help=_(
                "where the database lives (default: ${variable}, else your user data folder)"
            ).format(variable=paths.ENV_DATA_DIR),
        )
        options.add_argument(
            "--lang",
            metavar="LANG",
            default=default,
            help=_("interface language: en or nl (default: the system's language)"),
        )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", title=_("commands"), parser_class=_Parser
    )

    def command(name: str, text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=text, description=text, parents=[every], formatter_class=_Formatter
        )
        _help_option(sub)
        return sub

    start = command("start", _("open the window straight into a session for a coachee"))
    start.add_argument(
        "--coachee",
        required=True,
        metavar="NAME",
        help=_("the coachee's name (a new name makes a new coachee)"),
    )
    start.add_argument(
        "--planned-minutes",
        type=_minutes,
        metavar="N",
        help=_("the planned duration, 1 to 1440 minutes (default: none)"),
    )
    export = command(
        "export",
        _("write every tally event as CSV or JSON, a coachee's record, or an archive"),
    )
    export.add_argument(
        "--format",
        choices=("csv", "json", "spreadsheet", "xlsx"),
        default="csv",
        help=_(
            "csv (the documented columns, for scripts), json, spreadsheet (a CSV that "
            "Excel and LibreOffice open with a double click: ';', decimal comma, local "
            "dates and times) or xlsx (an Excel workbook; needs --out) (default: csv)"
        ),
    )
    export.add_argument(
        "--out",
        metavar="PATH",
        help=_(
            "write here (default: standard output); with --coachee it must be given: a new "
            "folder, or a .zip file"
        ),
    )
    what = export.add_mutually_exclusive_group()
    what.add_argument(
        "--coachee",
        metavar="NAME",
        help=_(
            "the coachee's record: JSON, CSV and PDF reports; the name as search finds it "
            "(case and accents ignored)"
        ),
    )
    what.add_argument(
        "--archive",
        metavar="FILE",
        help=_("the whole practice, for coachdesk import (.zip or .json)"),
    )
    import_ = command("import", _("merge an archive made by export --archive"))
    import_.add_argument("file", metavar="FILE", help=_("the archive (.zip or .json)"))
    erase = command("erase", _("erase a coachee and everything of theirs"))
    erase.add_argument(
        "--coachee",
        required=True,
        metavar="NAME",
        help=_("the coachee's name, as search finds it (case and accents ignored)"),
    )
    erase.add_argument(
        "--yes", action="store_true", help=_("do not ask for confirmation (default: ask)")
    )
    erase.add_argument(
        "--purge-backups",
        action="store_true",
        help=_("also delete backups that still hold them (default: ask, or keep them)"),
    )
    report = command("report", _("write a session's PDF report (no display needed)"))
    report.add_argument(
        "session",
        metavar="SESSION",
        help=_(
            "the session's reference (such as 3f2a9c1e, the same on every machine) or its "
            "number here, as the review shows them"
        ),
    )
    report.add_argument(
        "--out",
        required=True,
        metavar="FILE.pdf",
        help=_("the PDF file to write (.pdf is added to a name without it)"),
    )
    notes = report.add_mutually_exclusive_group()
    notes.add_argument(
        "--with-notes",
        action="store_true",
        help=_(
            "put the coach's private notes in (default: leave them out, as the window does: "
            "a report is often shown or given to someone)"
        ),
    )
    notes.add_argument(  # the default now; still accepted, so older scripts keep working
        "--no-notes", action="store_true", help=argparse.SUPPRESS
    )
    command(
        "encrypt",
        _(
            "protect the database with a passphrase (SQLCipher); the passphrase is read from "
            "the terminal, or as one line from standard input"
        ),
    )
    command("decrypt", _("remove the passphrase: store the database unencrypted"))
    backup = command("backup", _("make a verified backup of the database"))
    backup.add_argument(
        "--out", metavar="FILE", help=_("write it here (default: the data folder's backups/)")
    )
    restore = command(
        "restore", _("put a backup in place of the database (the current data is kept)")
    )
    restore.add_argument("file", metavar="FILE", help=_("a backup made by coachdesk"))
    demo = command(
        "demo", _("fill a new, empty data dir with a made-up practice to try coachdesk with")
    )
    # Defaults come from coachdesk.domain.demo.DemoSize, imported only when the demo is asked for
    # (a test keeps these texts equal to it).
    demo.add_argument(
        "--coachees",
        type=_count(1, 10_000),
        metavar="N",
        help=_("how many coachees (default: {n})").format(n=12),
    )
    demo.add_argument(
        "--sessions",
        type=_count(0, 1_000_000),
        metavar="M",
        help=_("how many sessions in all (default: {n})").format(n=180),
    )
    demo.add_argument(
        "--tallies-per-session",
        type=_count(0, 2_000),
        metavar="T",
        help=_("tallies per session, on average (default: {n})").format(n=24),
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help=_("same seed, same practice (default: 1)"),
    )
    _practice_commands(command("practice", _("the practice's own server (PostgreSQL)")), every)
    return parser


def _practice_commands(practice: argparse.ArgumentParser, every: _Parser) -> None:
    """``coachdesk practice init|upgrade|add-coach|add-supervisor|remove-coach|connect|sync``."""
    _ = i18n._
    actions = practice.add_subparsers(
        dest="practice", metavar="ACTION", title=_("actions"), parser_class=_Parser, required=True
    )

    def action(name: str, text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(
            name, help=text, description=text, parents=[every], formatter_class=_Formatter
        )
        _help_option(sub)
        return sub

    url_help = _(
        "the server as a libpq URL, such as postgresql:///practice?host=/var/run/postgresql; "
        "off this machine only with sslmode=verify-full"
    )
    server_help = _(
        "the server, logged in as a PostgreSQL superuser (a libpq URL; off this machine only "
        "with sslmode=verify-full)"
    )
    for name, text in (
        ("init", _("make the practice's schema, roles and policies (as a superuser)")),
        ("upgrade", _("bring the practice's schema to this coachdesk's (as a superuser)")),
    ):
        action(name, text).add_argument("url", metavar="URL", help=url_help)
    connect = action("connect", _("connect this computer to the practice, as a coach"))
    connect.add_argument("url", metavar="URL", help=url_help)
    connect.add_argument(
        "--remember-password",
        action="store_true",
        help=_(
            "keep the password in this computer's keyring, so that it is not asked again "
            "(without it, a password kept there before is deleted)"
        ),
    )
    action(
        "sync",
        _(
            "send this computer's ended sessions to the practice and fetch those of your other "
            "computers (the password is asked, unless it is kept in the keyring)"
        ),
    )
    for name, text in (
        ("add-coach", _("add a coach: a login that sees only its own rows")),
        ("add-supervisor", _("add a supervisor: a login that sees only figures per coach")),
        ("remove-coach", _("remove a coach and their rows from the server (asks first)")),
    ):
        sub = action(name, text)
        sub.add_argument("name", metavar="NAME", help=_("the login name"))
        sub.add_argument("--server", required=True, metavar="URL", help=server_help)
        if name == "remove-coach":
            sub.add_argument(
                "--yes", action="store_true", help=_("do not ask for confirmation (default: ask)")
            )


def _help_option(parser: argparse.ArgumentParser) -> None:
    """-h/--help, with its text in the current language."""
    parser.add_argument("-h", "--help", action="help", help=i18n._("show this help and exit"))


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, without breaking an option such as --data-dir at its hyphen."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return textwrap.fill(
            " ".join(text.split()),
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )


class _Parser(argparse.ArgumentParser):
    """A command's parser: its own -h, added by :func:`build_parser` in the current language."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(**kwargs)


def _count(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                i18n._("not a whole number: {text!r}").format(text=text)
            ) from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                i18n._("must be {low} to {high}").format(low=low, high=f"{high:,}")
            )
        return value

    return parse


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            i18n._("not a whole number of minutes: {text!r}").format(text=text)
        ) from None
    from coachdesk.domain.recorder import MAX_PLANNED_MINUTES  # not before the first paint

    if not 1 <= value <= MAX_PLANNED_MINUTES:
        raise argparse.ArgumentTypeError(
            i18n._("the planned duration must be 1 to {n} minutes").format(n=MAX_PLANNED_MINUTES)
        )
    return value


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # whatever coachdesk creates (lock, settings, exports) is the user's alone
    args = parse_arguments(argv)
    if args.lang is not None and i18n.normalise(args.lang) is None:
        print(f"coachdesk: unknown language {args.lang!r}; use en or nl", file=sys.stderr)
        return 2
    where = paths.resolve(args.data_dir)
    command = COMMANDS.get(args.command, _window)
    try:
        if command is not _window or getattr(args, "coachee", None) is not None:
            i18n.install(args.lang or i18n.system_language())  # the window picks its own
        if getattr(args, "coachee", None) is not None:
            args.coachee = given_name(args.coachee)
        refuse_to_overwrite(args)
        return command(args, where)
    except WrongPassphrase as e:
        print(f"coachdesk: {e}", file=sys.stderr)
        return EXIT_WRONG_PASSPHRASE
    except CoachdeskError as e:
        print(f"coachdesk: {e}", file=sys.stderr)
        return 1


def practice_command(args: argparse.Namespace, where: paths.Paths) -> int:
    """The ``practice`` actions: only these ever reach the practice's server."""
    from coachdesk.cli import practice_commands

    if args.practice == "init":
        return practice_commands.init(args.url)
    if args.practice == "upgrade":
        return practice_commands.upgrade(args.url)
    if args.practice == "connect":
        return practice_commands.connect(where, args.url, remember=args.remember_password)
    if args.practice == "sync":
        return practice_commands.sync(where)
    if args.practice == "remove-coach":
        return practice_commands.remove_coach(args.server, args.name, yes=args.yes)
    supervisor = args.practice == "add-supervisor"
    return practice_commands.add_login(args.server, args.name, supervisor=supervisor)


def _window(args: argparse.Namespace, where: paths.Paths) -> int:
    """No command, or ``start``: the window."""
    from coachdesk.wiring import app

    start = None
    if args.command == "start":
        start = app.StartRequest(args.coachee, args.planned_minutes)
    return app.run(where, args.lang, start)


def _report(args: argparse.Namespace, where: paths.Paths) -> int:
    from coachdesk.wiring import app

    key = database_key(where)
    return app.report(where, args.session, Path(args.out), with_notes=args.with_notes, key=key)


def _backup(args: argparse.Namespace, where: paths.Paths) -> int:
    from coachdesk.cli import backup_commands

    return backup_commands.backup(where, args.out)


def _restore(args: argparse.Namespace, where: paths.Paths) -> int:
    from coachdesk.cli import backup_commands

    return backup_commands.restore(where, args.file)


def _demo(args: argparse.Namespace, where: paths.Paths) -> int:
    size = demo_size(args.coachees, args.sessions, args.tallies_per_session)
    return fill_demo(where, size, args.seed)


def given_name(name: str) -> str:
    """A coachee's name from the command line (``--coachee``), as it will be stored and
    compared: in Unicode's composed form (NFC); refused when it is not text (bytes that are
    not UTF-8) or holds a control character.

    Raises:
        InvalidInput: naming --coachee.
    """
    from coachdesk.domain.recorder import validate_coachee_name

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
        if target is not None:
            require_folder_of(Path(target))
        if target is not None and os.path.lexists(target):
            raise InvalidInput(
                i18n._(
                    "{path} already exists. coachdesk does not overwrite files from the command "
                    "line: choose a new name, or move that file away first."
                ).format(path=target)
            )


def require_folder_of(target: Path) -> None:
    """The folder a file is to be written into must be there: one message for every command.

    Raises:
        InvalidInput: it is not.
    """
    folder = target.absolute().parent
    if not folder.is_dir():
        raise InvalidInput(
            i18n._(
                "The folder {path} does not exist: create it first, or write somewhere else."
            ).format(path=folder)
        )


def data_command(args: argparse.Namespace, where: paths.Paths) -> int:
    """export, import and erase: none of them opens a window."""
    if args.command == "export" and args.coachee is None and args.archive is None:
        return export(where, args.format, args.out)
    from coachdesk.cli import data_commands

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
    from coachdesk.domain import export as formats
    from coachdesk.domain.event_files import write_events
    from coachdesk.store import open_store

    if fmt == "xlsx" and out is None:
        raise InvalidInput(i18n._("Say where the workbook goes: --out FILE.xlsx."))
    store = open_store(where.database, key=database_key(where), read_only=True)
    rows = store.export_rows()
    try:
        if out is None:  # a text form, to standard output
            write = {
                "csv": formats.write_csv,
                "json": formats.write_json,
                "spreadsheet": formats.write_spreadsheet_csv,
            }[fmt]
            write(rows, sys.stdout)
            sys.stdout.flush()
            return 0
        target = Path(out)
        count = write_events(rows, fmt, target)
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
    from coachdesk.domain.demo import DemoSize

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

    from coachdesk.domain import demo
    from coachdesk.store import COMMAND_WAIT_MS, open_store
    from coachdesk.store.demo import refuse_if_in_use, write_demo

    with data_folder_held(where):  # a window open on an empty folder must not be written under
        refuse_if_in_use(where.database)  # before open_store could create or upgrade it
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


def encrypt(where: paths.Paths) -> int:
    """``coachdesk encrypt``: protect the database with a new passphrase."""
    from coachdesk.domain import passphrase
    from coachdesk.store import conversion, open_store

    with data_folder_held(where):
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

    with data_folder_held(where):
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


#: Each command that opens no window, and what runs it (no command, or start: the window).
COMMANDS: dict[str, Callable[[argparse.Namespace, paths.Paths], int]] = {
    "export": data_command,
    "import": data_command,
    "erase": data_command,
    "report": _report,
    "backup": _backup,
    "restore": _restore,
    "demo": _demo,
    "encrypt": lambda _args, where: encrypt(where),
    "decrypt": lambda _args, where: decrypt(where),
    "practice": practice_command,
}


if __name__ == "__main__":
    sys.exit(main())
