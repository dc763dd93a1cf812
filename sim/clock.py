"""Clocks the drill engine can be driven by.

The engine never reads time itself: callers pass ``now`` (drill seconds) to ``advance`` and
``reply``. These clocks produce that number. ``DrillClock`` is the real one (monotonic, with
pause); ``FakeClock`` is set by hand in tests, benchmarks and headless runs.
"""
from __future__ import annotations

import time
from collections.abc import Callable


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = float(start)

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> float:
        self.now += seconds
        return self.now

    def set(self, now: float) -> None:
        self.now = float(now)


class DrillClock:
    """Drill seconds since ``start()``, not counting time spent paused.

    ``source`` is injectable (defaults to ``time.monotonic``) so the clock itself can be tested
    without sleeping. ``offset`` starts the clock at a later drill second (resuming a drill).
    """

    def __init__(self, source: Callable[[], float] = time.monotonic, offset: float = 0.0) -> None:
        self._source = source
        self._offset = float(offset)
        self._started: float | None = None
        self._paused_at: float | None = None
        self._paused_total = 0.0

    def start(self) -> None:
        if self._started is None:
            self._started = self._source()

    @property
    def paused(self) -> bool:
        return self._paused_at is not None

    def pause(self) -> None:
        if self._started is not None and self._paused_at is None:
            self._paused_at = self._source()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._paused_total += self._source() - self._paused_at
            self._paused_at = None

    def __call__(self) -> float:
        if self._started is None:
            return self._offset
        end = self._paused_at if self._paused_at is not None else self._source()
        return self._offset + max(0.0, end - self._started - self._paused_total)
