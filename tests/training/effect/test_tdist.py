"""Student's t without scipy, checked against printed tables, closed forms and an independent integration."""
import math

import pytest

from training.effect.tdist import incomplete_beta, t_cdf, t_quantile

# t(0.975, df) as printed in every statistics textbook's table (three decimals).
TABLE = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
         15: 2.131, 20: 2.086, 25: 2.060, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980, math.inf: 1.960}


@pytest.mark.parametrize("df", TABLE)
def test_quantiles_match_the_printed_table(df):
    assert t_quantile(0.975, df) == pytest.approx(TABLE[df], abs=0.0005)


def test_quantiles_match_the_closed_forms_for_one_and_two_degrees_of_freedom():
    for p in (0.6, 0.9, 0.975, 0.995):
        assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-9)
        assert t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-9)


def test_distribution_matches_the_closed_form_for_three_degrees_of_freedom():
    for t in (-3.0, -0.5, 0.0, 1.2, 4.0):
        closed = 0.5 + (t / (math.sqrt(3) * (1 + t * t / 3)) + math.atan(t / math.sqrt(3))) / math.pi
        assert t_cdf(t, 3) == pytest.approx(closed, abs=1e-12)


def _density(x: float, df: float) -> float:
    return math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi) * (
        1 + x * x / df) ** (-(df + 1) / 2)


def _simpson(df: float, upper: float, steps: int = 2000) -> float:
    h = upper / steps
    total = _density(0, df) + _density(upper, df)
    total += sum((4 if i % 2 else 2) * _density(i * h, df) for i in range(1, steps))
    return 0.5 + total * h / 3


@pytest.mark.parametrize("df", [2.5, 5.882, 13.3, 41.7])
def test_fractional_degrees_of_freedom_agree_with_integrating_the_density(df):
    """Welch's df is rarely whole: the quantile must put 97.5 % of the density below it."""
    t = t_quantile(0.975, df)
    assert _simpson(df, t) == pytest.approx(0.975, abs=1e-9)


def test_fractional_quantile_lies_where_the_table_interpolates():
    # Between df 5 and 6, interpolating the table linearly in 1/df (the textbook way) at df = 100/17 gives 2.459.
    assert t_quantile(0.975, 100 / 17) == pytest.approx(2.459, abs=0.001)
    assert TABLE[6] < t_quantile(0.975, 5.5) < TABLE[5]


def test_lower_quantiles_are_the_mirror_image():
    assert t_quantile(0.025, 7) == pytest.approx(-t_quantile(0.975, 7))


def test_incomplete_beta_edges_and_symmetry():
    assert incomplete_beta(2, 3, 0) == 0 and incomplete_beta(2, 3, 1) == 1
    assert incomplete_beta(2.5, 1.5, 0.3) == pytest.approx(1 - incomplete_beta(1.5, 2.5, 0.7), abs=1e-13)
    assert incomplete_beta(1, 1, 0.37) == pytest.approx(0.37)  # the uniform distribution


def test_nonsense_is_refused():
    with pytest.raises(ValueError):
        t_quantile(1.0, 5)
    with pytest.raises(ValueError):
        t_cdf(1.0, 0)
