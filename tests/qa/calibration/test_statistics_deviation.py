"""Deviation from gold in points of the total, on the scorecard engine's worked example.

Gold answers the worked example (tests/scorecards/definition_builders.py) as the engine tests do:
opening 100 %, resolution (3·1 + 1·0.5 + 2·0.5)/6 = 75 %, compliance 100 %, bonus 5 → 92.5.
"""
import pytest

from qa.calibration.deviation import deviation_from_gold
from scorecards.definition import parse_definition
from tests.scorecards.definition_builders import worked_example

GOLD = {"greeting": "yes", "introduction": "na", "accurate": "yes", "empathy": "3", "process": "partial",
        "verification": "yes", "went_beyond": "yes"}
DEFINITION = parse_definition(worked_example())


def deviation(**changes):
    return deviation_from_gold(DEFINITION, {"ann": GOLD | changes}, GOLD)["ann"]


def test_matching_gold_is_even():
    result = deviation()
    assert result.differing == () and result.points == 0 and result.direction == "even"
    assert result.n_criteria == result.n_matching == 7


def test_a_higher_scale_point_is_lenient_by_its_points():
    # Empathy 5: resolution (3 + 1 + 1)/6 = 5/6, total 20 + 50·5/6 + 30 + 5; 50/12 points above gold.
    result = deviation(empathy="5")
    (empathy,) = result.differing
    assert (empathy.criterion, empathy.answer, empathy.gold) == ("empathy", "5", "3")
    assert empathy.points == pytest.approx(50 / 12) and empathy.direction == "lenient"
    assert result.points == pytest.approx(50 / 12) and result.direction == "lenient" and result.n_matching == 6


def test_missing_a_form_critical_failure_costs_the_whole_score():
    result = deviation(verification="no")
    assert result.differing[0].points == pytest.approx(-92.5) and result.differing[0].direction == "strict"
    assert result.points == pytest.approx(-92.5) and result.direction == "strict"


def test_a_section_critical_failure_costs_the_section():
    # Accurate "no" sets resolution to 0 %: 20 + 0 + 30 + 5 = 55.
    assert deviation(accurate="no").points == pytest.approx(55 - 92.5)


def test_a_different_answer_that_changes_nothing_is_even():
    # Introduction yes instead of N/A: greeting and introduction both yes, opening stays 100 %.
    result = deviation(introduction="yes")
    (introduction,) = result.differing
    assert introduction.points == 0 and introduction.direction == "even"
    assert result.points == 0 and result.direction == "even"


def test_an_unanswered_criterion_differs_and_drops_out_of_the_score():
    # Without empathy, resolution is (3 + 1)/5 = 80 %: 20 + 40 + 30 + 5 = 95, 2.5 above gold.
    (empathy,) = deviation(empathy=None).differing
    assert empathy.answer is None and empathy.points == pytest.approx(2.5) and empathy.direction == "lenient"


def test_criterion_points_need_not_add_up_to_the_total():
    # Each alone lifts resolution; together they would make 105, which stops at 100.
    result = deviation(empathy="5", process="full")
    by_key = {item.criterion: item.points for item in result.differing}
    assert by_key == {"empathy": pytest.approx(50 / 12), "process": pytest.approx(7.5)}
    assert result.points == pytest.approx(7.5)


def test_each_rater_separately_and_unanswered_gold_is_not_compared():
    gold = GOLD | {"went_beyond": None}
    results = deviation_from_gold(DEFINITION, {"ann": GOLD, "bob": GOLD | {"empathy": "1"}}, gold)
    assert set(results) == {"ann", "bob"}
    assert results["ann"].n_criteria == 6 and results["ann"].differing == ()
    # Ann answered went_beyond, which gold left open: her total has the bonus, gold's does not.
    assert results["ann"].points == pytest.approx(5)
    # Empathy 1: resolution (3 + 0 + 1)/6; gold without bonus is 87.5; bob drops 50·(0.5/6) points there.
    (empathy,) = results["bob"].differing
    assert empathy.points == pytest.approx(-50 * 0.5 / 6) and empathy.direction == "strict"
