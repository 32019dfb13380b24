"""A clock the tests move by hand: the only stand-in the suite uses."""

from __future__ import annotations


class FakeClock:
    def __init__(self, monotonic_ms: int = 1_000_000, now_ms: int = 1_795_000_000_000) -> None:
        self.mono = monotonic_ms
        self.wall = now_ms

    def monotonic_ms(self) -> int:
        return self.mono

    def now_ms(self) -> int:
        return self.wall

    def advance(self, ms: int) -> None:
        """Time passes: both clocks move together."""
        self.mono += ms
        self.wall += ms

    def jump_wall(self, ms: int) -> None:
        """The wall clock jumps (NTP, daylight saving, a manual change); monotonic does not."""
        self.wall += ms
