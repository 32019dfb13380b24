"""Any practice of ours survives export and import unchanged, and a second import is a no-op."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coachdesk.domain import archive
from coachdesk.domain.archive import (
    Archive,
    CoacheeEntry,
    ImportReport,
    PauseEntry,
    SessionEntry,
    TallyEntry,
    pause_uids,
    tally_uids,
)
from coachdesk.domain.model import Hat, normal_text
from coachdesk.domain.review import NOTE_FIELDS
from coachdesk.store import open_store
from coachdesk.store.transfer import import_archive, read_archive

uids = st.uuids(version=4).map(str)
tallies = st.lists(
    st.tuples(
        st.sampled_from(["advice", "coachee_action", "hat"]),
        st.integers(0, 5_000_000),
        st.sampled_from([h.value for h in Hat]),
    ),
    max_size=12,
)
#: What a coach can type: no control characters (an archive holding one is refused), except
#: line breaks and tabs in notes.
one_line = st.characters(blacklist_categories=("Cc", "Cs"))
lines = one_line | st.sampled_from("\n\t")
notes = st.dictionaries(
    st.sampled_from(NOTE_FIELDS),
    st.text(lines, min_size=1, max_size=50),
    max_size=4,
)


@st.composite
def sessions(draw: st.DrawFn, started: int) -> SessionEntry:
    uid = draw(uids)
    marks = draw(tallies)
    times = [(offset, started + offset) for _key, offset, _hat in marks]
    pause_at = draw(st.lists(st.integers(0, 5_000_000), max_size=3))
    pause_times = [(p, started + p) for p in pause_at]
    return SessionEntry(
        uid,
        started,
        draw(st.none() | st.integers(1, 1440)),
        draw(st.integers(0, 5_000_000)),
        started + 5_000_000,
        tuple(
            PauseEntry(u, p, s, s + 1000)
            for u, (p, s) in zip(pause_uids(uid, pause_times), pause_times, strict=True)
        ),
        tuple(
            TallyEntry(u, key, offset, at, hat if key == "hat" else None)
            for u, (key, offset, hat), (_o, at) in zip(
                tally_uids(uid, times), marks, times, strict=True
            )
        ),
        tuple(sorted(draw(notes).items())),
    )


@st.composite
def practices(draw: st.DrawFn) -> list[CoacheeEntry]:
    names = draw(
        st.lists(
            st.text(one_line, min_size=1, max_size=20).map(str.strip).map(normal_text).filter(bool),
            max_size=4,
            unique=True,
        )
    )
    start = 1_700_000_000_000
    coachees = []
    for name in names:
        count = draw(st.integers(0, 3))
        own = [draw(sessions(start + 10_000_000 * i)) for i in range(count)]
        start += 10_000_000 * count
        note = draw(st.text(lines, max_size=30))
        archived = draw(st.none() | st.integers(0, 2_000_000_000_000))
        coachees.append(CoacheeEntry(draw(uids), name, 1, tuple(own), note, archived))
    return coachees


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coachees=practices())
def test_export_import_export_is_the_same_practice(coachees: list[CoacheeEntry]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "coachdesk.sqlite3")
        try:
            conn = store.connection
            kinds = read_archive(conn, 0).kinds
            whole = archive.parse(archive.dumps(Archive(0, kinds, tuple(coachees))))
            first = import_archive(conn, whole)
            assert first.sessions == sum(len(c.sessions) for c in coachees)
            assert read_archive(conn, 0) == whole
            assert import_archive(conn, whole) == ImportReport()
            assert read_archive(conn, 0) == whole
        finally:
            store.close()
