"""Times as transcripts write them: wall-clock times of day, ISO 8601 and unix seconds."""
from __future__ import annotations

import re
from datetime import datetime, timezone

ACCEPTED_TIMES = ("ISO 8601 (2024-05-01T10:02:11Z), 'YYYY-MM-DD HH:MM:SS', 'HH:MM:SS' "
                  "or unix epoch seconds (1714557731)")

_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?")
# Nine to eleven digits is 1973 to 5138: a plain small number is more likely an offset than a date.
_EPOCH = re.compile(r"\d{9,11}(?:\.\d+)?")
_DAY = 24 * 3600
# A clock that runs backwards by more than this has passed midnight; a smaller step back is the
# source's own disorder and is kept as it is.
_MIDNIGHT_JUMP = 12 * 3600


def parse_clock(text: str) -> float | None:
    """Seconds since midnight for '10:02:11', '10:02', '9:05 PM', '00:01:23.5'; None if not a clock time.

    Two parts are hours and minutes, as chat logs write them.
    """
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        return None
    hours, minutes, seconds, fraction, meridiem = match.groups()
    hours, minutes = int(hours), int(minutes)
    if meridiem:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if meridiem in "Pp" else 0)
    if hours > 23 or minutes > 59 or int(seconds or 0) > 59:
        return None
    return hours * 3600 + minutes * 60 + int(seconds or 0) + float(f"0.{fraction or 0}")


def clock_offsets(times_of_day: list[float]) -> list[float]:
    """Seconds from the first time, counting a day on whenever the clock passes midnight."""
    offsets: list[float] = []
    days = 0
    previous = None
    for time_of_day in times_of_day:
        if previous is not None and previous - time_of_day > _MIDNIGHT_JUMP:
            days += 1
        previous = time_of_day
        offsets.append(days * _DAY + time_of_day - times_of_day[0])
    return offsets


def to_naive_utc(moment: datetime) -> datetime:
    """Times without a zone are taken to be UTC already; the platform stores naive UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def parse_iso_datetime(text: str) -> datetime | None:
    try:
        return to_naive_utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        return None


def parse_moment(text: str) -> datetime | float | None:
    """An absolute time (naive UTC datetime), a time of day (seconds since midnight), or None."""
    text = text.strip()
    if _EPOCH.fullmatch(text):
        try:
            return datetime.fromtimestamp(float(text), timezone.utc).replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            return None
    time_of_day = parse_clock(text)
    if time_of_day is not None:
        return time_of_day
    return parse_iso_datetime(text)
