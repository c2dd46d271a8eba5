"""Interval alpha (total scores) is computed in closed form, not by the package's units × values × values
tensor, which takes seconds a call over a period's hundreds of distinct totals: it must give the package's
number, on Krippendorff's published data and on any data."""
import time

import krippendorff
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.calibration.agreement import _interval_alpha, totals_agreement
from tests.qa.calibration.test_statistics_agreement import PAPER, by_unit


def test_krippendorffs_published_interval_value():
    counts = np.zeros((12, 5), dtype=np.int64)
    for row in PAPER:
        for unit, value in enumerate(row):
            if value is not None:
                counts[unit, value - 1] += 1
    counts = counts[counts.sum(axis=1) >= 2]
    assert round(_interval_alpha(counts, np.arange(1.0, 6.0)), 3) == 0.849
    assert round(totals_agreement(by_unit(PAPER, convert=float)).alpha, 3) == 0.849


unit_counts = st.lists(st.lists(st.integers(min_value=0, max_value=3), min_size=4, max_size=4), min_size=2,
                       max_size=12).map(np.array)


@given(unit_counts, st.lists(st.floats(min_value=0, max_value=100), min_size=4, max_size=4, unique=True))
def test_the_closed_form_is_the_packages_number(counts, domain):
    counts = counts[counts.sum(axis=1) >= 2]
    domain = np.array(sorted(domain))
    if len(counts) < 2 or (counts.sum(axis=0) > 0).sum() < 2 or np.ptp(domain[counts.sum(axis=0) > 0]) < 1e-6:
        return  # no variation: the callers never ask
    package = krippendorff.alpha(value_counts=counts, value_domain=domain, level_of_measurement="interval")
    assert _interval_alpha(counts, domain) == pytest.approx(package, rel=1e-9, abs=1e-9)


def test_two_hundred_interactions_of_distinct_totals_take_milliseconds():
    rng = np.random.default_rng(3)
    domain = np.sort(rng.uniform(0, 100, 800))
    counts = np.zeros((200, 800), dtype=np.int64)
    for unit in range(200):
        counts[unit, rng.choice(800, 4, replace=False)] += 1
    began = time.perf_counter()
    for _ in range(100):
        _interval_alpha(counts, domain)
    assert (time.perf_counter() - began) / 100 < 0.01   # the package: seconds and a gigabyte a call
