"""The .ics file: RFC 5545 escaping, folding at 75 octets, CRLF line ends, UTC times."""
from datetime import datetime

from training.sessions.calendar import CalendarEvent, escape_text, event_ics, fold


def test_text_values_are_escaped():
    assert escape_text("a\\b;c,d\r\ne\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_long_lines_fold_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "é" * 80
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if n else piece for n, piece in enumerate(pieces)) == line
    assert fold("SHORT:x") == "SHORT:x"


def test_an_event_in_utc_with_crlf_lines():
    text = event_ics(CalendarEvent(uid="coaching-session-7@example.com", summary="Coaching: Jo, with Theo",
                                   description="Plan: Empathy\nGoal; 80", start=datetime(2026, 3, 2, 10, 0),
                                   minutes=45, stamp=datetime(2026, 3, 1, 8, 30, 5), url="https://x.example/s/7"))
    assert text.endswith("END:VCALENDAR\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and "VERSION:2.0" in lines
    assert "DTSTART:20260302T100000Z" in lines and "DTEND:20260302T104500Z" in lines
    assert "DTSTAMP:20260301T083005Z" in lines and "STATUS:CONFIRMED" in lines
    assert "SUMMARY:Coaching: Jo\\, with Theo" in lines
    assert "DESCRIPTION:Plan: Empathy\\nGoal\\; 80" in lines
    assert "URL:https://x.example/s/7" in lines


def test_a_cancelled_event_says_so():
    text = event_ics(CalendarEvent(uid="u", summary="s", description="", start=datetime(2026, 1, 1),
                                   minutes=30, stamp=datetime(2026, 1, 1), cancelled=True))
    assert "STATUS:CANCELLED\r\n" in text
