"""History queries against a straightforward recomputation from the raw rows.

Practices are generated with a seeded random: coachees without sessions, sessions without
tallies, an open session, sessions across midnight, the turn of a month and of an ISO week
on the local calendar but not in UTC, and both daylight-saving changes, all in
Europe/Amsterdam. The reference reads tallies the way an outsider would (plain sqlite3) and
never looks at the kept summary.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coachdesk.domain.errors import InvalidInput
from coachdesk.domain.history import (
    MAX_COACHEE_NOTE_LENGTH,
    CoacheeOverview,
    Counting,
    Grain,
    HistoryFilter,
    PracticePeriod,
    SessionFacts,
    falling,
    fold,
)
from coachdesk.domain.model import (
    Coachee,
    CoacheeId,
    Hat,
    SchemeRef,
    SessionId,
    TallyId,
    TallyKindId,
)
from coachdesk.domain.ports import HistoryStore
from coachdesk.domain.recorder import MAX_NAME_LENGTH
from coachdesk.store import SqlStore, open_store
from tests.dbcheck import rows


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    """The coach's local calendar is this zone's (the process's TZ), then as it was."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def amsterdam() -> Iterator[None]:
    with local_zone("Europe/Amsterdam"):
        yield


def utc_ms(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> int:
    return int(datetime(year, month, day, hour, minute, tzinfo=UTC).timestamp() * 1000)


#: Starts that fall on another day, week or month locally than in UTC, or on a DST change.
AWKWARD_STARTS = [
    utc_ms(2026, 3, 28, 23, 30),  # Sun 29 Mar 00:30 CET: the night clocks go forward
    utc_ms(2026, 3, 29, 0, 50),  # 01:50 CET, ten minutes before the change
    utc_ms(2026, 3, 29, 1, 10),  # 03:10 CEST, just after
    utc_ms(2026, 10, 25, 0, 30),  # 02:30 CEST, the first time round
    utc_ms(2026, 10, 25, 1, 30),  # 02:30 CET, the second time round
    utc_ms(2026, 10, 31, 23, 30),  # Sun 1 Nov 00:30 CET: November locally, October in UTC
    utc_ms(2026, 11, 1, 23, 30),  # Mon 2 Nov 00:30 CET: a new ISO week locally only
    utc_ms(2026, 6, 14, 21, 45),  # Sun 23:45 CEST, runs past midnight into Monday
    utc_ms(2025, 12, 31, 23, 15),  # New Year's Day locally, New Year's Eve in UTC
]


@dataclass
class Practice:
    store: SqlStore
    database: Path
    coachees: list[Coachee] = field(default_factory=list)
    sessions: list[SessionId] = field(default_factory=list)


def generate(store: SqlStore, database: Path, seed: int) -> Practice:
    """A practice written through the store's own methods, tallies fixed and undone too."""
    rnd = random.Random(seed)
    other = random.Random(-seed)
    kinds = store.tally_kinds()
    plain = [k.id for k in kinds if k.detail is None]
    hat_kind = next(k.id for k in kinds if k.detail == "hat")
    practice = Practice(store, database)
    names = ["Özdemir", "ozdemir b", "Anna de Vries", "Bram", "Chloé", "Dirk", "Eva", "Femke"]
    for i, name in enumerate(names[: rnd.randint(5, len(names))]):
        practice.coachees.append(store.coachee_named(name, utc_ms(2025, 1, 1) + i))
    starts = AWKWARD_STARTS + [
        utc_ms(2025, 6, 1) + rnd.randrange(0, 540 * 86_400_000) for _ in range(rnd.randint(15, 30))
    ]
    rnd.shuffle(starts)
    with_sessions = practice.coachees[:-1]  # the last coachee never had a session
    for number, started in enumerate(starts):
        coachee = rnd.choice(with_sessions)
        # Most sessions with the Balance scheme; some with another, whose kinds have no hat
        # (chosen with a random of their own: the practice is otherwise as it was).
        scheme = other.choice([None, None, None, SchemeRef("four_legs", 1), SchemeRef("grow", 1)])
        session = store.start_session(coachee.id, started, rnd.choice([None, 45, 60]), scheme)
        practice.sessions.append(session)
        own = [k.id for k in store.session_kinds(session) if k.detail is None]
        tallies: list[TallyId] = []
        active = rnd.randint(0, 100) * 60_000
        for _ in range(rnd.choice([0, 0, 3, 10, 40])):
            offset = rnd.randint(0, active)
            if rnd.random() < 0.15 and scheme is None:
                detail = rnd.choice([h.value for h in Hat])
                tallies.append(store.add_tally(session, hat_kind, offset, started + offset, detail))
            else:
                kind = rnd.choice(plain) if scheme is None else other.choice(own)
                tallies.append(store.add_tally(session, kind, offset, started + offset, None))
        stored = {t.id: t for t in store.session_record(session).tallies}
        for tally in rnd.sample(tallies, k=len(tallies) // 5):  # undone, redone, or fixed later
            if rnd.random() < 0.5:
                store.delete_tally(tally)
                if rnd.random() < 0.3:
                    store.restore_tally(stored[tally])
            elif rnd.random() < 0.5 and scheme is None:
                store.update_tally(tally, hat_kind, rnd.choice([h.value for h in Hat]))
            else:
                store.update_tally(
                    tally, rnd.choice(plain) if scheme is None else other.choice(own), None
                )
        if number < len(starts) - 1:  # the last one is still open
            store.end_session(session, active, started + active + 60_000)
        else:
            store.checkpoint(session, active)
        if rnd.random() < 0.25:  # left out of figures; now and then counted in again
            store.set_left_out(session, True)
            if rnd.random() < 0.3:
                store.set_left_out(session, False)
        elif rnd.random() < 0.2:  # counted even when shorter than a minimum
            store.set_counting(session, Counting.ANYWAY)
    store.set_archived(with_sessions[0].id, True)
    return practice


# -- the reference: plain Python over the raw rows ----------------------------------------


@dataclass(frozen=True)
class RawSession:
    id: int
    coachee_id: int
    started_at_ms: int
    active_ms: int
    ended: bool
    kinds: dict[int, int]
    hats: dict[Hat, int]
    coach: int
    coachee: int
    counting: Counting = Counting.RULE
    number: int = 0
    scheme: str = "balance"

    @property
    def left_out(self) -> bool:
        return self.counting is Counting.LEFT_OUT

    def counted(self, f: HistoryFilter) -> bool:
        """Counted in figures under the filter's minimum: the rule, worked out by hand."""
        if self.counting is Counting.RULE:
            return self.active_ms >= f.min_active_ms
        return self.counting is Counting.ANYWAY

    @property
    def local_day(self) -> date:
        return datetime.fromtimestamp(self.started_at_ms // 1000).date()

    @property
    def share(self) -> float | None:
        total = self.coach + self.coachee
        return self.coachee / total if total else None


def raw_sessions(database: Path) -> list[RawSession]:
    side = dict(rows(database, "SELECT id, side FROM tally_kind"))
    hat_kinds = {i for (i,) in rows(database, "SELECT id FROM tally_kind WHERE detail = 'hat'")}
    kinds: defaultdict[int, defaultdict[int, int]] = defaultdict(lambda: defaultdict(int))
    hats: defaultdict[int, defaultdict[Hat, int]] = defaultdict(lambda: defaultdict(int))
    for session_id, kind_id, detail in rows(
        database, "SELECT session_id, kind_id, detail FROM tally"
    ):
        kinds[session_id][kind_id] += 1
        if kind_id in hat_kinds:
            hats[session_id][Hat(detail)] += 1
    found = []
    for i, coachee_id, started, active, ended_at, left_out, scheme in rows(
        database,
        "SELECT s.id, coachee_id, started_at_ms, active_ms, ended_at_ms, left_out, sc.key "
        "FROM coaching_session s JOIN scheme_version v ON v.id = s.scheme_version_id "
        "JOIN scheme sc ON sc.id = v.scheme_id",
    ):
        counts = dict(kinds[i])
        found.append(
            RawSession(
                i,
                coachee_id,
                started,
                active,
                ended_at is not None,
                counts,
                dict(hats[i]),
                sum(n for k, n in counts.items() if side[k] == "coach"),
                sum(n for k, n in counts.items() if side[k] == "coachee"),
                Counting(left_out),
                scheme=scheme,
            )
        )
    found.sort(key=lambda s: (s.started_at_ms, s.id))
    seen: defaultdict[int, int] = defaultdict(int)
    for n, s in enumerate(found):  # this coachee's 1st, 2nd, ... session
        seen[s.coachee_id] += 1
        found[n] = replace(s, number=seen[s.coachee_id])
    return found


def raw_coachees(database: Path) -> dict[int, tuple[str, str, bool]]:
    return {
        i: (name, note, archived is not None)
        for i, name, note, archived in rows(
            database, "SELECT id, name, note, archived_at_ms FROM coachee"
        )
    }


def in_filter(s: RawSession, f: HistoryFilter, coachees: dict[int, tuple[str, str, bool]]) -> bool:
    return (
        (f.first_day is None or s.local_day >= f.first_day)
        and (f.last_day is None or s.local_day <= f.last_day)
        and (not f.coachees or s.coachee_id in f.coachees)
        and (f.include_archived or not coachees[s.coachee_id][2])
        and (f.scheme is None or s.scheme == f.scheme)
    )


def expected_overviews(
    database: Path, include_archived: bool, dates: HistoryFilter | None = None
) -> list[CoacheeOverview]:
    coachees = raw_coachees(database)
    dates = dates or HistoryFilter()
    dates_only = HistoryFilter(
        dates.first_day, dates.last_day, frozenset(), True, scheme=dates.scheme
    )
    sessions = [s for s in raw_sessions(database) if in_filter(s, dates_only, coachees)]
    found = []
    for i, (name, note, archived) in coachees.items():
        if archived and not include_archived:
            continue
        own = [s for s in sessions if s.coachee_id == i]
        shared = [s for s in own if s.ended and s.counted(dates) and s.share is not None]
        found.append(
            CoacheeOverview(
                Coachee(CoacheeId(i), name),
                len(own),
                max((s.started_at_ms for s in own), default=None),
                shared[-1].share if shared else None,
                note,
                archived,
            )
        )
    return sorted(found, key=lambda o: (fold(o.coachee.name), o.coachee.name))


def expected_trajectory(database: Path, coachee_id: int, f: HistoryFilter) -> list[SessionFacts]:
    coachees = raw_coachees(database)
    dates_only = HistoryFilter(
        f.first_day, f.last_day, frozenset(), include_archived=True, scheme=f.scheme
    )
    return [
        SessionFacts(
            SessionId(s.id),
            CoacheeId(s.coachee_id),
            s.started_at_ms,
            s.active_ms,
            s.ended,
            s.coach,
            s.coachee,
            {TallyKindId(k): n for k, n in s.kinds.items()},
            s.hats,
            s.left_out,
            short=s.active_ms < f.min_active_ms,
            counted_anyway=s.counting is Counting.ANYWAY,
            number=s.number,
            scheme=s.scheme,
        )
        for s in raw_sessions(database)
        if s.coachee_id == coachee_id and in_filter(s, dates_only, coachees)
    ]


def period_start(day: date, grain: Grain) -> date:
    if grain is Grain.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def expected_practice(database: Path, grain: Grain, f: HistoryFilter) -> list[PracticePeriod]:
    coachees = raw_coachees(database)
    periods: defaultdict[date, list[RawSession]] = defaultdict(list)
    for s in raw_sessions(database):
        if s.ended and s.counted(f) and in_filter(s, f, coachees):
            periods[period_start(s.local_day, grain)].append(s)
    found = []
    for first_day, held in sorted(periods.items()):
        shares = [s.share for s in held if s.share is not None]
        per_kind: defaultdict[TallyKindId, int] = defaultdict(int)
        for s in held if f.scheme is not None else ():
            for kind, n in s.kinds.items():
                per_kind[TallyKindId(kind)] += n
        found.append(
            PracticePeriod(
                first_day,
                len(held),
                sum(s.active_ms for s in held),
                sum(s.coach for s in held),
                sum(s.coachee for s in held),
                sum(sum(s.hats.values()) for s in held),
                statistics.fmean(shares) if shares else None,
                dict(per_kind),
            )
        )
    return found


def expected_latest_shares(
    database: Path, f: HistoryFilter, per_coachee: int
) -> dict[Coachee, list[float]]:
    coachees = raw_coachees(database)
    found: dict[Coachee, list[float]] = {}
    for i, (name, _note, _archived) in coachees.items():
        shares = [
            s.share
            for s in raw_sessions(database)
            if s.coachee_id == i
            and s.ended
            and s.counted(f)
            and s.share is not None
            and in_filter(s, f, coachees)
        ]
        if shares:
            found[Coachee(CoacheeId(i), name)] = shares[-per_coachee:]
    return found


def approx_periods(periods: list[PracticePeriod]) -> list[object]:
    """Periods with the mean share compared up to rounding (SQLite sums in its own order)."""
    return [
        (p.first_day, p.sessions, p.active_ms, p.coach_side, p.coachee_side, p.hats)
        + (p.kind_counts,)
        + ((None,) if p.mean_share is None else (pytest.approx(p.mean_share),))
        for p in periods
    ]


FILTERS = [
    HistoryFilter(),
    HistoryFilter(include_archived=True),
    HistoryFilter(first_day=date(2026, 11, 1)),  # starts with a session that is 31 Oct in UTC
    HistoryFilter(last_day=date(2026, 3, 29)),  # ends on the day clocks go forward
    HistoryFilter(first_day=date(2026, 3, 29), last_day=date(2026, 10, 25)),
    HistoryFilter(first_day=date(2026, 1, 1), last_day=date(2026, 1, 1)),  # one local day
    HistoryFilter(first_day=date(2030, 1, 1)),  # nothing in it
    HistoryFilter(coachees=frozenset({CoacheeId(1), CoacheeId(3)})),  # 1 is archived
    HistoryFilter(coachees=frozenset({CoacheeId(1), CoacheeId(3)}), include_archived=True),
    HistoryFilter(min_active_ms=10 * 60_000),  # sessions under 10 minutes are too short
    HistoryFilter(first_day=date(2026, 3, 29), min_active_ms=45 * 60_000),
    HistoryFilter(scheme="balance"),  # sessions of other schemes left out, not their sides
    HistoryFilter(scheme="four_legs", include_archived=True),
    HistoryFilter(scheme="grow", first_day=date(2026, 1, 1), min_active_ms=10 * 60_000),
    HistoryFilter(scheme="learning"),  # no session has it
]


@pytest.fixture(scope="module", params=[1, 2, 3], ids=lambda seed: f"seed{seed}")
def practice(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Practice]:
    """One generated practice per seed, shared by the read-only tests below."""
    database = tmp_path_factory.mktemp("practice") / "data" / "coachdesk.sqlite3"
    with local_zone("Europe/Amsterdam"):
        store = open_store(database)
        try:
            yield generate(store, database, request.param)
        finally:
            store.close()


def test_the_store_is_a_history_store(store: SqlStore) -> None:
    history: HistoryStore = store
    assert history.coachee_overviews() == []


def test_the_generated_practices_have_sessions_of_several_schemes(practice: Practice) -> None:
    assert {s.scheme for s in raw_sessions(practice.database)} >= {"balance", "four_legs"}


def test_the_schemes_with_sessions_and_their_kinds(store: SqlStore) -> None:
    assert [s.key for s in store.schemes_with_sessions()] == []  # none yet, Balance or not
    coachee = store.coachee_named("Anna", utc_ms(2026, 3, 2, 10))
    first = store.start_session(coachee.id, utc_ms(2026, 3, 2, 10), 45, SchemeRef("four_legs", 1))
    store.end_session(first, 60_000, utc_ms(2026, 3, 2, 11))
    store.start_session(coachee.id, utc_ms(2026, 3, 9, 10), 45)  # Balance, still open
    assert [s.key for s in store.schemes_with_sessions()] == ["balance", "four_legs"]
    legs = store.scheme_kinds("four_legs")
    assert [k.key for k in legs] == ["socio_emotional", "network", "autonomy", "career"]
    assert legs == store.session_kinds(first)  # the ids its tallies carry
    assert [k.key for k in store.scheme_kinds("balance")] == ["advice", "coachee_action", "hat"]
    assert store.scheme_kinds("learning") == []  # a preset no session used: not stored
    assert store.scheme_kinds("nonsense") == []


def test_a_scheme_filter_keeps_the_numbers_of_all_sessions(store: SqlStore) -> None:
    coachee = store.coachee_named("Anna", utc_ms(2026, 3, 2, 10))
    for week, scheme in enumerate([None, SchemeRef("grow", 1), None, SchemeRef("grow", 1)]):
        started = utc_ms(2026, 3, 2 + 7 * week, 10)
        session = store.start_session(coachee.id, started, 45, scheme)
        store.end_session(session, 60_000, started + 60_000)
    grow = store.trajectory(coachee.id, HistoryFilter(scheme="grow"))
    assert [(f.number, f.scheme) for f in grow] == [(2, "grow"), (4, "grow")]
    every = store.trajectory(coachee.id, HistoryFilter())
    assert [f.scheme for f in every] == ["balance", "grow", "balance", "grow"]


def test_the_kept_summary_equals_the_tallies(practice: Practice) -> None:
    kept = rows(
        practice.database,
        "SELECT session_id, kind_id, detail, n FROM session_count ORDER BY 1, 2, 3",
    )
    counted = rows(
        practice.database,
        "SELECT session_id, kind_id, COALESCE(detail, ''), COUNT(*) FROM tally "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )
    assert kept == counted
    assert len(kept) > 10


@pytest.mark.parametrize("include_archived", [False, True])
def test_coachee_overviews(practice: Practice, include_archived: bool) -> None:
    found = practice.store.coachee_overviews(include_archived)
    assert found == expected_overviews(practice.database, include_archived)
    never = practice.coachees[-1]
    assert any(o.coachee == never and o.sessions == 0 for o in found)
    archived = practice.coachees[0]
    assert any(o.coachee == archived and o.archived for o in found) == include_archived


@pytest.mark.parametrize("within", FILTERS)
def test_coachee_overviews_within_dates(practice: Practice, within: HistoryFilter) -> None:
    found = practice.store.coachee_overviews(within.include_archived, within)
    assert found == expected_overviews(practice.database, within.include_archived, within)


@pytest.mark.parametrize("within", FILTERS)
def test_trajectories(practice: Practice, within: HistoryFilter) -> None:
    for coachee in practice.coachees:
        found = practice.store.trajectory(coachee.id, within)
        assert found == expected_trajectory(practice.database, coachee.id, within)
    everything = [
        s for c in practice.coachees for s in practice.store.trajectory(c.id, HistoryFilter())
    ]
    assert len(everything) == len(practice.sessions)
    assert any(not s.kind_counts for s in everything)  # sessions without tallies are there
    assert sum(not s.ended for s in everything) == 1


@pytest.mark.parametrize("grain", list(Grain))
@pytest.mark.parametrize("within", FILTERS)
def test_practice_periods(practice: Practice, grain: Grain, within: HistoryFilter) -> None:
    found = practice.store.practice(grain, within, per_kind=True)
    assert approx_periods(found) == approx_periods(
        expected_practice(practice.database, grain, within)
    )
    # Not asked for, no counts per kind; the rest the same.
    plain = [replace(p, kind_counts={}) for p in found]
    assert practice.store.practice(grain, within) == plain


@pytest.mark.parametrize("within", FILTERS)
@pytest.mark.parametrize("per_coachee", [1, 3, 5, 100])
def test_latest_shares(practice: Practice, within: HistoryFilter, per_coachee: int) -> None:
    found = practice.store.latest_shares(within, per_coachee)
    assert {c: list(s) for c, s in found.items()} == expected_latest_shares(
        practice.database, within, per_coachee
    )


def test_a_filter_on_coachees_limits_the_practice(practice: Practice) -> None:
    chosen = HistoryFilter(coachees=frozenset(c.id for c in practice.coachees[1:3]))
    found = practice.store.practice(Grain.MONTH, chosen)
    assert approx_periods(found) == approx_periods(
        expected_practice(practice.database, Grain.MONTH, chosen)
    )
    assert sum(p.sessions for p in found) < sum(
        p.sessions for p in practice.store.practice(Grain.MONTH, HistoryFilter())
    )


def test_local_weeks_and_months_are_not_utc_ones(store: SqlStore, amsterdam: None) -> None:
    """Hand-checked: Sunday 1 Nov 2026 00:30 in Amsterdam is still 31 October in UTC."""
    coachee = store.coachee_named("Anna", 0)
    kinds = {k.key: k.id for k in store.tally_kinds()}
    for started in (utc_ms(2026, 10, 31, 23, 30), utc_ms(2026, 11, 1, 23, 30)):
        session = store.start_session(coachee.id, started, None)
        store.add_tally(session, kinds["advice"], 1_000, started + 1_000, None)
        store.add_tally(session, kinds["coachee_action"], 2_000, started + 2_000, None)
        store.end_session(session, 3_600_000, started + 3_600_000)
    months = store.practice(Grain.MONTH, HistoryFilter())
    assert [(p.first_day, p.sessions) for p in months] == [(date(2026, 11, 1), 2)]
    weeks = store.practice(Grain.WEEK, HistoryFilter())
    assert [(p.first_day, p.sessions) for p in weeks] == [
        (date(2026, 10, 26), 1),
        (date(2026, 11, 2), 1),
    ]
    assert weeks[0].active_hours == 1.0 and weeks[0].advice_per_hour == 1.0
    assert weeks[0].mean_share == 0.5


def test_falling_trajectories_from_the_store(store: SqlStore) -> None:
    kinds = {k.key: k.id for k in store.tally_kinds()}
    falls, rises = store.coachee_named("Falls", 0), store.coachee_named("Rises", 0)
    started = utc_ms(2026, 1, 5, 9)
    for n in range(5):
        for coachee, own in ((falls, 5 - n), (rises, 1 + n)):
            session = store.start_session(coachee.id, started, None)
            for i in range(own):
                store.add_tally(session, kinds["coachee_action"], i, started + i, None)
            for i in range(3):
                store.add_tally(session, kinds["advice"], i, started + i, None)
            store.end_session(session, 60_000, started + 60_000)
            started += 86_400_000
    found = falling(store.latest_shares(HistoryFilter(), 5))
    assert [f.coachee for f in found] == [falls]
    assert found[0].shares == (5 / 8, 4 / 7, 3 / 6, 2 / 5, 1 / 4)


def test_the_generated_practices_leave_some_sessions_out(practice: Practice) -> None:
    left_out = [s for s in raw_sessions(practice.database) if s.left_out]
    assert 0 < len(left_out) < len(practice.sessions)


def test_a_session_left_out_is_kept_and_counted_again_when_asked(
    store: SqlStore, database: Path
) -> None:
    kinds = {k.key: k.id for k in store.tally_kinds()}
    anna = store.coachee_named("Anna", 0)
    started = utc_ms(2026, 1, 5, 9)
    sessions = []
    for own in (1, 3):  # shares 1/2, then 3/4
        session = store.start_session(anna.id, started, None)
        for i in range(own):
            store.add_tally(session, kinds["coachee_action"], i, started + i, None)
        store.add_tally(session, kinds["advice"], 0, started, None)
        store.end_session(session, 60_000, started + 60_000)
        sessions.append(session)
        started += 86_400_000
    everything = HistoryFilter()

    store.set_left_out(sessions[1], True)

    assert [f.left_out for f in store.trajectory(anna.id, everything)] == [False, True]
    assert store.coachee_overviews()[0].sessions == 2  # kept and listed
    assert store.coachee_overviews()[0].latest_share == 0.5  # but not counted
    assert store.latest_shares(everything, 5) == {anna: [0.5]}
    assert [(p.sessions, p.coachee_side) for p in store.practice(Grain.MONTH, everything)] == [
        (1, 1)
    ]
    assert rows(database, "SELECT id, left_out FROM coaching_session ORDER BY id") == [
        (sessions[0], 0),
        (sessions[1], 1),
    ]
    assert rows(database, "SELECT COUNT(*) FROM tally WHERE session_id = ?", sessions[1]) == [(4,)]

    store.set_left_out(sessions[1], False)

    assert store.latest_shares(everything, 5) == {anna: [0.5, 0.75]}
    assert rows(database, "SELECT SUM(left_out) FROM coaching_session") == [(0,)]


def test_leaving_out_a_session_that_is_not_there_is_refused(store: SqlStore) -> None:
    with pytest.raises(InvalidInput):
        store.set_left_out(SessionId(99), True)


# -- changing a coachee -------------------------------------------------------------------


def coachee_rows(database: Path) -> list[tuple[object, ...]]:
    return rows(database, "SELECT id, uid, name, created_at_ms, note, archived_at_ms FROM coachee")


def test_rename_keeps_the_sessions(store: SqlStore, database: Path) -> None:
    anna = store.coachee_named("Anna", 0)
    store.start_session(anna.id, 1_000, None)
    store.rename_coachee(anna.id, "  Anna B.  ")
    (overview,) = store.coachee_overviews()
    assert overview.coachee == Coachee(anna.id, "Anna B.") and overview.sessions == 1
    store.rename_coachee(anna.id, "Anna B.")  # its own name again: no clash


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Bram", "already called Bram"),
        ("", "Enter a name"),
        ("   ", "Enter a name"),
        ("x" * (MAX_NAME_LENGTH + 1), "too long"),
    ],
    ids=["clash", "empty", "blank", "too-long"],
)
def test_a_refused_rename_changes_nothing(
    store: SqlStore, database: Path, name: str, message: str
) -> None:
    anna = store.coachee_named("Anna", 0)
    store.coachee_named("Bram", 0)
    before = coachee_rows(database)
    with pytest.raises(InvalidInput, match=message):
        store.rename_coachee(anna.id, name)
    assert coachee_rows(database) == before


def test_notes_are_kept_and_a_too_long_one_is_refused(store: SqlStore, database: Path) -> None:
    anna = store.coachee_named("Anna", 0)
    store.set_coachee_note(anna.id, "Prefers mornings; works in a hospital ✚")
    longest = "n" * MAX_COACHEE_NOTE_LENGTH
    store.set_coachee_note(anna.id, longest)
    before = coachee_rows(database)
    with pytest.raises(InvalidInput, match="too long"):
        store.set_coachee_note(anna.id, longest + "!")
    assert coachee_rows(database) == before
    assert store.coachee_overviews()[0].note == longest


def test_archive_hides_and_brings_back_without_deleting(store: SqlStore, database: Path) -> None:
    anna, bram = store.coachee_named("Anna", 0), store.coachee_named("Bram", 0)
    session = store.start_session(anna.id, 1_000, None)
    store.end_session(session, 1_000, 2_000)
    store.set_archived(anna.id, True, at_ms=5_000)
    store.set_archived(anna.id, True, at_ms=9_000)  # still archived since the first time
    assert [o.coachee for o in store.coachee_overviews()] == [bram]
    assert [(o.coachee, o.archived) for o in store.coachee_overviews(include_archived=True)] == [
        (anna, True),
        (bram, False),
    ]
    assert rows(database, "SELECT archived_at_ms FROM coachee WHERE id = ?", anna.id) == [(5_000,)]
    assert store.practice(Grain.MONTH, HistoryFilter()) == []
    assert len(store.practice(Grain.MONTH, HistoryFilter(include_archived=True))) == 1
    store.set_archived(anna.id, False)
    assert [o.coachee for o in store.coachee_overviews()] == [anna, bram]
    assert rows(database, "SELECT COUNT(*) FROM coaching_session") == [(1,)]


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s.rename_coachee(CoacheeId(99), "Nobody"),
        lambda s: s.set_coachee_note(CoacheeId(99), "note"),
        lambda s: s.set_archived(CoacheeId(99), True),
    ],
    ids=["rename", "note", "archive"],
)
def test_an_unknown_coachee_is_named(store: SqlStore, database: Path, change: object) -> None:
    assert callable(change)
    with pytest.raises(InvalidInput, match="no coachee 99"):
        change(store)
    assert coachee_rows(database) == []


def test_triggers_keep_counts_for_whatever_writes_tallies(store: SqlStore, database: Path) -> None:
    """Even a tally written by plain SQL (an import, a repair by hand) is counted."""
    anna = store.coachee_named("Anna", 0)
    session = store.start_session(anna.id, 0, None)
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "INSERT INTO tally (session_id, kind_id, offset_ms, at_ms, detail) "
            "VALUES (?, 1, 0, 0, NULL)",
            [(session,)] * 4,
        )
        conn.execute("DELETE FROM tally WHERE id = (SELECT MIN(id) FROM tally)")
    conn.close()
    (facts,) = store.trajectory(anna.id, HistoryFilter())
    assert facts.kind_counts == {TallyKindId(1): 3} and facts.coach_side == 3


def test_advice_per_hour_counts_the_hours_of_schemes_that_can_count_advice(
    store: SqlStore,
) -> None:
    """A GROW hour has no advice to count: over all schemes, it does not dilute the rate."""
    coachee = store.coachee_named("Anna", utc_ms(2026, 3, 2, 10))
    balance_hour = store.start_session(coachee.id, utc_ms(2026, 3, 2, 10), 60)
    advice = next(k for k in store.session_kinds(balance_hour) if k.key == "advice")
    for n in range(4):
        store.add_tally(balance_hour, advice.id, n * 60_000, utc_ms(2026, 3, 2, 10, n), None)
    store.end_session(balance_hour, 3_600_000, utc_ms(2026, 3, 2, 11))
    grow_hour = store.start_session(coachee.id, utc_ms(2026, 3, 9, 10), 60, SchemeRef("grow", 1))
    goal = store.session_kinds(grow_hour)[0]
    store.add_tally(grow_hour, goal.id, 0, utc_ms(2026, 3, 9, 10), None)
    store.end_session(grow_hour, 3_600_000, utc_ms(2026, 3, 9, 11))
    (month,) = store.practice(Grain.MONTH, HistoryFilter())
    assert (month.sessions, month.active_hours, month.coach_side) == (2, 2.0, 4)
    assert month.advice_per_hour == 4.0  # not 2.0: the GROW hour could count none
    (grow,) = store.practice(Grain.MONTH, HistoryFilter(scheme="grow"))
    assert grow.advice_per_hour is None
