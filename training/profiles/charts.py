"""Geometry for the profile's trend sparklines, drawn by the template as plain SVG shapes (the CSP forbids
inline styles; the look comes from the `.drift-line` classes in static/css/app.css). The numbers are in the
same table row and in each point's title, so the picture only adds the shape."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from training.profiles.types import TrendPoint

WIDTH, HEIGHT, MARGIN = 200.0, 40.0, 4.0


@dataclass(frozen=True)
class SparkPoint:
    x: float
    y: float
    month: str
    score: float
    n: int
    few: bool      # fewer evaluations that month than the minimum: drawn hollow


@dataclass(frozen=True)
class Sparkline:
    points: tuple[SparkPoint, ...]
    threshold_y: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)


def months_between(since: date, until: date) -> list[str]:
    """Every calendar month the window touches, "YYYY-MM", oldest first."""
    months, year, month = [], since.year, since.month
    while (year, month) <= (until.year, until.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def score_y(score: float) -> float:
    """0–100 from the bottom edge to the top, inside the margin."""
    return round(MARGIN + (100.0 - min(max(score, 0.0), 100.0)) / 100.0 * (HEIGHT - 2 * MARGIN), 2)


def sparkline(trend: Sequence[TrendPoint], months: Sequence[str], threshold: float, minimum: int) -> Sparkline:
    """The monthly means on a shared axis (every month of the window evenly spaced, 0–100 upwards)."""
    step = (WIDTH - 2 * MARGIN) / max(1, len(months) - 1)
    where = {month: index for index, month in enumerate(months)}
    points = []
    for point in trend:
        x = WIDTH / 2 if len(months) == 1 else MARGIN + where.get(point.month, 0) * step
        points.append(SparkPoint(round(x, 2), score_y(point.score), point.month, point.score, point.n_evaluations,
                                 point.n_evaluations < minimum))
    return Sparkline(tuple(points), score_y(threshold))
