"""Agreed actions on the store's own connection: a part of
:class:`~coachdesk.store.repository.SqlStore` (see :mod:`coachdesk.domain.agreed_actions`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from coachdesk.domain.agreed_actions import (
    ActionsDone,
    AgreedAction,
    AgreedActionId,
    Outcome,
    counted,
)
from coachdesk.domain.model import CoacheeId, SessionId

_COLUMNS = "a.id, a.session_id, a.position, a.text, a.outcome"


class AgreedActionRecords:
    if TYPE_CHECKING:  # provided by SqlStore

        def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def agreed_actions(self, session_id: SessionId) -> list[AgreedAction]:
        with self._read() as conn:
            found = conn.execute(
                f"SELECT {_COLUMNS} FROM agreed_action a WHERE a.session_id = ? "
                "ORDER BY a.position",
                (session_id,),
            ).fetchall()
        return [_action(*row) for row in found]

    def set_agreed_actions(self, session_id: SessionId, texts: Sequence[str]) -> None:
        with self._write() as conn:
            conn.execute(
                "DELETE FROM agreed_action WHERE session_id = ? AND position >= ?",
                (session_id, len(texts)),
            )
            conn.executemany(
                "INSERT INTO agreed_action (session_id, position, text) VALUES (?, ?, ?) "
                "ON CONFLICT (session_id, position) DO UPDATE SET text = excluded.text",
                [(session_id, position, text) for position, text in enumerate(texts)],
            )

    def set_outcome(self, action_id: AgreedActionId, outcome: Outcome | None) -> None:
        with self._write() as conn:
            conn.execute(
                "UPDATE agreed_action SET outcome = ? WHERE id = ?",
                (None if outcome is None else outcome.value, action_id),
            )

    def actions_to_follow_up(self, session_id: SessionId) -> list[AgreedAction]:
        with self._read() as conn:
            found = conn.execute(
                f"SELECT {_COLUMNS} FROM agreed_action a WHERE a.session_id = ("
                "  SELECT e.id FROM coaching_session e JOIN coaching_session s "
                "    ON s.id = ? AND e.coachee_id = s.coachee_id "
                "    AND (e.started_at_ms, e.id) < (s.started_at_ms, s.id) "
                "  WHERE EXISTS (SELECT 1 FROM agreed_action x WHERE x.session_id = e.id) "
                "  ORDER BY e.started_at_ms DESC, e.id DESC LIMIT 1) "
                "ORDER BY a.position",
                (session_id,),
            ).fetchall()
        return [_action(*row) for row in found]

    def actions_done(self, coachee_id: CoacheeId) -> dict[SessionId, ActionsDone]:
        with self._read() as conn:
            found = conn.execute(
                f"SELECT {_COLUMNS} FROM agreed_action a JOIN coaching_session s "
                "ON s.id = a.session_id WHERE s.coachee_id = ? ORDER BY a.session_id, a.position",
                (coachee_id,),
            ).fetchall()
        per_session: dict[SessionId, list[AgreedAction]] = {}
        for row in found:
            action = _action(*row)
            per_session.setdefault(action.session_id, []).append(action)
        return {
            session: done
            for session, actions in per_session.items()
            if (done := counted(actions)) is not None
        }


def _action(
    action_id: int, session_id: int, position: int, text: str, outcome: str | None
) -> AgreedAction:
    return AgreedAction(
        AgreedActionId(action_id),
        SessionId(session_id),
        position,
        text,
        None if outcome is None else Outcome(outcome),
    )
