"""Sampling periods: UTC days, ISO weeks (from Monday) and calendar months, as [start, end) windows."""
from __future__ import annotations

from datetime import datetime, timedelta

PERIODS = ("day", "week", "month")
PERIOD_LABELS = {"day": "day", "week": "week (Monday to Sunday)", "month": "calendar month"}


def period_start(period: str, moment: datetime) -> datetime:
    """The start of the period that contains `moment` (naive UTC, like every stored time)."""
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "day":
        return midnight
    if period == "week":
        return midnight - timedelta(days=midnight.weekday())
    if period == "month":
        return midnight.replace(day=1)
    raise ValueError(f"Unknown sampling period {period!r}; use day, week or month")


def period_end(period: str, start: datetime) -> datetime:
    """The start of the period after the one starting at `start`."""
    if period == "day":
        return start + timedelta(days=1)
    if period == "week":
        return start + timedelta(days=7)
    if period == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    raise ValueError(f"Unknown sampling period {period!r}; use day, week or month")


def period_window(period: str, moment: datetime) -> tuple[datetime, datetime]:
    start = period_start(period, moment)
    return start, period_end(period, start)


def previous_window(period: str, moment: datetime) -> tuple[datetime, datetime]:
    """The last whole period before the one containing `moment`: what a scheduled run covers."""
    current = period_start(period, moment)
    return period_window(period, current - timedelta(microseconds=1))


def next_period_start(period: str, moment: datetime) -> datetime:
    """When the period containing `moment` ends, and a scheduled rule next runs."""
    return period_end(period, period_start(period, moment))
