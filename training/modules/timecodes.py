"""Times in a recording as people type and read them: "1:50", "1:50.5", "0:07", or plain seconds "110"."""
from __future__ import annotations

import math
import re

from qa.errors import Refused

_TIMECODE = re.compile(r"^(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)$")


def parse_timecode(text: str | None, what: str = "The time") -> float:
    """Seconds from "h:mm:ss", "m:ss" or "ss" (each with optional decimals on the seconds)."""
    value = (text or "").strip().replace(",", ".")
    match = _TIMECODE.match(value)
    if not match:
        raise Refused(f"{what} {value!r} is not a time; write minutes and seconds like 1:05, or 1:05.5.")
    first, second, seconds = match.groups()
    hours, minutes = (int(first), int(second)) if second is not None else (0, int(first or 0))
    if second is not None and int(second) >= 60 or (first is not None and float(seconds) >= 60):
        raise Refused(f"{what} {value!r} is not a time: minutes and seconds run from 0 to 59.")
    return hours * 3600 + minutes * 60 + float(seconds)


def timecode(seconds: float | None) -> str:
    """1:50 for whole seconds, 0:03.5 when there is a fraction; 1:02:05 past the hour."""
    if seconds is None or math.isnan(seconds):
        return ""
    tenths = round(seconds * 10)
    whole, fraction = divmod(tenths, 10)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{text}.{fraction}" if fraction else text
