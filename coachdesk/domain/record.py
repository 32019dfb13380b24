"""A coachee's record as files (the right of access and portability): ``record.json`` (the
archive of that one coachee, which ``coachdesk import`` reads too), ``sessions.csv`` and
``tallies.csv``. The PDF reports are made beside them by the Qt side."""

from __future__ import annotations

import io
from collections.abc import Iterable

from coachdesk.domain.archive import RECORD_MEMBER, Archive, SessionEntry, dumps
from coachdesk.domain.export import csv_writer, spreadsheet_safe, utc_iso
from coachdesk.domain.i18n import _
from coachdesk.domain.kind_rows import kind_row_key
from coachdesk.domain.model import MARKER_KEY, MARKER_LABEL

SESSION_COLUMNS = (
    "session_uid",
    "session_start_utc",
    "session_end_utc",
    "planned_minutes",
    "active_s",
    "pauses",
    "tallies",
    "notes",
)
TALLY_COLUMNS = (
    "session_uid",
    "session_start_utc",
    "tally_uid",
    "kind_key",
    "kind_label",
    "detail",
    "offset_s",
    "timestamp_utc",
)


def _csv(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            spreadsheet_safe(v) if isinstance(v, str) else ("" if v is None else v) for v in row
        )
    return out.getvalue().encode("utf-8")


def _session_row(s: SessionEntry) -> tuple[object, ...]:
    return (
        s.uid,
        utc_iso(s.started_at_ms),
        None if s.ended_at_ms is None else utc_iso(s.ended_at_ms),
        s.planned_minutes,
        s.active_ms / 1000,
        len(s.pauses),
        len(s.tallies),
        len(s.notes),
    )


def _tally_rows(s: SessionEntry, labels: dict[str, str]) -> Iterable[tuple[object, ...]]:
    """A session's tallies, then its marked moments (as the event exports give them: kind
    ``moment``, the note as detail, no uid of their own)."""
    start = utc_iso(s.started_at_ms)
    for t in s.tallies:
        yield (
            s.uid,
            start,
            t.uid,
            t.kind,
            labels.get(t.kind, t.kind),
            t.detail,
            t.offset_ms / 1000,
            utc_iso(t.at_ms),
        )
    for m in s.markers:
        row = (s.uid, start, None, MARKER_KEY, _(MARKER_LABEL), m.note or None)
        yield (*row, m.offset_ms / 1000, utc_iso(m.at_ms))


def _labels(record: Archive, s: SessionEntry, labels: dict[str, str]) -> dict[str, str]:
    """The kinds' labels as ``s``'s scheme version names them, in the interface language
    (a kind of Balance's first version, or of a scheme not carried: its stored label)."""
    scheme = record.scheme(s.scheme)
    if scheme is None:
        return labels
    return {**labels, **{kind_row_key(scheme.key, k.key): k.label.shown() for k in scheme.kinds}}


def record_files(record: Archive) -> dict[str, bytes]:
    """``record.json``, ``sessions.csv`` and ``tallies.csv`` of the one coachee in ``record``."""
    (coachee,) = record.coachees
    labels = {k.key: _(k.label) for k in record.kinds}
    tallies = (row for s in coachee.sessions for row in _tally_rows(s, _labels(record, s, labels)))
    return {
        RECORD_MEMBER: dumps(record),
        "sessions.csv": _csv(SESSION_COLUMNS, (_session_row(s) for s in coachee.sessions)),
        "tallies.csv": _csv(TALLY_COLUMNS, tallies),
    }


def report_name(session: SessionEntry) -> str:
    """The PDF's file name: its start (UTC) and the start of its uid, unique and sortable."""
    stamp = utc_iso(session.started_at_ms)[:16].replace(":", "").replace("T", "-")
    return f"session-{stamp}-{session.uid[:8]}.pdf"
