"""The app's way to the practice server (:class:`~coachdesk.domain.ports.PracticeService`):
each call opens its own connections, to the server and to the local database, so the app
runs it on a worker thread while it records. Imported at start-up: psycopg only when used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.domain.clock import Clock
from coachdesk.domain.errors import PracticeServerError
from coachdesk.domain.i18n import _
from coachdesk.domain.practice import Difference, OverviewRow, SyncOutcome

if TYPE_CHECKING:
    from coachdesk.store.cipher import DatabaseKey

#: In the data folder: when the last round finished and what it did (counts only).
LAST_SYNC_FILE = "practice-sync.json"
_COUNTS = ("sent_sessions", "received_sessions", "received_coachees", "erased_here")


class PracticeServer:
    """The practice server for the database at ``database`` (opened with the key ``key``
    gives at the time: encryption may be turned on or off while the app runs)."""

    def __init__(
        self,
        database: Path,
        data_dir: Path,
        clock: Clock,
        key: Callable[[], DatabaseKey | None] = lambda: None,
    ) -> None:
        self._database = database
        self._data_dir = data_dir
        self._clock = clock
        self._key = key

    def connect(self, url: str, password: str | None) -> tuple[str, str | None]:
        from psycopg import conninfo

        from coachdesk.store.server import urls
        from coachdesk.store.server.coach import check_login

        checked = urls.check(url)
        check_login(url, password)
        if password is None and checked.had_password:
            password = str(conninfo.conninfo_to_dict(url)["password"])
        return checked.url, password

    def sync(self, url: str, password: str | None, *, notes: bool) -> SyncOutcome:
        from coachdesk.store import open_store
        from coachdesk.store.server import urls
        from coachdesk.store.server.sync import sync_with

        urls.check(url)
        store = open_store(self._database, key=self._key())
        try:
            report = sync_with(
                url, password, store, self._data_dir, self._clock.now_ms(), notes=notes
            )
        finally:
            store.close()
        outcome = SyncOutcome(
            at_ms=self._clock.now_ms(),
            # A session changed on one side since the last round counts as sent or received.
            sent_sessions=report.sent.sessions + report.sent.updated,
            received_sessions=report.received.sessions + report.updated_here,
            received_coachees=report.received.coachees,
            erased_here=report.erased_here,
            differences=report.differences,
            to_settle=report.to_settle,
        )
        self._remember(outcome)
        return outcome

    def settle(
        self, url: str, password: str | None, uid: str, *, keep_here: bool, notes: bool
    ) -> bool:
        import psycopg

        from coachdesk.store import open_store
        from coachdesk.store.server import admin, urls
        from coachdesk.store.server.coach import check_login
        from coachdesk.store.server.sync import settle

        urls.check(url)
        check_login(url, password)
        store = open_store(self._database, key=self._key())
        try:
            with admin.connect(url, password) as conn:
                return settle(
                    store,
                    conn,
                    uid,
                    keep_here=keep_here,
                    now_ms=self._clock.now_ms(),
                    notes=notes,
                    data_dir=self._data_dir,
                )
        except psycopg.Error as e:
            raise PracticeServerError(
                _("The practice server did not take the choice: {reason}. Nothing changed.").format(
                    reason=str(e).strip()
                )
            ) from e
        finally:
            store.close()

    def _remember(self, outcome: SyncOutcome) -> None:
        from coachdesk.domain.private_files import private_file

        kept = asdict(outcome)
        del kept["differences"]  # listed when they happen; the file keeps counts only
        del kept["to_settle"]
        with private_file(self._data_dir / LAST_SYNC_FILE) as tmp:
            tmp.write_text(json.dumps(kept), encoding="utf-8")

    def last_sync(self) -> SyncOutcome | None:
        try:
            raw = json.loads((self._data_dir / LAST_SYNC_FILE).read_text(encoding="utf-8"))
            sent, received, coachees, erased = (int(raw.get(k, 0)) for k in _COUNTS)
            return SyncOutcome(int(raw["at_ms"]), sent, received, coachees, erased)
        except (OSError, ValueError, TypeError, AttributeError, KeyError):
            return None  # never synced here, or a file that is not ours: no last round

    def listed(self) -> tuple[Difference, ...]:
        from coachdesk.store import open_store
        from coachdesk.store.server.sync import LISTED_FILE, listed

        if not (self._data_dir / LISTED_FILE).exists():
            return ()  # nothing listed: the database need not be opened
        store = open_store(self._database, key=self._key())
        try:
            return listed(store, self._data_dir, self._clock.now_ms())
        finally:
            store.close()

    def recall_password(self, url: str) -> str | None:
        from coachdesk.store.server import passwords

        return passwords.recall(url)

    def remember_password(self, url: str, password: str) -> None:
        from coachdesk.store.server import passwords

        passwords.remember(url, password)

    def forget_password(self, url: str) -> None:
        from coachdesk.store.server import passwords

        passwords.forget(url)

    def overview(self, url: str, password: str | None, zone: str) -> list[OverviewRow]:
        from coachdesk.store.server import admin, urls
        from coachdesk.store.server.roles import SCHEMA, SUPERVISOR

        urls.check(url)
        with admin.session(url, password) as conn:
            row = conn.execute(
                "SELECT current_user::text, pg_has_role(current_user, %s, 'USAGE')",
                (SUPERVISOR,),
            ).fetchone()
            assert row is not None
            if not row[1]:
                raise PracticeServerError(
                    _(
                        "{name} is not a supervisor of this practice: the overview is for "
                        "supervisors (ask the practice's administrator)."
                    ).format(name=row[0])
                )
            rows = conn.execute(
                "SELECT coach, month, sessions, minutes, coach_tallies, coachee_tallies, hats,"
                " legs_sessions, socio_emotional, network, autonomy, career"
                f" FROM {SCHEMA}.practice_overview(%s)",
                (zone,),
            ).fetchall()
        return [OverviewRow(str(r[0]), str(r[1]), *(int(v) for v in r[2:])) for r in rows]
