"""Student's t distribution for any (also fractional) degrees of freedom, without scipy.

Welch's interval needs the t quantile at Welch–Satterthwaite degrees of freedom, which are rarely whole, so
a printed table is not enough. The distribution function is computed exactly from the regularised
incomplete beta function,

    P(T ≤ t) = 1 − ½ · I_x(df/2, ½)  with x = df / (df + t²),  for t ≥ 0,

whose continued fraction (Lentz's method, as in Numerical Recipes §6.4) converges in a few dozen terms; the
quantile is found by Newton's method on it, to far below the precision anything is shown with. With infinitely
many degrees of freedom t is the normal distribution.
"""
from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

_TINY = 1e-300
_EPSILON = 1e-15


def _continued_fraction(a: float, b: float, x: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    result = d
    for m in range(1, 500):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                          -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            result *= d * c
        if abs(d * c - 1.0) < _EPSILON:
            break
    return result


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1."""
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"x must be within [0, 1], not {x}")
    if x in (0.0, 1.0):
        return x
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x))
    # The continued fraction converges fast only below the mean (a + 1) / (a + b + 2); above it use symmetry.
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(a, b, x) / a
    return 1.0 - front * _continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with `df` degrees of freedom (df > 0; math.inf for the normal)."""
    if df <= 0:
        raise ValueError(f"degrees of freedom must be positive, not {df}")
    if math.isinf(df):
        return NormalDist().cdf(t)
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


def t_density(t: float, df: float) -> float:
    return math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
                    - (df + 1) / 2 * math.log1p(t * t / df))


@lru_cache(maxsize=4096)
def t_quantile(p: float, df: float) -> float:
    """The t with P(T ≤ t) = p: e.g. t_quantile(0.975, 10) ≈ 2.228, the factor of a 95 % interval.

    Newton's method from the normal quantile (the distribution function is smooth and its derivative is the
    density), kept inside a bracket that bisection narrows whenever a Newton step would leave it."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be strictly between 0 and 1, not {p}")
    if math.isinf(df):
        return NormalDist().inv_cdf(p)
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    t = min(max(NormalDist().inv_cdf(p), low), high)
    for _ in range(100):
        error = t_cdf(t, df) - p
        if abs(error) < 1e-15:
            break
        if error < 0:
            low = t
        else:
            high = t
        step = t - error / t_density(t, df)
        t = step if low < step < high else (low + high) / 2.0
        if high - low < 1e-13 * max(1.0, high):
            break
    return t
