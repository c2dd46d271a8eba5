"""Sampling periods in UTC: days, ISO weeks from Monday, calendar months."""
from datetime import datetime

import pytest

from qa.sampling.periods import next_period_start, period_window, previous_window


@pytest.mark.parametrize("period, moment, start, end", [
    ("day", datetime(2024, 3, 6, 15, 30), datetime(2024, 3, 6), datetime(2024, 3, 7)),
    ("week", datetime(2024, 3, 10, 23, 59), datetime(2024, 3, 4), datetime(2024, 3, 11)),  # a Sunday
    ("week", datetime(2024, 3, 4), datetime(2024, 3, 4), datetime(2024, 3, 11)),
    ("month", datetime(2024, 2, 29, 12), datetime(2024, 2, 1), datetime(2024, 3, 1)),
    ("month", datetime(2024, 12, 31, 23), datetime(2024, 12, 1), datetime(2025, 1, 1)),
])
def test_the_window_containing_a_moment(period, moment, start, end):
    assert period_window(period, moment) == (start, end)
    assert next_period_start(period, moment) == end


def test_the_previous_window_is_the_whole_period_before():
    assert previous_window("week", datetime(2024, 3, 4, 0, 1)) == (datetime(2024, 2, 26), datetime(2024, 3, 4))
    assert previous_window("month", datetime(2024, 3, 1)) == (datetime(2024, 2, 1), datetime(2024, 3, 1))
    assert previous_window("day", datetime(2024, 1, 1, 8)) == (datetime(2023, 12, 31), datetime(2024, 1, 1))


def test_an_unknown_period_is_an_error():
    with pytest.raises(ValueError, match="day, week or month"):
        period_window("fortnight", datetime(2024, 1, 1))
