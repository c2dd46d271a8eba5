"""Geometry for the quality pages' SVG charts, drawn by the templates as plain shapes.

The CSP forbids inline styles and scripts, so the charts are SVG elements whose coordinates are
computed here and whose colours come from classes in static/css/app.css. Every chart has a text
equivalent on the page (the numbers in the same table row), so the shapes only add the picture.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa.calibration.leniency import LeniencyPoint

# Kappa bars: from −0.2 (anything lower is drawn at the edge) to 1, in a 200-unit-wide box.
KAPPA_LOW, KAPPA_HIGH, BAR_WIDTH = -0.2, 1.0, 200.0
DRIFT_WIDTH, DRIFT_HEIGHT, DRIFT_MARGIN = 200.0, 40.0, 5.0


def kappa_x(value: float) -> float:
    clamped = min(max(value, KAPPA_LOW), KAPPA_HIGH)
    return round((clamped - KAPPA_LOW) / (KAPPA_HIGH - KAPPA_LOW) * BAR_WIDTH, 2)


@dataclass(frozen=True)
class KappaBar:
    x: float
    width: float
    zero: float
    ticks: tuple[tuple[float, str], ...]   # (x, label) at the verdict bands' bounds


def kappa_bar(value: float | None, bounds: Sequence[float]) -> KappaBar | None:
    """A bar from 0 to kappa (leftwards when negative), with marks where the verdict bands change."""
    if value is None:
        return None
    zero, end = kappa_x(0.0), kappa_x(value)
    return KappaBar(x=min(zero, end), width=round(abs(end - zero), 2), zero=zero,
                    ticks=tuple((kappa_x(bound), f"{bound:.1f}") for bound in bounds))


@dataclass(frozen=True)
class DriftPoint:
    x: float
    y: float
    period: str
    effect: float
    n: int
    few: bool      # the statistics gave a reason (too few evaluations that month): drawn hollow


@dataclass(frozen=True)
class DriftLine:
    points: tuple[DriftPoint, ...]
    zero: float
    scale: float   # the effect, in points, at the top edge (and its negative at the bottom)

    @property
    def polyline(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)


def drift_scale(trends: Sequence[Sequence[LeniencyPoint]]) -> float:
    """One vertical scale for every reviewer's line, so lines can be compared: the largest effect, at least 1."""
    return max([abs(point.effect) for trend in trends for point in trend] + [1.0])


def drift_line(trend: Sequence[LeniencyPoint], periods: Sequence[str], scale: float) -> DriftLine:
    """The reviewer's effect per month on a shared time axis (every month in the selection, evenly spaced)."""
    middle = DRIFT_HEIGHT / 2
    half = middle - DRIFT_MARGIN
    step = (DRIFT_WIDTH - 2 * DRIFT_MARGIN) / max(1, len(periods) - 1)
    where = {period: index for index, period in enumerate(periods)}
    points = []
    for point in trend:
        index = where.get(str(point.period), 0)
        x = DRIFT_WIDTH / 2 if len(periods) == 1 else DRIFT_MARGIN + index * step
        points.append(DriftPoint(x=round(x, 2), y=round(middle - point.effect / scale * half, 2),
                                 period=str(point.period), effect=point.effect, n=point.n,
                                 few=point.reason is not None))
    return DriftLine(points=tuple(points), zero=middle, scale=scale)


@dataclass(frozen=True)
class ScoreShift:
    raw: float
    adjusted: float


def score_shift(raw: float, adjusted: float) -> ScoreShift:
    """Two marks on a 0–100 line (a 200-unit box): the raw mean and the adjusted one."""
    def x(score: float) -> float:
        return round(min(max(score, 0.0), 100.0) * 2, 2)
    return ScoreShift(raw=x(raw), adjusted=x(adjusted))
