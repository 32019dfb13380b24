"""HistoryQueries: the store's side of :class:`coachdesk.domain.ports.HistoryStore`, mixed into
:class:`~coachdesk.store.repository.SqlStore`.

Counts come from ``session_count`` (a few rows per session, kept by triggers), never from the
tallies themselves. Days, weeks and months are the coach's local calendar: SQLite's
``'localtime'`` follows the process's time zone, daylight saving included.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.history import (
    MAX_COACHEE_NOTE_LENGTH,
    CoacheeOverview,
    Counting,
    Grain,
    HistoryFilter,
    PracticePeriod,
    SessionFacts,
    fold,
    share,
)
from coachdesk.domain.i18n import _
from coachdesk.domain.model import (
    DETAIL_HAT,
    Coachee,
    CoacheeId,
    Hat,
    SessionId,
    TallyKindId,
    normal_text,
)
from coachdesk.domain.recorder import validate_coachee_name

#: Per session: its coach-side, coachee-side and hat-declaration counts.
_SIDES = (
    "SELECT s.id, s.coachee_id, s.started_at_ms, s.active_ms, s.scheme_version_id, "
    "  COALESCE(SUM(CASE WHEN k.side = 'coach' THEN c.n END), 0) AS coach_n, "
    "  COALESCE(SUM(CASE WHEN k.side = 'coachee' THEN c.n END), 0) AS coachee_n, "
    f"  COALESCE(SUM(CASE WHEN k.detail = '{DETAIL_HAT}' THEN c.n END), 0) AS hat_n "
    "FROM coaching_session s "
    "LEFT JOIN session_count c ON c.session_id = s.id "
    "LEFT JOIN tally_kind k ON k.id = c.kind_id "
)

#: The SQLite modifiers that turn a session's start into its period's first local day.
_PERIOD_START = {
    Grain.WEEK: "'localtime', 'weekday 0', '-6 days'",  # Sunday on or after, back to Monday
    Grain.MONTH: "'localtime', 'start of month'",
}


def _advising_versions(conn: sqlite3.Connection) -> list[int]:
    """The scheme versions with sessions that have a kind counting for the coach (advice)."""
    from coachdesk.domain.model import Side
    from coachdesk.domain.scheme_files import parse

    return [
        int(version_id)
        for version_id, document in conn.execute(
            "SELECT id, document FROM scheme_version WHERE id IN "
            "(SELECT DISTINCT scheme_version_id FROM coaching_session)"
        )
        if any(k.party is Side.COACH for k in parse(document.encode("utf-8")).kinds)
    ]


def day_start_ms(day: date) -> int:
    """The UTC milliseconds at which ``day`` begins on the coach's local calendar."""
    return int(datetime(day.year, day.month, day.day).timestamp() * 1000)


#: The ``scheme_version`` rows of one scheme (its key the parameter): a handful of ids, so
#: limiting sessions to them costs a lookup per session, no join.
_VERSIONS_OF = (
    "SELECT v.id FROM scheme_version v JOIN scheme sc ON sc.id = v.scheme_id WHERE sc.key = ?"
)


def _within(within: HistoryFilter, *, coachees: bool = True) -> tuple[list[str], list[Any]]:
    """WHERE conditions on ``coaching_session s`` for the filter, and their parameters. The
    scheme applies always; the coachees (chosen, archived) only with ``coachees``."""
    conditions: list[str] = []
    params: list[Any] = []
    if within.scheme is not None:
        conditions.append(f"s.scheme_version_id IN ({_VERSIONS_OF})")
        params.append(within.scheme)
    if within.first_day is not None:
        conditions.append("s.started_at_ms >= ?")
        params.append(day_start_ms(within.first_day))
    if within.last_day is not None:
        conditions.append("s.started_at_ms < ?")
        params.append(day_start_ms(within.last_day + timedelta(days=1)))
    if coachees and within.coachees:
        marks = ", ".join("?" * len(within.coachees))
        conditions.append(f"s.coachee_id IN ({marks})")
        params.extend(sorted(within.coachees))
    if coachees and not within.include_archived:
        conditions.append("s.coachee_id IN (SELECT id FROM coachee WHERE archived_at_ms IS NULL)")
    return conditions, params


def _counted(within: HistoryFilter) -> str:
    """The condition on ``coaching_session s`` that it counts in figures: not left out, and
    long enough or counted anyway (``left_out`` holds a :class:`Counting`)."""
    shortest = int(within.min_active_ms)  # an int: safe to write into the statement
    return (
        f"(s.left_out = {Counting.ANYWAY.value} OR "
        f"(s.left_out = {Counting.RULE.value} AND s.active_ms >= {shortest}))"
    )


def _where(conditions: list[str]) -> str:
    return f"WHERE {' AND '.join(conditions)} " if conditions else ""


class HistoryQueries:
    """Coachee lists, trajectories and the practice view, computed in SQL."""

    if TYPE_CHECKING:  # provided by SqlStore

        def _read(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

    # -- coachees ----------------------------------------------------------------------

    def coachee_overviews(
        self, include_archived: bool = False, within: HistoryFilter | None = None
    ) -> list[CoacheeOverview]:
        within = within or HistoryFilter()
        dates, params = _within(within, coachees=False)
        in_dates = "".join(f" AND {c}" for c in dates)
        with self._read() as conn:
            rows = conn.execute(
                # Per coachee, walk their ended sessions newest first (by the index) to
                # the first with a contribution noted; count only that one's sides.
                "WITH latest AS ("
                "  SELECT c.id AS coachee_id, ("
                "    SELECT s.id FROM coaching_session s "
                "    WHERE s.coachee_id = c.id AND s.ended_at_ms IS NOT NULL"
                f" AND {_counted(within)}{in_dates} AND EXISTS ("
                "      SELECT 1 FROM session_count n JOIN tally_kind k ON k.id = n.kind_id "
                "      WHERE n.session_id = s.id AND k.side IN ('coach', 'coachee')) "
                "    ORDER BY s.started_at_ms DESC, s.id DESC LIMIT 1"
                "  ) AS session_id FROM coachee c"
                "), sides AS ("
                f"  {_SIDES} WHERE s.id IN (SELECT session_id FROM latest) GROUP BY s.id"
                "), counted AS ("
                "  SELECT s.coachee_id, COUNT(*) AS sessions, MAX(s.started_at_ms) AS last_at "
                f"  FROM coaching_session s {_where(dates)}GROUP BY s.coachee_id"
                ") "
                "SELECT c.id, c.name, c.note, c.archived_at_ms IS NOT NULL, "
                "  COALESCE(n.sessions, 0), n.last_at, l.coach_n, l.coachee_n "
                "FROM coachee c "
                "LEFT JOIN counted n ON n.coachee_id = c.id "
                "LEFT JOIN sides l ON l.coachee_id = c.id "
                + ("" if include_archived else "WHERE c.archived_at_ms IS NULL"),
                params * 2,
            ).fetchall()
        overviews = [
            CoacheeOverview(
                coachee=Coachee(CoacheeId(i), name),
                sessions=sessions,
                last_started_at_ms=last_at,
                latest_share=None if coach is None else share(coach, coachee),
                note=note,
                archived=bool(archived),
            )
            for i, name, note, archived, sessions, last_at, coach, coachee in rows
        ]
        return sorted(overviews, key=lambda o: (fold(o.coachee.name), o.coachee.name))

    def rename_coachee(self, coachee_id: CoacheeId, name: str) -> None:
        name = validate_coachee_name(name)
        with self._write() as conn:
            _require_coachee(conn, coachee_id)
            others = conn.execute("SELECT name FROM coachee WHERE id != ?", (coachee_id,))
            clash = any(normal_text(other) == name for (other,) in others)  # stored before NFC
            if clash:
                raise InvalidInput(_("Another coachee is already called {name}.").format(name=name))
            conn.execute("UPDATE coachee SET name = ? WHERE id = ?", (name, coachee_id))

    def set_coachee_note(self, coachee_id: CoacheeId, note: str) -> None:
        if len(note) > MAX_COACHEE_NOTE_LENGTH:
            raise InvalidInput(
                _("That note is too long (at most {limit} characters).").format(
                    limit=MAX_COACHEE_NOTE_LENGTH
                )
            )
        with self._write() as conn:
            _require_coachee(conn, coachee_id)
            conn.execute("UPDATE coachee SET note = ? WHERE id = ?", (note, coachee_id))

    def set_archived(self, coachee_id: CoacheeId, archived: bool, at_ms: int | None = None) -> None:
        """Archive (hide from the default list) or bring back; archiving never deletes.
        Archiving an archived coachee keeps the first time."""
        when = at_ms if at_ms is not None else int(time.time() * 1000)
        with self._write() as conn:
            _require_coachee(conn, coachee_id)
            if archived:
                conn.execute(
                    "UPDATE coachee SET archived_at_ms = ? WHERE id = ? AND archived_at_ms IS NULL",
                    (when, coachee_id),
                )
            else:
                conn.execute("UPDATE coachee SET archived_at_ms = NULL WHERE id = ?", (coachee_id,))

    # -- trajectories and the practice -------------------------------------------------

    def trajectory(self, coachee_id: CoacheeId, within: HistoryFilter) -> list[SessionFacts]:
        """Open sessions included; of the filter only the dates apply (the coachee is chosen,
        archived or not)."""
        conditions, params = _within(within, coachees=False)
        with self._read() as conn:
            kinds = {
                kind_id: (side, detail)
                for kind_id, side, detail in conn.execute("SELECT id, side, detail FROM tally_kind")
            }
            rows = conn.execute(
                "SELECT s.id, s.started_at_ms, s.active_ms, s.ended_at_ms IS NOT NULL, "
                "  s.left_out, s.number, sc.key, c.kind_id, c.detail, c.n "
                # numbered among all the coachee's sessions, before the dates narrow them
                "FROM (SELECT *, ROW_NUMBER() OVER (ORDER BY started_at_ms, id) AS number "
                "      FROM coaching_session WHERE coachee_id = ?) s "
                "LEFT JOIN scheme_version v ON v.id = s.scheme_version_id "
                "LEFT JOIN scheme sc ON sc.id = v.scheme_id "
                "LEFT JOIN session_count c ON c.session_id = s.id "
                f"{_where(conditions)}"
                "ORDER BY s.started_at_ms, s.id",
                [coachee_id, *params],
            ).fetchall()
        sessions: dict[int, tuple[int, int, bool, int, int, str]] = {}
        kind_counts: defaultdict[int, dict[TallyKindId, int]] = defaultdict(dict)
        hat_counts: defaultdict[int, dict[Hat, int]] = defaultdict(dict)
        sides: defaultdict[int, dict[str, int]] = defaultdict(lambda: {"coach": 0, "coachee": 0})
        for session_id, started_at_ms, active_ms, ended, counting, number, key, *count in rows:
            sessions[session_id] = (
                started_at_ms,
                active_ms,
                bool(ended),
                counting,
                number,
                key or "",
            )
            kind_id, detail, n = count
            if kind_id is None:
                continue  # a session without tallies
            kinds_of = kind_counts[session_id]
            kinds_of[TallyKindId(kind_id)] = kinds_of.get(TallyKindId(kind_id), 0) + n
            side, kind_detail = kinds[kind_id]
            if side in ("coach", "coachee"):
                sides[session_id][side] += n
            if kind_detail == DETAIL_HAT and detail in _HATS:
                hats_of = hat_counts[session_id]
                hats_of[_HATS[detail]] = hats_of.get(_HATS[detail], 0) + n
        return [
            SessionFacts(
                id=SessionId(session_id),
                coachee_id=coachee_id,
                started_at_ms=started_at_ms,
                active_ms=active_ms,
                ended=ended,
                coach_side=sides[session_id]["coach"],
                coachee_side=sides[session_id]["coachee"],
                kind_counts=kind_counts[session_id],
                hat_counts=hat_counts[session_id],
                left_out=counting == Counting.LEFT_OUT.value,
                short=active_ms < within.min_active_ms,
                counted_anyway=counting == Counting.ANYWAY.value,
                number=number,
                scheme=key,
            )
            for session_id, (
                started_at_ms,
                active_ms,
                ended,
                counting,
                number,
                key,
            ) in sessions.items()
        ]

    def practice(
        self, grain: Grain, within: HistoryFilter, per_kind: bool = False
    ) -> list[PracticePeriod]:
        conditions, params = _within(within)
        conditions.append(f"s.ended_at_ms IS NOT NULL AND {_counted(within)}")
        period = f"date(started_at_ms / 1000, 'unixepoch', {_PERIOD_START[grain]})"
        with self._read() as conn:
            # Advice per hour over the time of sessions whose scheme can count advice: a
            # GROW or Four legs hour has none to count.
            advising = ", ".join(str(v) for v in _advising_versions(conn)) or "NULL"
            rows = conn.execute(
                f"WITH sides AS ({_SIDES} {_where(conditions)} GROUP BY s.id) "
                f"SELECT {period} AS period, COUNT(*), SUM(active_ms), SUM(coach_n), "
                "  SUM(coachee_n), SUM(hat_n), "
                "  AVG(CASE WHEN coach_n + coachee_n > 0 "
                "      THEN CAST(coachee_n AS REAL) / (coach_n + coachee_n) END), "
                f"  COALESCE(SUM(CASE WHEN scheme_version_id IN ({advising}) "
                "      THEN active_ms END), 0) "
                "FROM sides GROUP BY period ORDER BY period",
                params,
            ).fetchall()
            counts: defaultdict[str, dict[TallyKindId, int]] = defaultdict(dict)
            # only when asked (a fifth more time over all sessions), and only within one
            # scheme: kinds of different schemes are not compared
            if per_kind and within.scheme is not None:
                for day, kind_id, n in conn.execute(
                    f"SELECT {period} AS period, c.kind_id, SUM(c.n) "
                    "FROM coaching_session s JOIN session_count c ON c.session_id = s.id "
                    f"{_where(conditions)}GROUP BY period, c.kind_id",
                    params,
                ):
                    counts[day][TallyKindId(kind_id)] = n
        return [
            PracticePeriod(
                first_day=date.fromisoformat(day),
                sessions=sessions,
                active_ms=active_ms,
                coach_side=coach,
                coachee_side=coachee,
                hats=hats,
                mean_share=mean_share,
                kind_counts=counts.get(day, {}),
                advising_ms=advising_ms,
            )
            for day, sessions, active_ms, coach, coachee, hats, mean_share, advising_ms in rows
        ]

    def latest_shares(
        self, within: HistoryFilter, per_coachee: int
    ) -> dict[Coachee, Sequence[float]]:
        if per_coachee <= 0:
            return {}
        conditions, params = _within(within)
        conditions.append(f"s.ended_at_ms IS NOT NULL AND {_counted(within)}")
        with self._read() as conn:
            rows = conn.execute(
                f"WITH sides AS ({_SIDES} {_where(conditions)} GROUP BY s.id), "
                "ranked AS ("
                "  SELECT coachee_id, started_at_ms, id, coach_n, coachee_n, ROW_NUMBER() OVER ("
                "    PARTITION BY coachee_id ORDER BY started_at_ms DESC, id DESC) AS rank "
                "  FROM sides WHERE coach_n + coachee_n > 0"
                ") "
                "SELECT r.coachee_id, c.name, r.coach_n, r.coachee_n "
                "FROM ranked r JOIN coachee c ON c.id = r.coachee_id "
                "WHERE r.rank <= ? ORDER BY r.coachee_id, r.started_at_ms, r.id",
                [*params, per_coachee],
            ).fetchall()
        found: defaultdict[Coachee, list[float]] = defaultdict(list)
        for coachee_id, name, coach, coachee in rows:
            found[Coachee(CoacheeId(coachee_id), name)].append(coachee / (coach + coachee))
        return dict(found)

    def set_left_out(self, session_id: SessionId, left_out: bool) -> None:
        """Leave a session out of figures, or count it again; the session itself stays."""
        self.set_counting(session_id, Counting.LEFT_OUT if left_out else Counting.RULE)

    def set_counting(self, session_id: SessionId, counting: Counting) -> None:
        """Whether a session counts in figures: by the rule, left out, or counted anyway."""
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE coaching_session SET left_out = ? WHERE id = ?",
                (counting.value, session_id),
            ).rowcount
            if not changed:
                raise InvalidInput(_("There is no session {id}.").format(id=session_id))


_HATS = {hat.value: hat for hat in Hat}


def _require_coachee(conn: sqlite3.Connection, coachee_id: CoacheeId) -> None:
    if conn.execute("SELECT 1 FROM coachee WHERE id = ?", (coachee_id,)).fetchone() is None:
        raise InvalidInput(_("There is no coachee {id}.").format(id=coachee_id))
