"""``coachdesk practice ...``: the practice's own server (PostgreSQL).

For the administrator: ``init URL``, ``upgrade URL``, ``add-coach NAME --server URL``,
``add-supervisor NAME --server URL``, ``remove-coach NAME --server URL``, run as a PostgreSQL
superuser. For a coach: ``connect URL [--remember-password]`` and ``sync``. None of them opens
a window; the server is reached only by these commands. The password is asked on the
terminal, or taken from this computer's keyring when the coach chose to keep it there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace

from coachdesk.domain import i18n, paths
from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import N_, _
from coachdesk.wiring.unlocking import read_passphrase

#: What each server table holds, as the administrator reads it before removing a coach.
TABLE_NAMES = {
    "coachee": N_("coachees"),
    "coaching_session": N_("sessions"),
    "tally_kind": N_("tally kinds"),
    "tally": N_("tallies"),
    "pause": N_("pauses"),
    "session_note": N_("session notes"),
    "marker": N_("moments marked"),
    "agreed_action": N_("agreed actions"),
    "scheme_version": N_("scheme versions"),
    "erasure": N_("erasures logged"),
}


def _checked(url: str) -> str:
    from coachdesk.store.server import urls

    urls.check(url)
    return url


def init(url: str) -> int:
    """``practice init URL``: make the schema, its roles and policies (or finish them)."""
    from coachdesk.store.server import admin

    done = admin.upgrade(_checked(url), create=True)
    if done.before is None:
        print(
            _("The practice is ready on the server (schema {revision}).").format(
                revision=done.after
            )
        )
    else:
        print(
            _("The practice was already there; its schema is at {revision}.").format(
                revision=done.after
            )
        )
    print(_("Next: coachdesk practice add-coach NAME --server URL, for each coach."))
    return 0


def upgrade(url: str) -> int:
    """``practice upgrade URL``: bring the schema to this coachdesk's revision."""
    from coachdesk.store.server import admin

    done = admin.upgrade(_checked(url), create=False)
    if done.before == done.after:
        print(_("The practice's schema is up to date ({revision}).").format(revision=done.after))
    else:
        print(
            _("The practice's schema went from {before} to {after}.").format(
                before=done.before, after=done.after
            )
        )
    return 0


def _new_password(name: str) -> str:
    first = read_passphrase(_("Password for {name}: ").format(name=name))
    second = read_passphrase(_("Repeat it: ")) if sys.stdin.isatty() else first
    if first != second:
        raise InvalidInput(_("The two passwords differ: nothing was changed."))
    return first


def add_login(url: str, name: str, *, supervisor: bool) -> int:
    """``practice add-coach NAME`` / ``add-supervisor NAME``: a login role, its password
    asked on the terminal (or one line of standard input)."""
    from coachdesk.store.server import admin

    _checked(url)
    admin.add_login(url, name, _new_password(name), supervisor=supervisor)
    if supervisor:
        print(
            _(
                "{name} may now log in as a supervisor: they see the practice's figures per "
                "coach and month, never a coachee, a note or a tally."
            ).format(name=name)
        )
    else:
        print(
            _(
                "{name} may now log in as a coach; they see only their own rows. On their "
                "machine: coachdesk practice connect URL (with user {name} in the URL)."
            ).format(name=name)
        )
    return 0


def remove_coach(url: str, name: str, *, yes: bool, ask: Callable[[str], str] = input) -> int:
    """``practice remove-coach NAME``: say what goes, ask for the name again (unless
    ``--yes``), then delete the coach's rows on the server and their login."""
    from coachdesk.cli.data_commands import _answer
    from coachdesk.store.server import admin

    _checked(url)
    counts = admin.coach_rows(url, name)
    held = ", ".join(f"{i18n._(TABLE_NAMES[t])}: {n}" for t, n in counts.items())
    print(_("On the server, {name} has {held}.").format(name=name, held=held))
    print(
        _(
            "Removing {name} deletes all of these from the server, and then their login. "
            "Their own machines keep their local data. What was deleted stays in the server's "
            "write-ahead log and backups until those are recycled."
        ).format(name=name)
    )
    if not yes:
        answer = _answer(ask, _("Type the login name again to remove it: "))
        if answer != name:
            print(_("Nothing was removed."), file=sys.stderr)
            return 1
    deleted = admin.remove_coach(url, name)
    print(
        _("Removed {name}: {rows} rows deleted from the server.").format(
            name=name, rows=sum(deleted.values())
        )
    )
    return 0


def connect(where: paths.Paths, url: str, *, remember: bool = False) -> int:
    """``practice connect URL``: a coach logs in once to check the URL, and coachdesk keeps
    the URL (never the password) in the settings; with ``remember``, the password goes to
    this computer's keyring (without it, one kept there before for the URL is deleted)."""
    from psycopg import conninfo

    from coachdesk.domain import settings
    from coachdesk.domain.errors import KeyringUnavailable
    from coachdesk.store.server import passwords, urls
    from coachdesk.store.server.coach import check_login

    checked = urls.check(url)
    password = (
        None if checked.had_password else read_passphrase(_("Password for the practice server: "))
    )
    login = check_login(url, password)
    if password is None:
        password = str(conninfo.conninfo_to_dict(url)["password"])
    current = settings.load(where.settings_file)
    kept = False
    if remember:
        try:
            passwords.remember(checked.url, password)
            kept = True
            previous = current.practice_url
            if current.practice_keyring and previous not in (None, checked.url):
                passwords.forget(previous)  # the server left behind keeps no password here
        except KeyringUnavailable as e:
            print(str(e), file=sys.stderr)
    elif current.practice_keyring:
        for old in {checked.url, current.practice_url or checked.url}:
            try:
                passwords.forget(old)
            except KeyringUnavailable as e:
                print(str(e), file=sys.stderr)
    settings.save(
        where.settings_file, replace(current, practice_url=checked.url, practice_keyring=kept)
    )
    print(
        _("Connected to the practice as {name} (schema {revision}).").format(
            name=login.name, revision=login.revision
        )
    )
    if kept:
        print(
            _(
                "The URL is kept in coachdesk's settings and the password in this computer's "
                "keyring: coachdesk no longer asks for it."
            )
        )
    else:
        print(
            _(
                "The URL is kept in coachdesk's settings; the password is not: coachdesk asks "
                "for it when it next reaches the server."
            )
        )
    return 0


def _password(url: str, keep: bool) -> str:
    """The password for ``url``: the keyring's when the coach chose to keep it there (and it
    holds one), else asked on the terminal."""
    from coachdesk.domain.errors import KeyringUnavailable
    from coachdesk.store.server import passwords

    if keep:
        try:
            found = passwords.recall(url)
        except KeyringUnavailable as e:
            print(str(e), file=sys.stderr)
        else:
            if found is not None:
                return found
    return read_passphrase(_("Password for the practice server: "))


def sync(where: paths.Paths) -> int:
    """``practice sync``: one round with the practice this machine is connected to."""
    from coachdesk.cli.data_commands import _service
    from coachdesk.cli.data_folder import data_folder_held
    from coachdesk.domain import settings
    from coachdesk.domain.clock import SystemClock
    from coachdesk.store.server import sync as server_sync
    from coachdesk.store.server import urls

    prefs = settings.load(where.settings_file)
    url = prefs.practice_url
    if url is None:
        raise InvalidInput(
            _("This computer is not connected to a practice: run coachdesk practice connect first.")
        )
    urls.check(url)
    password = _password(url, prefs.practice_keyring)
    with data_folder_held(where):
        service = _service(where, read_only=False)
        try:
            report = server_sync.sync_with(
                url, password, service.store, where.data_dir, SystemClock().now_ms()
            )
        finally:
            service.store.close()
    sent, received = report.sent, report.received
    print(
        _(
            "Sent: coachees {coachees}, sessions {sessions}, tallies {tallies}, erasures "
            "{erasures}. Received: coachees {new_coachees}, sessions {new_sessions}, tallies "
            "{new_tallies}. Erased here: {erased}."
        ).format(
            coachees=sent.coachees,
            sessions=sent.sessions,
            tallies=sent.tallies,
            erasures=sent.erasures,
            new_coachees=received.coachees,
            new_sessions=received.sessions,
            new_tallies=received.tallies,
            erased=report.erased_here,
        )
    )
    for difference in report.differences:
        print(f"  {difference}")
    for session in report.to_settle:
        print("  " + session.describe())
    if report.to_settle:
        print(
            _(
                "Both copies of each were kept: settle them in the app, in Settings > "
                "Practice server…."
            )
        )
    return 0
