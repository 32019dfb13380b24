"""Where the time comes from: a monotonic clock for durations, the wall clock for records."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def monotonic_ms(self) -> int:
        """Milliseconds from an arbitrary start that never jumps (NTP, DST, manual changes)."""
        ...

    def now_ms(self) -> int:
        """UTC wall-clock time in milliseconds since the epoch, for what is stored."""
        ...


class SystemClock:
    def monotonic_ms(self) -> int:
        return time.monotonic_ns() // 1_000_000

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000
