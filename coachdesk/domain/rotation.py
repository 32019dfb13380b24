"""Which backups to keep: a "grandfather-father-son" rotation, as pure functions.

A policy keeps the newest backup of each of the last ``daily`` days that have a backup, of
each of the last ``weekly`` ISO weeks and of each of the last ``monthly`` months (in the
coach's local calendar). The newest backup is always kept; everything else may go.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime

#: The most any of the three numbers may be: ten years of monthly backups.
MAX_KEEP = 120


@dataclass(frozen=True, slots=True)
class Policy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 6

    @property
    def total(self) -> int:
        return self.daily + self.weekly + self.monthly


DEFAULT_POLICY = Policy()


def valid_policy(value: object) -> Policy:
    """``value`` as a policy when it is one (three whole numbers 0..MAX_KEEP, at least one
    daily), else the default."""
    if not isinstance(value, dict):
        return DEFAULT_POLICY
    numbers = [value.get(name) for name in ("daily", "weekly", "monthly")]
    if not all(
        isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_KEEP for n in numbers
    ):
        return DEFAULT_POLICY
    daily, weekly, monthly = (int(n) for n in numbers)  # type: ignore[arg-type]
    return Policy(daily, weekly, monthly) if daily >= 1 else DEFAULT_POLICY


def _day(moment: datetime) -> Hashable:
    return moment.date()


def _week(moment: datetime) -> Hashable:
    year, week, _weekday = moment.isocalendar()
    return (year, week)


def _month(moment: datetime) -> Hashable:
    return (moment.year, moment.month)


def to_keep(moments: Iterable[datetime], policy: Policy) -> set[datetime]:
    """The moments (backup times, local) that the policy keeps."""
    newest_first = sorted(set(moments), reverse=True)
    if not newest_first:
        return set()
    keep = {newest_first[0]}
    buckets: list[tuple[Callable[[datetime], Hashable], int]] = [
        (_day, policy.daily),
        (_week, policy.weekly),
        (_month, policy.monthly),
    ]
    for bucket, count in buckets:
        seen: set[Hashable] = set()
        for moment in newest_first:
            if len(seen) >= count:
                break
            key = bucket(moment)
            if key not in seen:
                seen.add(key)
                keep.add(moment)  # the newest of its day, week or month
    return keep


def to_delete(moments: Iterable[datetime], policy: Policy) -> set[datetime]:
    """The moments the policy lets go: every one that :func:`to_keep` does not keep."""
    every = set(moments)
    return every - to_keep(every, policy)
