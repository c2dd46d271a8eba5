"""Where the effect pages' interval plots put their marks: an estimate with its 95 % interval on a line of
points of change around 0, one scale per table so rows can be compared. Drawn by the interval_plot macro
(templates/training/effect/_interval_plot.html); the numbers are always written beside it."""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from training.effect.effect import Interval

WIDTH, MARGIN = 200.0, 6.0


@dataclass(frozen=True)
class IntervalMarks:
    zero: float
    estimate: float
    low: float | None
    high: float | None
    clipped_low: bool      # the interval runs past the plot's edge
    clipped_high: bool


def plot_scale(intervals: Iterable[Interval]) -> float:
    """The change (in points) at either edge: the widest interval rounded up to 5 points, at least 5."""
    reach = [abs(value) for i in intervals for value in (i.estimate, i.low, i.high) if value is not None]
    return max(5.0, 5.0 * math.ceil(max(reach, default=0.0) / 5.0))


def interval_marks(interval: Interval, scale: float) -> IntervalMarks | None:
    if interval.estimate is None:
        return None

    def x(value: float) -> float:
        clamped = min(max(value, -scale), scale)
        return round(MARGIN + (clamped + scale) / (2 * scale) * (WIDTH - 2 * MARGIN), 2)

    low, high = interval.low, interval.high
    return IntervalMarks(zero=x(0.0), estimate=x(interval.estimate),
                         low=None if low is None else x(low), high=None if high is None else x(high),
                         clipped_low=low is not None and low < -scale, clipped_high=high is not None and high > scale)
