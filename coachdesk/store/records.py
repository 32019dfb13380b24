"""The coachee's rights and moving the practice, on the store's own connection: a record or the
whole practice read as an archive, an archive merged in, a coachee erased, the file checked.

A part of :class:`~coachdesk.store.repository.SqlStore`; the SQL is in :mod:`.transfer` and
:mod:`.erasure`, imported only when used (start-up never needs them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from coachdesk.domain.model import CoacheeId, SessionId

if TYPE_CHECKING:
    from coachdesk.domain.archive import Archive, ImportReport, SessionEntry
    from coachdesk.domain.erasure import Erased, ErasurePlan, SessionErasurePlan
    from coachdesk.store.cipher import DatabaseKey


class CoacheeRecords:
    if TYPE_CHECKING:  # provided by SqlStore
        path: Path
        connection: sqlite3.Connection
        key: DatabaseKey | None

    @contextmanager
    def explained_errors(self) -> Iterator[None]:
        """An SQLite error becomes the message that says what it means (damage, another
        program's lock, a folder that cannot be written)."""
        from coachdesk.store.connection import errors
        from coachdesk.store.opening import cannot_open

        try:
            yield
        except errors() as e:
            raise cannot_open(self.path, e) from e

    def problems(self) -> list[str]:
        """What SQLite's ``quick_check`` finds wrong with the file (nothing: sound)."""
        from coachdesk.store.backup import problems

        with self.explained_errors():
            return problems(self.connection)

    def read_archive(self, exported_at_ms: int, coachee_id: CoacheeId | None = None) -> Archive:
        """Everything (or everything of one coachee), in one consistent read."""
        from coachdesk.store.transfer import read_archive

        with self.explained_errors():
            return read_archive(self.connection, exported_at_ms, coachee_id)

    def session_ids_by_uid(self, coachee_id: CoacheeId) -> dict[str, SessionId]:
        from coachdesk.store.transfer import session_ids

        with self.explained_errors():
            return {
                uid: SessionId(i) for uid, i in session_ids(self.connection, coachee_id).items()
            }

    def import_archive(
        self, archive: Archive, erased: Collection[str], *, leave_out_unfit: bool = False
    ) -> ImportReport:
        """Merge a checked archive in, in one transaction, skipping the erased uids;
        ``leave_out_unfit``: a session whose scheme version does not fit is left out and
        reported rather than refused (see :func:`coachdesk.store.transfer.import_archive`)."""
        from coachdesk.store.transfer import import_archive

        with self.explained_errors():
            return import_archive(self.connection, archive, erased, leave_out_unfit=leave_out_unfit)

    def replace_session(self, coachee_uid: str, session: SessionEntry) -> None:
        """This machine's copy of a session replaced by another copy of it (the coach
        settling a difference with the practice server took that one)."""
        from coachdesk.store.transfer import replace_session

        with self.explained_errors():
            replace_session(self.connection, coachee_uid, session)

    def replace_coachee(
        self,
        uid: str,
        name: str,
        note: str,
        archived_at_ms: int | None,
        was: tuple[str, str, int | None] | None = None,
    ) -> bool:
        """This machine's coachee ``uid`` given another copy's name, note and archive mark
        (the coach settling a difference with the practice server took that one, or sync
        brought a change made on another machine). With ``was`` (its name, note and archive
        mark as last read), only if it still holds those: an edit made here meanwhile is
        never overwritten. Whether it was replaced.

        Raises:
            InvalidInput: another coachee here has that name, or this one is gone.
        """
        from coachdesk.domain.errors import InvalidInput
        from coachdesk.domain.i18n import _
        from coachdesk.store.connection import transaction

        with self.explained_errors(), transaction(self.connection, write=True) as conn:
            other = conn.execute(
                "SELECT 1 FROM coachee WHERE name = ? AND uid <> ?", (name, uid)
            ).fetchone()
            if other is not None:
                raise InvalidInput(
                    _(
                        "Another coachee on this computer is called {name}: rename one of "
                        "them first."
                    ).format(name=name)
                )
            if conn.execute("SELECT 1 FROM coachee WHERE uid = ?", (uid,)).fetchone() is None:
                raise InvalidInput(_("That coachee is no longer on this computer."))
            unchanged = "" if was is None else " AND name = ? AND note = ? AND archived_at_ms IS ?"
            changed = conn.execute(
                "UPDATE coachee SET name = ?, note = ?, archived_at_ms = ? WHERE uid = ?"
                + unchanged,
                (name, note, archived_at_ms, uid, *(was or ())),
            ).rowcount
            return changed == 1

    def erase_logged(self, data_dir: Path) -> int:
        """Erase every coachee and session the data folder's erasure log names that is still
        here (after a restore, or an erasure that came from another machine of the coach);
        returns how many."""
        from coachdesk.store.erasure import reapply_erasures

        with self.explained_errors():
            return reapply_erasures(self.connection, data_dir)

    def erasure_plan(self, coachee_id: CoacheeId) -> ErasurePlan:
        from coachdesk.store import erasure

        with self.explained_errors():
            return erasure.plan(self.connection, coachee_id)

    def erase(
        self, coachee_id: CoacheeId, data_dir: Path, now_ms: int, *, open_session_too: bool
    ) -> Erased:
        """Log the erasure, delete every row of the coachee for good, fold the WAL away."""
        from coachdesk.store import erasure

        with self.explained_errors():
            return erasure.erase(
                self.connection, coachee_id, data_dir, now_ms, open_session_too=open_session_too
            )

    def session_erasure_plan(self, session_id: SessionId) -> SessionErasurePlan:
        from coachdesk.store import erasure

        with self.explained_errors():
            return erasure.plan_session(self.connection, session_id)

    def erase_session(self, session_id: SessionId, data_dir: Path, now_ms: int) -> Erased:
        """Log the deletion, delete the session's rows for good, fold the WAL away."""
        from coachdesk.store import erasure

        with self.explained_errors():
            return erasure.erase_session(self.connection, session_id, data_dir, now_ms)
