"""A suspend gap: the machine's wall clock and monotonic clock moving apart mid-session.

On Linux and macOS the monotonic clock stands still while the computer sleeps, so a laptop
closed for 40 minutes comes back with the wall clock 40 minutes further and the session timer
not; elsewhere (or after a clock change) it may go the other way. Neither reading is the
coach's answer: the session asks whether that time counts (see
:meth:`coachdesk.domain.recorder.LiveSession.settle_gap`).
"""

from __future__ import annotations

from dataclasses import dataclass

from coachdesk.domain.clock import Clock

#: The two clocks may drift apart by this much between readings before it counts as a gap.
GAP_THRESHOLD_MS = 60_000


@dataclass(frozen=True, slots=True)
class ClockGap:
    """Between two readings the wall clock moved ``extra_ms`` more than the monotonic clock
    (less, when negative)."""

    extra_ms: int


class GapWatch:
    """Compares the machine's two clocks at each :meth:`check`.

    It reads a clock of its own (the machine's, in the app), not the session's, so a test can
    move a session's clock freely and simulate a sleep separately.
    """

    def __init__(self, clock: Clock, threshold_ms: int = GAP_THRESHOLD_MS) -> None:
        self._clock = clock
        self._threshold_ms = threshold_ms
        self._wall = clock.now_ms()
        self._mono = clock.monotonic_ms()

    def check(self) -> ClockGap | None:
        """A gap since the last check, if the clocks moved apart by the threshold or more."""
        wall, mono = self._clock.now_ms(), self._clock.monotonic_ms()
        extra = (wall - self._wall) - (mono - self._mono)
        self._wall, self._mono = wall, mono
        if abs(extra) < self._threshold_ms:
            return None
        return ClockGap(extra)
