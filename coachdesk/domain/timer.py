"""Active session time: a monotonic stopwatch with pauses excluded."""

from __future__ import annotations

from coachdesk.domain.clock import Clock


class ActiveTimer:
    """Counts active milliseconds from ``base_ms``, advancing only while running.

    Only the clock's monotonic reading is used, so wall-clock jumps never change it.
    """

    def __init__(self, clock: Clock, base_ms: int = 0, running: bool = True) -> None:
        self._clock = clock
        self._base_ms = base_ms
        self._since: int | None = clock.monotonic_ms() if running else None

    def elapsed_ms(self) -> int:
        if self._since is None:
            return self._base_ms
        return self._base_ms + max(0, self._clock.monotonic_ms() - self._since)

    def pause(self, at_ms: int | None = None) -> int:
        """Stop counting, at ``at_ms`` (a reading already taken and stored) or now; return
        the active time at the pause."""
        self._base_ms = self.elapsed_ms() if at_ms is None else at_ms
        self._since = None
        return self._base_ms

    def shift(self, ms: int) -> None:
        """Count ``ms`` more (or fewer, when negative) active milliseconds."""
        self._base_ms += ms

    def resume(self) -> None:
        if self._since is None:
            self._since = self._clock.monotonic_ms()


def format_active(ms: int) -> str:
    """``4:05`` under an hour, ``1:04:05`` from an hour on."""
    seconds = ms // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


#: A session with no planned duration counts as long after this many minutes.
UNPLANNED_LIMIT_MIN = 120
#: How far past its planned duration a session runs before it may count as forgotten.
PAST_PLANNED_MIN = 15
#: How long nobody may have touched the computer before coachdesk asks.
IDLE_BEFORE_ASKING_MIN = 10


def looks_forgotten(elapsed_ms: int, planned_minutes: int | None, idle_ms: int | None) -> bool:
    """Whether to ask if a session still goes on: it runs well past its planned duration
    (or past :data:`UNPLANNED_LIMIT_MIN` when none was planned) and the computer has been
    idle for a while. ``idle_ms`` None: the platform cannot tell, so nothing is asked."""
    if idle_ms is None:
        return False
    limit_min = (
        UNPLANNED_LIMIT_MIN if planned_minutes is None else planned_minutes + PAST_PLANNED_MIN
    )
    return elapsed_ms >= limit_min * 60_000 and idle_ms >= IDLE_BEFORE_ASKING_MIN * 60_000
