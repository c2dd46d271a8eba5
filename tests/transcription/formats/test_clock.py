"""Times of day, midnight, ISO 8601 and unix seconds."""
from datetime import datetime

import pytest

from transcription.formats.clock import clock_offsets, parse_clock, parse_moment


@pytest.mark.parametrize("written, seconds", [
    ("10:02:11", 36131.0), ("10:02", 36120.0), ("0:01:23", 83.0), ("00:00:01.5", 1.5),
    ("9:05 PM", 75900.0), ("12:00 am", 0.0), ("12:30 p.m.", 45000.0),
])
def test_clock_times(written, seconds):
    assert parse_clock(written) == seconds


@pytest.mark.parametrize("written", ["24:00", "10:60", "10:02:61", "13:00 PM", "10", "ten past", ""])
def test_not_clock_times(written):
    assert parse_clock(written) is None


def test_offsets_pass_midnight_but_keep_small_steps_back():
    assert clock_offsets([86390.0, 86399.0, 5.0, 4.0]) == [0.0, 9.0, 15.0, 14.0]


@pytest.mark.parametrize("written, moment", [
    ("2024-05-01T10:02:11Z", datetime(2024, 5, 1, 10, 2, 11)),
    ("2024-05-01T12:02:11+02:00", datetime(2024, 5, 1, 10, 2, 11)),
    ("2024-05-01 10:02:11", datetime(2024, 5, 1, 10, 2, 11)),
    ("1714557731", datetime(2024, 5, 1, 10, 2, 11)),
    ("10:02:11", 36131.0),
    ("12", None), ("yesterday", None), ("2024-13-01", None),
])
def test_moments(written, moment):
    assert parse_moment(written) == moment
