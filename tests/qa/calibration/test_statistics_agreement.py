"""Percent agreement and Krippendorff's alpha, against Krippendorff's published examples and by hand.

The published data is from K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011):
section A (two observers, binary, α = 0.095) and section C (four observers, twelve units, values 1–5,
missing data; α nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797).
"""
import math

import krippendorff
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.calibration.agreement import NO_VARIATION, agreement, flagged, overall_agreement, totals_agreement, uncertain
from qa.calibration.ratings import Ratings

# Section C: rows are observers A–D, columns units 1–12, None where an observer gave no value.
PAPER = [[1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
         [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None]]
# Section A: observers A and B, ten units, 1 and 0 read here as yes and no.
BINARY = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
          [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
SCALE = tuple("12345")
YES_NO = {"y": "yes", "n": "no"}   # so a test can spell a column of answers as "yyny"


def by_unit(rows, convert=str):
    """unit → {observer: value} from observers × units rows."""
    return {f"unit{u + 1}": {f"observer{r}": None if row[u] is None else convert(row[u])
                             for r, row in enumerate(rows)} for u in range(len(rows[0]))}


def paper_scale(**options):
    return agreement(Ratings.from_answers("scale", SCALE, by_unit(PAPER)), **options)


@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849),
                                              ("ratio", 0.797)])
def test_the_package_reproduces_krippendorffs_published_values(level, published):
    data = [[np.nan if value is None else value for value in row] for row in PAPER]
    assert round(krippendorff.alpha(reliability_data=data, level_of_measurement=level), 3) == published


def test_a_scale_criterion_on_the_papers_data_is_ordinal_alpha():
    result = paper_scale()
    assert result.level == "ordinal" and round(result.alpha, 3) == 0.815 and result.reason is None
    # The paper's coincidence matrix totals 40 pairable values over the 11 units with two or more.
    assert (result.n_units, result.n_pairable) == (11, 40)


def test_percent_agreement_by_hand_on_the_papers_data():
    # Pairs per unit (agreeing/all): 3/3, 3/6, 6/6, 6/6, 6/6, 0/6, 6/6, 3/6, 6/6, 3/3, 1/1; unit 12 has one value.
    result = paper_scale()
    assert (result.n_agreeing_pairs, result.n_pairs) == (43, 55)
    assert result.percent_agreement == pytest.approx(100 * 43 / 55)


def test_a_points_criterion_is_ordinal_by_its_options_order():
    keys = ("none", "little", "some", "most", "all")
    answers = by_unit(PAPER, convert=lambda value: keys[value - 1])
    assert round(agreement(Ratings.from_answers("points", keys, answers)).alpha, 3) == 0.815


def test_totals_are_interval_alpha():
    result = totals_agreement(by_unit(PAPER, convert=float))
    assert result.level == "interval" and round(result.alpha, 3) == 0.849


def test_krippendorffs_binary_example():
    # o(0,1) = 4, n0 = 14, n1 = 6, n = 20: α = 1 − (n − 1)·o01 / (n0·n1) = 1 − 76/84.
    answers = by_unit(BINARY, convert=lambda value: "yes" if value else "no")
    result = agreement(Ratings.from_answers("yes_no", ("no", "yes"), answers))
    assert result.level == "nominal"
    assert result.alpha == pytest.approx(1 - 76 / 84) and round(result.alpha, 3) == 0.095
    assert result.percent_agreement == pytest.approx(60)


def test_hand_computed_three_reviewers_with_na_and_gaps():
    answers = {"i1": {"ann": "yes", "bob": "yes", "cat": "yes"},
               "i2": {"ann": "yes", "bob": "yes", "cat": "no"},
               "i3": {"ann": "no", "bob": "no", "cat": "na"},
               "i4": {"ann": "yes", "bob": "no"},
               "i5": {"ann": "yes", "bob": "yes", "cat": "yes"},
               "i6": {"ann": "na", "bob": "na", "cat": "yes"}}
    result = agreement(Ratings.from_answers("yes_no_na", ("no", "yes"), answers))
    # Coincidences, each pair weighted 1/(m − 1): o_yy = 3 + 1 + 0 + 0 + 3 = 7, o_nn = 2, o_yn = 1 + 1 = 2;
    # n_yes = 9, n_no = 4, n = 13. α = 1 − 12·2 / (9·4) = 1/3. i6 has one rating once N/A is left out.
    assert result.alpha == pytest.approx(1 / 3)
    assert (result.n_units, result.n_pairable, result.n_na) == (5, 13, 3)
    assert (result.n_agreeing_pairs, result.n_pairs) == (8, 11)


def test_na_is_left_out_not_a_category():
    with_na = {"i1": {"a": "yes", "b": "na"},
               **{f"i{n}": {"a": YES_NO[v], "b": YES_NO[v]} for n, v in enumerate("yynny", 2)}}
    without = {unit: {rater: value for rater, value in row.items() if value != "na"} for unit, row in with_na.items()}
    assert (agreement(Ratings.from_answers("yes_no_na", ("no", "yes"), with_na)).alpha
            == agreement(Ratings.from_answers("yes_no_na", ("no", "yes"), without)).alpha == 1.0)


def test_the_interval_contains_the_estimate_and_repeats_by_seed():
    first, again, other = paper_scale(seed=7), paper_scale(seed=7), paper_scale(seed=8)
    assert first.ci_low <= first.alpha <= first.ci_high
    assert (first.ci_low, first.ci_high) == (again.ci_low, again.ci_high)
    assert (first.ci_low, first.ci_high) != (other.ci_low, other.ci_high)
    assert first.n_resamples == 1000 and first.confidence == 0.95


def test_the_interval_narrows_with_more_interactions():
    once = by_unit(PAPER)
    four_times = {f"{unit}-{copy}": row for copy in range(4) for unit, row in once.items()}
    narrow = agreement(Ratings.from_answers("scale", SCALE, four_times))
    wide = paper_scale()
    assert narrow.ci_high - narrow.ci_low < 0.7 * (wide.ci_high - wide.ci_low)


def test_a_lower_confidence_gives_a_narrower_interval():
    wide, narrow = paper_scale(confidence=0.95), paper_scale(confidence=0.5)
    assert wide.ci_low <= narrow.ci_low <= narrow.ci_high <= wide.ci_high


def test_resamples_without_variation_are_left_out():
    # One "no" in six interactions: about a third of resamples miss it and have no alpha.
    answers = {f"i{n}": {"a": "yes", "b": "yes"} for n in range(5)} | {"i5": {"a": "yes", "b": "no"}}
    result = agreement(Ratings.from_answers("yes_no", ("no", "yes"), answers))
    assert result.alpha is not None and 0 < result.n_resamples < 1000


def test_no_bootstrap_means_no_interval():
    result = paper_scale(bootstrap=0)
    assert result.alpha is not None and (result.ci_low, result.ci_high, result.n_resamples) == (None, None, 0)


def test_too_few_interactions_give_a_reason_not_numbers():
    one = agreement(Ratings.from_answers("yes_no", ("no", "yes"), {"i1": {"a": "yes", "b": "no"}, "i2": {"a": "no"}}))
    assert one.reason.startswith("Only 1 interaction was scored by two or more reviewers")
    assert (one.alpha, one.percent_agreement, one.ci_low, one.n_units) == (None, None, None, 1)
    four = {f"i{n}": {"a": "yes", "b": YES_NO[v]} for n, v in enumerate("yyny")}
    assert "at least 5" in agreement(Ratings.from_answers("yes_no", ("no", "yes"), four)).reason
    assert agreement(Ratings.from_answers("yes_no", ("no", "yes"), four), minimum_units=3).alpha is not None


def test_no_variation_says_alpha_is_undefined():
    answers = {f"i{n}": {"a": "yes", "b": "yes", "c": "yes"} for n in range(8)}
    result = agreement(Ratings.from_answers("yes_no", ("no", "yes"), answers))
    assert result.reason == NO_VARIATION == "Every rating was the same; alpha is undefined, agreement is 100%."
    assert (result.alpha, result.percent_agreement) == (None, 100.0)


def test_the_package_has_no_number_without_variation():
    # Why agreement() checks first: 0/0 here, and a ValueError when the domain is left to the data.
    with np.errstate(invalid="ignore"):
        assert math.isnan(krippendorff.alpha(value_counts=[[2, 0], [3, 0]], level_of_measurement="nominal"))
    with pytest.raises(ValueError):
        krippendorff.alpha(reliability_data=[[1, 1], [1, 1]], level_of_measurement="nominal")


def test_the_flag_is_on_the_estimate_and_uncertain_when_the_interval_straddles():
    result = paper_scale()     # α 0.815, interval about 0.45–1
    assert not flagged(result) and uncertain(result)
    assert flagged(result, bar=0.9) and uncertain(result, bar=0.9)
    assert not flagged(result, bar=0.3) and not uncertain(result, bar=0.3)
    no_data = agreement(Ratings.from_answers("yes_no", ("no", "yes"), {}))
    assert not flagged(no_data) and not uncertain(no_data)


def test_overall_pools_pairs_over_criteria_and_takes_alpha_over_totals():
    greeting = Ratings.from_answers("yes_no", ("no", "yes"),
                                    {f"i{n}": {"a": "yes", "b": YES_NO[v]} for n, v in enumerate("yyyyn")})
    empathy = Ratings.from_answers("scale", SCALE,
                                   {f"i{n}": {"a": "3", "b": v, "c": "3"} for n, v in enumerate("33345")})
    totals = {f"i{n}": {"a": 80.0, "b": total} for n, total in enumerate([80.0, 70.0, 90.0, 60.0, 85.0])}
    result = overall_agreement([greeting, empathy], totals)
    # greeting: 4 of 5 pairs agree; empathy: 3 pairs in each of 5 interactions, 3 + 3 + 3 + 1 + 1 = 11 of 15.
    assert result.n_pairs == 20 and result.percent_agreement == pytest.approx(100 * 15 / 20)
    assert result.totals.level == "interval" and result.totals.alpha == totals_agreement(totals).alpha
    assert result.n_units == 5 and result.reason is None


def test_overall_with_too_few_interactions():
    greeting = Ratings.from_answers("yes_no", ("no", "yes"), {"i1": {"a": "yes", "b": "no"}})
    result = overall_agreement([greeting], {"i1": {"a": 50.0, "b": 100.0}})
    assert result.percent_agreement is None and result.reason.startswith("Only 1 interaction")
    assert result.totals.alpha is None and result.totals.reason


def test_equal_totals_from_different_arithmetic_count_as_equal():
    totals = {f"i{n}": {"a": 200 / 3, "b": 100 - 100 / 3} for n in range(6)}
    assert 200 / 3 != 100 - 100 / 3
    assert totals_agreement(totals).reason == NO_VARIATION


unit_values = st.lists(st.sampled_from(SCALE), min_size=5, max_size=30).filter(lambda values: len(set(values)) > 1)


@given(unit_values, st.integers(min_value=2, max_value=5))
def test_identical_reviewers_agree_perfectly(values, n_raters):
    answers = {f"i{n}": {f"r{r}": value for r in range(n_raters)} for n, value in enumerate(values)}
    result = agreement(Ratings.from_answers("scale", SCALE, answers), bootstrap=0)
    assert result.alpha == pytest.approx(1.0) and result.percent_agreement == 100.0


@given(st.lists(st.tuples(st.sampled_from(SCALE), st.sampled_from(SCALE), st.sampled_from(SCALE)), min_size=5,
                max_size=25), st.randoms())
def test_the_order_of_reviewers_and_interactions_does_not_matter(rows, random):
    answers = {f"i{n}": {"a": x, "b": y, "c": z} for n, (x, y, z) in enumerate(rows)}
    shuffled_units = list(answers)
    random.shuffle(shuffled_units)
    shuffled = {unit: dict(reversed(list(answers[unit].items()))) for unit in shuffled_units}
    first = agreement(Ratings.from_answers("scale", SCALE, answers), bootstrap=0)
    second = agreement(Ratings.from_answers("scale", SCALE, shuffled), bootstrap=0)
    assert first.percent_agreement == second.percent_agreement and first.reason == second.reason
    assert first.alpha == second.alpha or first.alpha == pytest.approx(second.alpha)
    assert first.alpha is None or first.alpha <= 1 + 1e-12
