"""A practice on a real store, filled through the store's own public methods."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coachdesk.domain.model import SchemeRef, SessionId
from coachdesk.store import SqlStore

DAY_MS = 86_400_000
#: 2026-03-02 10:00 UTC, a Monday: every test session starts at ten on some day after it.
T0 = 1_772_445_600_000
MINUTE_MS = 60_000


@dataclass(frozen=True)
class Held:
    id: SessionId
    name: str
    day: int
    advice: int
    actions: int

    @property
    def share(self) -> float | None:
        total = self.advice + self.actions
        return self.actions / total if total else None


def hold(store: SqlStore, name: str, day: int, keys: str, minutes: int = 45) -> Held:
    """An ended session of ``name`` on day ``day`` after T0: a tally a minute, ``keys`` as
    on the keyboard (1 advice given, 2 coachee action noted, 3 a mentor hat)."""
    start = T0 + day * DAY_MS
    coachee = store.coachee_named(name, start)
    session = store.start_session(coachee.id, start, minutes)
    kinds = sorted(store.tally_kinds(), key=lambda k: k.position)
    for n, key in enumerate(keys, start=1):
        detail = "mentor" if key == "3" else None
        store.add_tally(
            session, kinds[int(key) - 1].id, n * MINUTE_MS, start + n * MINUTE_MS, detail
        )
    store.end_session(session, minutes * MINUTE_MS, start + minutes * MINUTE_MS)
    return Held(session, name, day, keys.count("1"), keys.count("2"))


def hold_with(
    store: SqlStore, name: str, day: int, scheme: str, keys: Sequence[str], minutes: int = 45
) -> SessionId:
    """An ended session of ``name`` on day ``day`` after T0 with the preset ``scheme``: a
    tally a minute, of the kinds ``keys`` (the scheme's kind keys)."""
    start = T0 + day * DAY_MS
    coachee = store.coachee_named(name, start)
    session = store.start_session(coachee.id, start, minutes, SchemeRef(scheme, 1))
    ids = {k.key: k.id for k in store.session_kinds(session)}
    for n, key in enumerate(keys, start=1):
        store.add_tally(session, ids[key], n * MINUTE_MS, start + n * MINUTE_MS, None)
    store.end_session(session, minutes * MINUTE_MS, start + minutes * MINUTE_MS)
    return session


def practice(store: SqlStore) -> dict[str, list[Held]]:
    """Özlem's share falls over five sessions, Anna's grows, Bram has one session."""
    held: dict[str, list[Held]] = {"Özlem Özdemir": [], "Anna de Vries": [], "Bram": []}
    for day, keys in enumerate(["2221", "2211", "22113", "2111", "11112"]):
        held["Özlem Özdemir"].append(hold(store, "Özlem Özdemir", day * 7, keys))
    for day, keys in enumerate(["1112", "1122", "12223"]):
        held["Anna de Vries"].append(hold(store, "Anna de Vries", day * 7 + 1, keys))
    held["Bram"].append(hold(store, "Bram", 40, "12", minutes=30))
    return held
