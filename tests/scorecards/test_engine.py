"""The scoring rules, each on the worked example computed by hand.

The example (tests/scorecards/definition_builders.py, pass mark 80):
  opening     weight 20: greeting (yes_no, w1), introduction (yes_no_na, w1)
  resolution  weight 50: accurate (yes_no, w3, critical: section), empathy (scale 1–5, w1),
                         process (points full 2 / partial 1 / none 0, w2)
  compliance  weight 30: verification (yes_no, w1, critical: form)
  extra_mile  bonus, weight 5: went_beyond (yes_no, w1)
"""
import pytest

from qa.errors import Refused
from scorecards.definition import parse_definition
from scorecards.engine import InvalidAnswer, score
from tests.scorecards.definition_builders import criterion, definition, section, worked_example

GOOD = {"greeting": "yes", "introduction": "na", "accurate": "yes", "empathy": "3", "process": "partial",
        "verification": "yes", "went_beyond": "yes"}


def _score(answers=None, channel=None, **extra):
    return score(parse_definition(worked_example(**extra)), GOOD if answers is None else answers, channel)


def test_the_worked_example():
    result = _score()
    # opening: introduction is N/A, so greeting carries it: 100 %.
    # resolution: (3·1 + 1·0.5 + 2·0.5) / 6 = 75 %.  compliance: 100 %.
    # total: (20·100 + 50·75 + 30·100) / 100 = 87.5, plus the bonus 5 · 100 % = 5 → 92.5.
    assert [(s.key, s.percent) for s in result.sections] == [
        ("opening", 100), ("resolution", 75), ("compliance", 100), ("extra_mile", 100)]
    assert result.total == 92.5 and result.bonus_points == 5
    assert result.passed is True and result.complete and result.missing == [] and result.auto_fail_reason is None
    # Points of the total: greeting has all of opening's 20; accurate 3/6 of resolution's 50 = 25, …
    criteria = result.criteria
    assert (criteria["greeting"].earned, criteria["greeting"].possible) == (20, 20)
    assert criteria["introduction"].na and criteria["introduction"].possible == 0
    assert (criteria["accurate"].earned, criteria["accurate"].possible) == (25, 25)
    assert criteria["empathy"].possible == pytest.approx(50 / 6) and criteria["empathy"].earned == pytest.approx(25 / 6)
    assert criteria["empathy"].fraction == 0.5
    assert criteria["process"].possible == pytest.approx(100 / 6) and criteria["process"].earned == pytest.approx(50 / 6)
    assert (criteria["verification"].earned, criteria["went_beyond"].earned) == (30, 5)
    assert sum(c.earned for key, c in criteria.items() if key != "went_beyond") == pytest.approx(87.5)


def test_fractions_of_scale_and_points_answers():
    fractions = {value: _score(GOOD | {"empathy": value}).criteria["empathy"].fraction for value in "12345"}
    assert fractions == {"1": 0, "2": 0.25, "3": 0.5, "4": 0.75, "5": 1}
    points = {value: _score(GOOD | {"process": value}).criteria["process"].fraction
              for value in ("full", "partial", "none")}
    assert points == {"full": 1, "partial": 0.5, "none": 0}


def test_a_section_critical_failure_zeroes_only_its_section():
    result = _score(GOOD | {"accurate": "no"})
    resolution = result.sections[1]
    assert (resolution.percent, resolution.failed_by) == (0, "accurate")
    # (20·100 + 50·0 + 30·100) / 100 = 50, plus the bonus 5.
    assert result.total == 55 and result.passed is False and result.auto_fail_reason is None
    assert result.criteria["empathy"].earned == 0 and result.criteria["empathy"].possible == pytest.approx(50 / 6)


def test_the_scale_minimum_of_a_critical_scale_fails_it():
    data = worked_example()
    data["sections"][1]["criteria"][1]["critical"] = "section"
    result = score(parse_definition(data), GOOD | {"empathy": "1"})
    assert result.sections[1].failed_by == "empathy" and result.sections[1].percent == 0


def test_a_form_critical_failure_fails_everything_and_says_why():
    result = _score(GOOD | {"verification": "no"})
    assert result.total == 0 and result.bonus_points == 0 and result.passed is False
    assert result.auto_fail_reason == 'Critical criterion "Did the agent do verification?" (verification) was failed.'
    assert all(c.earned == 0 for c in result.criteria.values())


def test_an_all_na_section_drops_out_and_the_others_share_its_weight():
    data = worked_example()
    data["sections"][0]["criteria"] = [criterion("greeting", "yes_no_na"), criterion("introduction", "yes_no_na")]
    result = score(parse_definition(data), GOOD | {"greeting": "na"})
    assert result.sections[0].percent is None
    # (50·75 + 30·100) / 80 = 84.375, plus 5.
    assert result.total == 89.375
    assert sum(c.possible for key, c in result.criteria.items() if key != "went_beyond") == pytest.approx(100)


def test_missing_answers_are_left_out_and_listed():
    answers = dict(GOOD)
    del answers["empathy"]
    result = _score(answers | {"process": None, "went_beyond": ""})
    assert result.missing == ["empathy", "process", "went_beyond"] and not result.complete
    assert not result.criteria["empathy"].na and result.criteria["empathy"].fraction is None
    # resolution is accurate alone: 100 %; no bonus answered.
    assert result.total == 100 and result.bonus_points == 0


def test_the_bonus_is_capped_at_100_unless_the_scorecard_allows_more():
    perfect = GOOD | {"empathy": "5", "process": "full"}
    assert _score(perfect).total == 100
    over = _score(perfect, allow_over_100=True)
    assert over.total == 105 and over.bonus_points == 5


def test_everything_na_has_no_total():
    data = definition(section("only", criterion("a", "yes_no_na"), criterion("b", "yes_no_na")), pass_mark=50)
    result = score(parse_definition(data), {"a": "na", "b": "na"})
    assert result.total is None and result.passed is False and result.complete
    assert result.sections[0].percent is None
    data.pop("pass_mark")
    assert score(parse_definition(data), {"a": "na", "b": "na"}).passed is None


def test_passing_is_at_or_above_the_pass_mark():
    data = definition(section("s", criterion("a", weight=4), criterion("b", weight=1)), pass_mark=80)
    assert score(parse_definition(data), {"a": "yes", "b": "no"}).passed is True    # exactly 80
    data["pass_mark"] = 80.5
    assert score(parse_definition(data), {"a": "yes", "b": "no"}).passed is False
    data.pop("pass_mark")
    assert score(parse_definition(data), {"a": "yes", "b": "no"}).passed is None


def test_a_criterion_for_other_channels_is_na_whatever_was_answered():
    data = worked_example()
    data["sections"][0]["criteria"][0]["channels"] = ["email"]
    definition_ = parse_definition(data)
    on_phone = score(definition_, GOOD | {"greeting": "no"}, channel="phone")
    assert on_phone.criteria["greeting"].na and on_phone.sections[0].percent is None
    assert score(definition_, GOOD | {"greeting": "na"}, channel="phone").total == on_phone.total
    unanswered = dict(GOOD)
    del unanswered["greeting"]
    assert score(definition_, unanswered, channel="phone").complete
    assert score(definition_, GOOD | {"greeting": "no"}, channel="email").sections[0].percent == 0


@pytest.mark.parametrize("answers, message", [
    ({"greting": "yes"}, '"greting" is not a criterion'),
    ({"greeting": "na"}, r'"na" is not an answer to "Did the agent do greeting\?" \(greeting\); the answers are yes, no'),
    ({"empathy": "6"}, "the answers are 1, 2, 3, 4, 5"),
    ({"empathy": "3.0"}, "the answers are 1, 2, 3, 4, 5"),
    ({"process": "some"}, "the answers are full, partial, none"),
    ({"introduction": "YES"}, "the answers are yes, no, na"),
])
def test_answers_the_definition_does_not_allow_are_refused(answers, message):
    with pytest.raises(InvalidAnswer, match=message) as caught:
        _score(GOOD | answers)
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, Refused)
    assert caught.value.criterion_key == next(iter(answers))


def test_the_breakdown_serialises_to_plain_json():
    data = _score(GOOD | {"accurate": "no"}).to_dict()
    assert data["total"] == 55 and data["sections"][1] == {
        "key": "resolution", "name": "Resolution", "percent": 0.0, "weight": 50, "bonus": False,
        "failed_by": "accurate"}
    assert data["criteria"]["greeting"] == {"earned": 20.0, "possible": 20.0, "fraction": 1.0, "na": False}
