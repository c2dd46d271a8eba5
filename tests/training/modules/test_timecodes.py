"""Clip times as trainers type them and as pages show them."""
import pytest

from qa.errors import Refused
from training.modules.timecodes import parse_timecode, timecode


@pytest.mark.parametrize("text, seconds", [
    ("1:50", 110), ("0:07", 7), ("0:03.5", 3.5), ("0:03,5", 3.5), ("110", 110), (" 2:10 ", 130),
    ("1:02:05", 3725), ("12.25", 12.25),
])
def test_times_are_read_as_minutes_and_seconds(text, seconds):
    assert parse_timecode(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text, message", [
    ("", "is not a time"), ("abc", "is not a time"), ("1:5x", "is not a time"), ("-0:05", "is not a time"),
    ("1:60", "minutes and seconds run from 0 to 59"), ("1:60:00", "minutes and seconds run from 0 to 59"),
])
def test_what_is_not_a_time_is_refused_with_the_way_to_write_it(text, message):
    with pytest.raises(Refused, match=message):
        parse_timecode(text, "The start")


@pytest.mark.parametrize("seconds, text", [
    (110, "1:50"), (102.0, "1:42"), (3.5, "0:03.5"), (3725, "1:02:05"), (59.96, "1:00"), (None, ""),
])
def test_times_are_shown_with_tenths_only_when_there_are_some(seconds, text):
    assert timecode(seconds) == text
