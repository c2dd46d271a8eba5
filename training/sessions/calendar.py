"""A session as an iCalendar file (RFC 5545), so the coach and the agent can put it in their own calendar.

Times are UTC ("Z"); TEXT values are escaped (backslash, semicolon, comma, newline) and lines are folded at
75 octets without splitting a UTF-8 character; lines end in CRLF.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

FOLD_AT = 75  # octets per line, the CRLF not counted


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    description: str
    start: datetime     # naive UTC
    minutes: int
    stamp: datetime     # when this version of the event was written (naive UTC)
    url: str | None = None
    cancelled: bool = False


def event_ics(event: CalendarEvent) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Callibrate//Coaching sessions//EN", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "BEGIN:VEVENT",
             f"UID:{escape_text(event.uid)}",
             f"DTSTAMP:{_utc(event.stamp)}",
             f"DTSTART:{_utc(event.start)}",
             f"DTEND:{_utc(event.start + timedelta(minutes=event.minutes))}",
             f"SUMMARY:{escape_text(event.summary)}",
             f"DESCRIPTION:{escape_text(event.description)}",
             f"STATUS:{'CANCELLED' if event.cancelled else 'CONFIRMED'}"]
    if event.url:
        lines.append(f"URL:{event.url}")  # a URI value: not TEXT-escaped
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(fold(line) + "\r\n" for line in lines)


def escape_text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets; each continuation starts with a space."""
    pieces, current, size, limit = [], [], 0, FOLD_AT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, FOLD_AT - 1  # the leading space takes one octet
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _utc(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")
