from datetime import date, datetime, time, timedelta, timezone


def utcnow() -> datetime:
    """Naive UTC, stored the same way on SQLite and PostgreSQL."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def end_of_day(day: date) -> datetime:
    """The first moment after `day`, for "up to and including this day" filters; the last day there is
    has no day after it, so it ends at the last moment there is."""
    return datetime.max if day == date.max else datetime.combine(day + timedelta(days=1), time.min)
