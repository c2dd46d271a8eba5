"""How alike reviewers score: percent agreement and Krippendorff's alpha, with a bootstrap interval.

**Percent agreement** is the share of agreeing pairs: within each interaction every two reviewers who
answered the criterion make a pair, and the pairs of all interactions are pooled. Three reviewers
answering yes, yes, no make three pairs, one of which agrees. It is easy to read but flatters criteria
that are nearly always "yes": two reviewers who never look would still agree most of the time.

**Krippendorff's alpha** corrects for that: alpha = 1 − observed disagreement ÷ the disagreement
expected if the same answers were handed out at random. 1 is perfect agreement, 0 is no better than
chance, below 0 is systematic disagreement. It allows any number of reviewers and missing answers.
The level of measurement follows the answer type: *nominal* for yes/no (answers are only the same or
not), *ordinal* for scales and point options (3 vs 4 is a smaller disagreement than 1 vs 5, judged by
rank, not by assuming the steps are equal), and *interval* for total scores (numbers whose differences
mean something). The value is computed by the `krippendorff` package, except interval alpha (the totals),
which `_interval_alpha` computes in closed form to the same number: the package's way costs O(n³) over a
period's hundreds of distinct totals. N/A answers are left out (see `qa.calibration.ratings`) but counted.

**The confidence interval** is a percentile bootstrap over interactions: draw as many interactions as
there are, with replacement, recompute alpha, repeat (1000 times by default, seeded so a report does not
change on reload), and take the middle 95 % of the results. Krippendorff's own bootstrap resamples pairs
of values from the coincidence matrix instead; resampling whole interactions keeps each interaction's
reviewers together, which is how calibration data is actually gathered (pick interactions, have
everyone score them), so the interval reflects which interactions happened to be chosen. A resample in
which every answer is the same has no alpha; it is left out, and `n_resamples` says how many remained.

**Too little data**: with fewer interactions scored by two or more reviewers than `minimum_units`
(default 5; fewer gives so few distinct resamples that the interval means nothing) there are no numbers,
only a `reason`. When every answer is the same, agreement is 100 % and alpha is undefined (there is no
disagreement to expect by chance), and the reason says so.

**The flag**: a criterion is flagged when alpha is below the bar (default 0.667, Krippendorff's lowest
level for drawing even tentative conclusions). It is flagged on the point estimate, the best single
guess; when the interval straddles the bar the verdict is also called uncertain, because more
interactions could move it either way.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import krippendorff
import numpy as np

from qa.calibration.ratings import Ratings

__all__ = ["DEFAULT_BAR", "DEFAULT_MINIMUM_UNITS", "Agreement", "OverallAgreement", "agreement", "flagged",
           "overall_agreement", "totals_agreement", "uncertain"]

DEFAULT_BAR = 0.667
DEFAULT_MINIMUM_UNITS = 5
NO_VARIATION = "Every rating was the same; alpha is undefined, agreement is 100%."
# Total scores are floats such as 66.666…; equal totals must count as equal values.
TOTAL_DECIMALS = 6


@dataclass(frozen=True)
class Agreement:
    level: str                        # "nominal", "ordinal" or "interval"
    n_units: int                      # interactions answered by two or more reviewers
    n_pairable: int                   # the answers in those interactions: what alpha is computed over
    n_pairs: int                      # reviewer pairs within those interactions
    n_agreeing_pairs: int
    n_na: int                         # N/A answers, left out of the statistics
    percent_agreement: float | None   # 0–100
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    confidence: float
    n_resamples: int                  # bootstrap resamples with a defined alpha
    reason: str | None = None         # why some or all of the numbers are missing


@dataclass(frozen=True)
class OverallAgreement:
    n_units: int                      # interactions where two or more reviewers answered any criterion
    n_pairs: int                      # reviewer pairs, over every criterion
    percent_agreement: float | None   # pooled over every criterion's pairs, 0–100
    totals: Agreement                 # interval alpha over the evaluations' total scores
    reason: str | None = None         # why percent_agreement is missing


def agreement(ratings: Ratings, *, bootstrap: int = 1000, seed: int = 0, confidence: float = 0.95,
              minimum_units: int = DEFAULT_MINIMUM_UNITS) -> Agreement:
    """Percent agreement and alpha for one criterion, at the level its answer type calls for."""
    domain = np.arange(len(ratings.domain))   # alpha needs only each value's place in the order
    return _agreement(ratings.value_counts(), domain, ratings.level, ratings.n_na, bootstrap=bootstrap,
                      seed=seed, confidence=confidence, minimum_units=minimum_units)


def totals_agreement(totals: Mapping[Hashable, Mapping[Hashable, float | None]], *, bootstrap: int = 1000,
                     seed: int = 0, confidence: float = 0.95,
                     minimum_units: int = DEFAULT_MINIMUM_UNITS) -> Agreement:
    """Interval alpha over total scores (unit → {rater: total}); percent agreement counts equal totals."""
    rounded = [[round(total, TOTAL_DECIMALS) for total in by_rater.values() if total is not None]
               for by_rater in totals.values()]
    domain = np.array(sorted({total for row in rounded for total in row}), dtype=float)
    position = {total: index for index, total in enumerate(domain.tolist())}
    counts = np.zeros((len(rounded), len(domain)), dtype=np.int64)
    for row_number, row in enumerate(rounded):
        for total in row:
            counts[row_number, position[total]] += 1
    return _agreement(counts, domain, "interval", 0, bootstrap=bootstrap, seed=seed, confidence=confidence,
                      minimum_units=minimum_units)


def overall_agreement(criteria: Sequence[Ratings], totals: Mapping[Hashable, Mapping[Hashable, float | None]],
                      *, bootstrap: int = 1000, seed: int = 0, confidence: float = 0.95,
                      minimum_units: int = DEFAULT_MINIMUM_UNITS) -> OverallAgreement:
    """A session's or period's agreement: pooled percent agreement over criteria, alpha over totals."""
    units: set[Hashable] = set()
    pairs = agreeing = 0
    for ratings in criteria:
        counts = ratings.value_counts()
        pairable = counts.sum(axis=1) >= 2
        units.update(unit for unit, keep in zip(ratings.units, pairable) if keep)
        criterion_pairs, criterion_agreeing = _pairs(counts[pairable])
        pairs, agreeing = pairs + criterion_pairs, agreeing + criterion_agreeing
    minimum = max(2, minimum_units)
    total_alpha = totals_agreement(totals, bootstrap=bootstrap, seed=seed, confidence=confidence,
                                   minimum_units=minimum_units)
    if len(units) < minimum:
        return OverallAgreement(n_units=len(units), n_pairs=pairs, percent_agreement=None, totals=total_alpha,
                                reason=_too_few(len(units), minimum))
    return OverallAgreement(n_units=len(units), n_pairs=pairs, percent_agreement=100 * agreeing / pairs,
                            totals=total_alpha)


def flagged(result: Agreement, bar: float = DEFAULT_BAR) -> bool:
    """Alpha is below the bar. Too little data or no variation is never flagged: there is no evidence."""
    return result.alpha is not None and result.alpha < bar


def uncertain(result: Agreement, bar: float = DEFAULT_BAR) -> bool:
    """The confidence interval straddles the bar, so the flag (or its absence) could go either way."""
    return result.ci_low is not None and result.ci_high is not None and result.ci_low < bar < result.ci_high


def _agreement(counts: np.ndarray, domain: np.ndarray, level: str, n_na: int, *, bootstrap: int, seed: int,
               confidence: float, minimum_units: int) -> Agreement:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    counts = counts[counts.sum(axis=1) >= 2]
    pairs, agreeing = _pairs(counts)
    base = dict(level=level, n_units=len(counts), n_pairable=int(counts.sum()), n_pairs=pairs,
                n_agreeing_pairs=agreeing, n_na=n_na, confidence=confidence)
    minimum = max(2, minimum_units)
    if len(counts) < minimum:
        return Agreement(**base, percent_agreement=None, alpha=None, ci_low=None, ci_high=None, n_resamples=0,
                         reason=_too_few(len(counts), minimum))
    if not _varies(counts):
        return Agreement(**base, percent_agreement=100.0, alpha=None, ci_low=None, ci_high=None, n_resamples=0,
                         reason=NO_VARIATION)
    low, high, n_resamples = _bootstrap(counts, domain, level, bootstrap, seed, confidence)
    return Agreement(**base, percent_agreement=100 * agreeing / pairs, alpha=_alpha(counts, domain, level),
                     ci_low=low, ci_high=high, n_resamples=n_resamples)


def _pairs(counts: np.ndarray) -> tuple[int, int]:
    """(rater pairs, agreeing pairs) within units, summed: m raters make m(m−1)/2 pairs."""
    per_unit = counts.sum(axis=1)
    return int((per_unit * (per_unit - 1)).sum() // 2), int((counts * (counts - 1)).sum() // 2)


def _varies(counts: np.ndarray) -> bool:
    return int((counts.sum(axis=0) > 0).sum()) >= 2


def _alpha(counts: np.ndarray, domain: np.ndarray, level: str) -> float:
    if level == "interval":
        return _interval_alpha(counts, domain)
    return float(krippendorff.alpha(value_counts=counts, value_domain=domain, level_of_measurement=level))


def _interval_alpha(counts: np.ndarray, domain: np.ndarray) -> float:
    """Krippendorff's interval alpha, the package's number, in O(units × values).

    The package builds a units × values × values coincidence tensor: with totals as values (as many distinct
    ones as answers, nearly) that is O(n³), 0.3 s a call for 100 interactions and gigabytes for 200, times a
    thousand resamples. With the squared difference as the distance, every sum over pairs of values expands
    into sums of the values and their squares: within a unit of m values with sum s1 and sum of squares s2,
    the pairs' squared differences add up to 2(m·s2 − s1²), and likewise over all values for the expected
    disagreement. alpha = 1 − (n − 1)·Σ_u 2(m_u·s2_u − s1_u²)/(m_u − 1) ÷ 2(n·S2 − S1²). Units with fewer
    than two values are already left out by the caller; there is variation (the caller checked)."""
    per_unit = counts.sum(axis=1).astype(float)
    n = per_unit.sum()
    column = counts.sum(axis=0).astype(float)
    values = domain.astype(float) - (column @ domain) / n   # centred: the differences are the same, rounding less
    s1, s2 = counts @ values, counts @ values ** 2
    observed = (2 * (per_unit * s2 - s1 ** 2) / (per_unit - 1)).sum()
    expected = 2 * (n * (column @ values ** 2) - (column @ values) ** 2) / (n - 1)
    return float(1 - observed / expected)


def _bootstrap(counts: np.ndarray, domain: np.ndarray, level: str, resamples: int, seed: int,
               confidence: float) -> tuple[float | None, float | None, int]:
    rng = np.random.default_rng(seed)
    alphas = []
    for _ in range(resamples):
        sample = counts[rng.integers(0, len(counts), size=len(counts))]
        if _varies(sample):
            alphas.append(_alpha(sample, domain, level))
    if not alphas:
        return None, None, 0
    tail = (1 - confidence) / 2
    low, high = np.quantile(alphas, [tail, 1 - tail])
    return float(low), float(high), len(alphas)


def _too_few(n_units: int, minimum: int) -> str:
    scored = "interaction was" if n_units == 1 else "interactions were"
    return (f"Only {n_units} {scored} scored by two or more reviewers; agreement needs at least {minimum} "
            f"before its numbers mean anything.")
