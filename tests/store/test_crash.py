"""Kill -9 at random moments: every acknowledged tally is there, and the session comes back."""

from __future__ import annotations

import random
from pathlib import Path

from coachdesk.store import open_store
from tests.crash import kill_at_random
from tests.dbcheck import rows

ROUNDS = 20


def test_every_acknowledged_tally_survives_sigkill(tmp_path: Path) -> None:
    random.seed(20261122)
    database = tmp_path / "data" / "coachdesk.sqlite3"
    acked: set[int] = set()
    sessions: set[int] = set()
    for _ in range(ROUNDS):
        result = kill_at_random(database, max_delay_s=1.5)
        acked |= result.acked
        sessions |= result.session_ids
        if database.exists():
            stored = {r[0] for r in rows(database, "SELECT id FROM tally")}
            assert acked <= stored, f"lost: {sorted(acked - stored)[:10]}"
    assert len(acked) > 100, "the child should have had time to tally"
    assert len(sessions) == 1, "each restart took up the same session"
    store = open_store(database)
    record = store.open_session()
    store.close()
    assert record is not None and record.id in sessions
    assert {t.id for t in record.tallies} >= acked
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]
