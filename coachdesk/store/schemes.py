"""Tally schemes on the store's own connection: each version kept as its scheme file document.

A part of :class:`~coachdesk.store.repository.SqlStore`. A version that has sessions is never
changed: saving a scheme whose version has sessions is refused, and an edit
(:func:`coachdesk.domain.schemes.edited`) is saved as the next version, a row of its own.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.i18n import _
from coachdesk.domain.model import SessionId, TallyKind, TallyKindId

if TYPE_CHECKING:  # the scheme modules are read when a scheme is, not at start-up
    from coachdesk.domain.schemes import Scheme


class SchemeRecords:
    if TYPE_CHECKING:  # provided by SqlStore

        def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def schemes(self) -> list[Scheme]:
        """The newest version of every scheme, in the order they were first stored."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT v.document FROM scheme s JOIN scheme_version v ON v.scheme_id = s.id "
                "WHERE v.version = (SELECT MAX(version) FROM scheme_version "
                "  WHERE scheme_id = s.id) ORDER BY s.id"
            ).fetchall()
        return [_scheme(document) for (document,) in found]

    def schemes_with_sessions(self) -> list[Scheme]:
        """The newest version of every scheme any session was recorded with (with any of its
        versions), in the order they were first stored."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT v.document FROM scheme s JOIN scheme_version v ON v.scheme_id = s.id "
                "WHERE v.version = (SELECT MAX(version) FROM scheme_version "
                "  WHERE scheme_id = s.id) AND EXISTS ("
                "  SELECT 1 FROM coaching_session cs JOIN scheme_version u "
                "  ON u.id = cs.scheme_version_id WHERE u.scheme_id = s.id) ORDER BY s.id"
            ).fetchall()
        return [_scheme(document) for (document,) in found]

    def scheme_kinds(self, key: str) -> list[TallyKind]:
        """The tally kinds of the scheme ``key`` as its newest version has them (retired ones
        too: older sessions hold them), each with its row; none for an unknown scheme."""
        from coachdesk.domain.scheme_kinds import session_kinds

        with self._read() as conn:
            found = conn.execute(
                "SELECT v.document FROM scheme s JOIN scheme_version v ON v.scheme_id = s.id "
                "WHERE s.key = ? ORDER BY v.version DESC LIMIT 1",
                (key,),
            ).fetchone()
            if found is None:
                return []
            scheme = _scheme(found[0])
            return session_kinds(scheme, _row_ids(conn, scheme))

    def scheme_version(self, key: str, version: int) -> Scheme:
        """Version ``version`` of the scheme ``key``.

        Raises:
            InvalidInput: the store holds no such version.
        """
        with self._read() as conn:
            found = conn.execute(
                "SELECT v.document FROM scheme s JOIN scheme_version v ON v.scheme_id = s.id "
                "WHERE s.key = ? AND v.version = ?",
                (key, version),
            ).fetchone()
        if found is None:
            raise InvalidInput(
                _("There is no version {version} of the scheme “{key}”.").format(
                    version=version, key=key
                )
            )
        return _scheme(found[0])

    def save_scheme(self, scheme: Scheme) -> None:
        """Store ``scheme`` (checked whole) as its version: a new scheme's first version, the
        next version of one stored, or again a version no session has used yet.

        Raises:
            InvalidInput: the scheme is not sound, skips a version, or its version has
                sessions (edit it into the next version instead). Nothing is written.
            StoreWriteFailed: it could not be saved.
        """
        from coachdesk.domain.scheme_files import dumps
        from coachdesk.domain.schemes import changed_parties, check

        check(scheme)
        document = dumps(scheme).decode("utf-8")
        with self._write() as conn:
            conn.execute("INSERT OR IGNORE INTO scheme (key) VALUES (?)", (scheme.key,))
            (scheme_id,) = conn.execute(
                "SELECT id FROM scheme WHERE key = ?", (scheme.key,)
            ).fetchone()
            found = conn.execute(
                "SELECT id FROM scheme_version WHERE scheme_id = ? AND version = ?",
                (scheme_id, scheme.version),
            ).fetchone()
            if found is None:
                (newest,) = conn.execute(
                    "SELECT COALESCE(MAX(version), 0) FROM scheme_version WHERE scheme_id = ?",
                    (scheme_id,),
                ).fetchone()
                if newest and scheme.version == newest + 1:
                    (before,) = conn.execute(
                        "SELECT document FROM scheme_version WHERE scheme_id = ? AND version = ?",
                        (scheme_id, newest),
                    ).fetchone()
                    changed = changed_parties(_scheme(before), scheme)
                    if changed:
                        raise InvalidInput(
                            _("This tally scheme cannot be used:")
                            + "\n"
                            + "\n".join(f"- {p}" for p in changed)
                        )
                if scheme.version != newest + 1:
                    raise InvalidInput(
                        _(
                            "The scheme “{key}” is at version {newest}; the next one is "
                            "{next}, not {version}."
                        ).format(
                            key=scheme.key,
                            newest=newest,
                            next=newest + 1,
                            version=scheme.version,
                        )
                    )
                conn.execute(
                    "INSERT INTO scheme_version (scheme_id, version, document) VALUES (?, ?, ?)",
                    (scheme_id, scheme.version, document),
                )
                return
            used = conn.execute(
                "SELECT 1 FROM coaching_session WHERE scheme_version_id = ? LIMIT 1", (found[0],)
            ).fetchone()
            if used is not None:
                raise InvalidInput(
                    _(
                        "Version {version} of the scheme “{key}” has sessions and stays as it "
                        "is; save the change as version {next}."
                    ).format(version=scheme.version, key=scheme.key, next=scheme.version + 1)
                )
            conn.execute(
                "UPDATE scheme_version SET document = ? WHERE id = ?", (document, found[0])
            )

    def session_scheme(self, session_id: SessionId) -> Scheme:
        """The scheme version ``session_id`` was recorded with.

        Raises:
            InvalidInput: there is no such session.
        """
        with self._read() as conn:
            found = conn.execute(
                "SELECT v.document FROM coaching_session s "
                "JOIN scheme_version v ON v.id = s.scheme_version_id WHERE s.id = ?",
                (session_id,),
            ).fetchone()
        if found is None:
            raise InvalidInput(_("There is no session {id}.").format(id=session_id))
        return _scheme(found[0])

    def session_kinds(self, session_id: SessionId) -> list[TallyKind]:
        """The tally kinds of ``session_id`` as its scheme version has them, in its order.

        Raises:
            InvalidInput: there is no such session.
        """
        from coachdesk.domain.scheme_kinds import session_kinds

        scheme = self.session_scheme(session_id)
        with self._read() as conn:
            return session_kinds(scheme, _row_ids(conn, scheme))

    def last_scheme_of(self, coachee_name: str | None) -> str | None:
        """The key of the scheme the coachee's latest session used (``None``: any coachee's
        latest session); None when there is no such session."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT sc.key FROM coaching_session s JOIN coachee c ON c.id = s.coachee_id "
                "JOIN scheme_version v ON v.id = s.scheme_version_id "
                "JOIN scheme sc ON sc.id = v.scheme_id "
                "WHERE ?1 IS NULL OR c.name = ?1 ORDER BY s.started_at_ms DESC, s.id DESC LIMIT 1",
                (coachee_name,),
            ).fetchone()
        return None if found is None else str(found[0])

    def kind_keys(self) -> dict[TallyKindId, str]:
        """Each stored tally kind's key in the schemes."""
        with self._read() as conn:
            return {
                TallyKindId(i): key
                for i, key in conn.execute("SELECT id, kind_key FROM tally_kind")
            }


def version_for_session(conn: sqlite3.Connection, key: str, version: int) -> int:
    """The row id of version ``version`` of the scheme ``key``, with a ``tally_kind`` row for
    each of its kinds (added where missing), in the caller's transaction: a session about to
    be recorded with it can then hold a tally of any of its kinds.

    A preset's first version that is not stored yet is stored now.

    Raises:
        InvalidInput: the store holds no such version.
    """
    query = (
        "SELECT v.id, v.document FROM scheme s JOIN scheme_version v ON v.scheme_id = s.id "
        "WHERE s.key = ? AND v.version = ?"
    )
    found = conn.execute(query, (key, version)).fetchone()
    if found is None and version == 1 and _first_use_of_preset(conn, key):
        found = conn.execute(query, (key, version)).fetchone()
    if found is None:
        raise InvalidInput(
            _("There is no version {version} of the scheme “{key}”.").format(
                version=version, key=key
            )
        )
    from coachdesk.domain.kind_rows import kind_row_key
    from coachdesk.domain.scheme_colours import shade
    from coachdesk.domain.scheme_kinds import row_detail

    scheme = _scheme(found[1])
    have = _row_ids(conn, scheme)
    for position, kind in enumerate(scheme.kinds):
        if kind.key in have:
            continue
        conn.execute(
            "INSERT INTO tally_kind (key, label, side, position, colour, detail, kind_key) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                kind_row_key(scheme.key, kind.key),
                kind.label.en,
                kind.party.value,
                position,
                shade(kind.colour, dark=False),
                row_detail(scheme.key, kind),
                kind.key,
            ),
        )
    return int(found[0])


def _first_use_of_preset(conn: sqlite3.Connection, key: str) -> bool:
    """Store the first version of the preset ``key`` if it is one and the scheme has no
    version yet; whether it was stored."""
    from coachdesk.domain.scheme_files import dumps
    from coachdesk.domain.scheme_presets import PRESETS

    shipped = next((p for p in PRESETS if p.key == key), None)
    if shipped is None:
        return False
    known = conn.execute(
        "SELECT 1 FROM scheme s JOIN scheme_version v ON v.scheme_id = s.id WHERE s.key = ?",
        (key,),
    ).fetchone()
    if known is not None:
        return False
    conn.execute("INSERT OR IGNORE INTO scheme (key) VALUES (?)", (key,))
    conn.execute(
        "INSERT INTO scheme_version (scheme_id, version, document) "
        "SELECT id, ?, ? FROM scheme WHERE key = ?",
        (shipped.version, dumps(shipped).decode("utf-8"), key),
    )
    return True


def _row_ids(conn: sqlite3.Connection, scheme: Scheme) -> dict[str, TallyKindId]:
    """The ``tally_kind`` row of each of ``scheme``'s kinds that has one."""
    from coachdesk.domain.kind_rows import kind_row_key
    from coachdesk.domain.scheme_presets import BALANCE

    rows = conn.execute("SELECT id, key, kind_key FROM tally_kind").fetchall()
    by_key = {key: TallyKindId(i) for i, key, _kind_key in rows}
    found: dict[str, TallyKindId] = {}
    for kind in scheme.kinds:
        row = by_key.get(kind_row_key(scheme.key, kind.key))
        if row is not None:
            found[kind.key] = row
    if len(found) < len(scheme.kinds) and scheme.key == BALANCE:
        # The Balance scheme's first version names the rows that were there before schemes
        # by the key each was given (a key that was not an identifier, such as an old
        # archive's "q.open", got a new one, noted as the row's kind_key). Another scheme's
        # rows are "<its key>.<kind key>": those are not Balance's.
        others = {k for (k,) in conn.execute("SELECT key FROM scheme")} - {scheme.key}
        named = {
            kind_key: TallyKindId(i)
            for i, key, kind_key in rows
            if kind_key and key not in {f"{o}.{kind_key}" for o in others}
        }
        for kind in scheme.kinds:
            if kind.key not in found and kind.key in named:
                found[kind.key] = named[kind.key]
    return found


def _scheme(document: str) -> Scheme:
    from coachdesk.domain.scheme_files import parse

    return parse(document.encode("utf-8"))
