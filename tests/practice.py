"""A small practice with unique marker text planted in everything of one coachee."""

from __future__ import annotations

from pathlib import Path

from coachdesk.domain.model import SchemeRef, SessionId
from coachdesk.domain.recorder import LiveSession
from coachdesk.domain.scheme_presets import GROW_SCHEME
from coachdesk.domain.schemes import Scheme
from coachdesk.store import SqlStore, open_store
from tests.fakes import FakeClock

#: Text that appears nowhere but in the marked coachee's data.
MARKER = "Zq7Marker"
MARKED_NAME = f"{MARKER}-name Jansen"
MARKED_NOTE = f"{MARKER}-note " + "she chose the budget route herself. " * 200  # overflow pages
MARKED_COACHEE_NOTE = f"{MARKER}-coachee note: works at the hospital"
MARKED_DETAIL = f"{MARKER}-tally detail"


def add_session(
    store: SqlStore,
    clock: FakeClock,
    name: str,
    note: str | None = None,
    detail: str | None = None,
    *,
    end: bool = True,
) -> LiveSession:
    """A session of a few tallies, a pause and a hat, ended unless told otherwise."""
    session = LiveSession.start(store, clock, name, 45)
    advice, action, hat_kind = (k.id for k in session.kinds)
    for kind in (advice, action, action):
        clock.advance(60_000)
        session.tally(kind)
    session.pause()
    clock.advance(30_000)
    session.resume()
    session.tally(hat_kind, "mentor")
    clock.advance(60_000)
    if detail is not None:  # a detail of a kind's own (the live path only stores hats)
        store.add_tally(session.id, advice, session.elapsed_ms(), clock.now_ms(), detail)
    if end:
        session.end()
        if note is not None:
            store.save_note(session.id, "note", note, clock.now_ms())
            store.save_note(session.id, "own", note[:40], clock.now_ms())
    return session


def add_scheme_session(
    store: SqlStore,
    clock: FakeClock,
    name: str,
    scheme: Scheme = GROW_SCHEME,
    kinds: tuple[str, ...] = ("goal", "reality", "goal", "will"),
) -> SessionId:
    """An ended session recorded with ``scheme`` (saved first if the store lacks it) through
    the live path, its tallies of the scheme's kinds ``kinds`` (``"key=detail"`` for a kind
    with detail choices), a minute apart."""
    if all((s.key, s.version) != (scheme.key, scheme.version) for s in store.schemes()):
        store.save_scheme(scheme)
    session = LiveSession.start(store, clock, name, 45, SchemeRef(scheme.key, scheme.version))
    ids = {k.key: k.id for k in session.kinds}
    for kind in kinds:  # "key", or "key=detail" for a kind with detail choices
        clock.advance(60_000)
        key, _is, detail = kind.partition("=")
        session.tally(ids[key], detail or None)
    clock.advance(60_000)
    session.end()
    return session.id


def make_practice(
    database: Path, clock: FakeClock | None = None, *, plant_detail: bool = False
) -> None:
    """Two ordinary coachees and one marked one, two sessions each. ``plant_detail`` also
    plants the marker in a tally's detail, past the app's own checks (it stores hats only)."""
    clock = clock or FakeClock()
    store = open_store(database)
    try:
        for _ in range(2):
            add_session(store, clock, "Bram", "Bram's own plan")
            add_session(
                store, clock, MARKED_NAME, MARKED_NOTE, MARKED_DETAIL if plant_detail else None
            )
            add_session(store, clock, "Chris")
        marked = next(c for c in store.coachees() if c.name == MARKED_NAME)
        store.set_coachee_note(marked.id, MARKED_COACHEE_NOTE)
        store.set_coachee_note(store.coachees()[0].id, "Chris prefers mornings.")
    finally:
        store.close()


def files_holding(folder: Path, text: str) -> list[Path]:
    """Every file under ``folder`` whose bytes hold ``text`` (as UTF-8 or UTF-16)."""
    needles = [text.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be")]
    return [
        p
        for p in sorted(folder.rglob("*"))
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]
