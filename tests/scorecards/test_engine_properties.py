"""The scoring rules as properties that hold for every valid scorecard and every allowed set of answers."""
import copy

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scorecards.definition import parse_definition
from scorecards.engine import score
from scorecards.validation import CHANNELS
from tests.scorecards.strategies import answers_for, definitions, weights

settings.register_profile("scorecards", deadline=None)
settings.load_profile("scorecards")
channels = st.sampled_from([None, *CHANNELS])


def _parsed_with_answers(draw, data, missing=True):
    definition = parse_definition(data)
    return definition, draw(answers_for(definition, missing=missing))


def _non_bonus(data):
    return [number for number, section in enumerate(data["sections"]) if not section.get("bonus")]


def _add_criterion(data, section_number, position, new):
    changed = copy.deepcopy(data)
    criteria = changed["sections"][section_number]["criteria"]
    criteria.insert(min(position, len(criteria)), new)
    return changed


@given(st.data(), definitions(), channels, weights, st.integers(0, 5))
def test_an_na_criterion_never_changes_the_total(data, definition_data, channel, weight, position):
    definition, answers = _parsed_with_answers(data.draw, definition_data)
    section_number = data.draw(st.integers(0, len(definition_data["sections"]) - 1))
    critical = None if definition_data["sections"][section_number].get("bonus") else data.draw(
        st.sampled_from([None, "section", "form"]))
    extra = {"key": "extra_na_criterion", "question": "?", "answer_type": "yes_no_na", "weight": weight, "critical": critical}
    with_na = parse_definition(_add_criterion(definition_data, section_number, position, extra))
    assert score(with_na, answers | {"extra_na_criterion": "na"}, channel).total == score(definition, answers, channel).total


@given(st.data(), definitions(), channels, weights, st.booleans(), st.integers(0, 5))
def test_an_all_na_section_never_changes_the_total(data, definition_data, channel, weight, bonus, position):
    definition, answers = _parsed_with_answers(data.draw, definition_data)
    changed = copy.deepcopy(definition_data)
    changed["sections"].insert(position, {"key": "extra_na_section", "name": "N/A", "weight": weight, "bonus": bonus,
                                          "criteria": [{"key": "na_criterion_one", "question": "?", "answer_type": "yes_no_na",
                                                        "weight": 1},
                                                       {"key": "na_criterion_two", "question": "?", "answer_type": "yes_no",
                                                        "weight": 2, "channels": ["email"]}]})
    result = score(parse_definition(changed), answers | {"na_criterion_one": "na", "na_criterion_two": "yes"}, "phone")
    assert result.total == score(definition, answers, "phone").total
    assert next(s for s in result.sections if s.key == "extra_na_section").percent is None


@given(st.data(), definitions(), channels, st.floats(0.01, 100))
def test_scaling_a_sections_criterion_weights_leaves_the_total_unchanged(data, definition_data, channel, factor):
    definition, answers = _parsed_with_answers(data.draw, definition_data)
    changed = copy.deepcopy(definition_data)
    for criterion in changed["sections"][data.draw(st.integers(0, len(changed["sections"]) - 1))]["criteria"]:
        criterion["weight"] *= factor
    before, after = score(definition, answers, channel).total, score(parse_definition(changed), answers, channel).total
    assert after == (None if before is None else pytest.approx(before, rel=1e-9, abs=1e-9))


@given(st.data(), definitions(), channels, st.floats(0.01, 100))
def test_scaling_every_section_weight_leaves_the_total_unchanged(data, definition_data, channel, factor):
    definition, answers = _parsed_with_answers(data.draw, definition_data)
    changed = copy.deepcopy(definition_data)
    for number in _non_bonus(changed):     # a bonus section's weight is its points, not a share
        changed["sections"][number]["weight"] *= factor
    before, after = score(definition, answers, channel).total, score(parse_definition(changed), answers, channel).total
    assert after == (None if before is None else pytest.approx(before, rel=1e-9, abs=1e-9))


@given(st.data(), definitions(bonus_sections=False), channels)
def test_without_bonus_the_total_is_between_0_and_100_and_the_earned_points_add_up_to_it(data, definition_data,
                                                                                         channel):
    definition, answers = _parsed_with_answers(data.draw, definition_data)
    result = score(definition, answers, channel)
    assert result.total is None or 0 <= result.total <= 100
    if result.total is not None and not result.auto_fail_reason and not any(s.failed_by for s in result.sections):
        assert sum(c.earned for c in result.criteria.values()) == pytest.approx(result.total, abs=1e-9)
        assert sum(c.possible for c in result.criteria.values()) == pytest.approx(100)


@given(st.data(), definitions(), channels)
def test_a_section_critical_failure_zeroes_its_section_and_nothing_else(data, definition_data, channel):
    definition, answers = _parsed_with_answers(data.draw, definition_data)
    target = data.draw(st.sampled_from(_non_bonus(definition_data)))
    critical = {"key": "critical_criterion", "question": "?", "answer_type": "yes_no", "weight": 1, "critical": "section"}
    changed = parse_definition(_add_criterion(definition_data, target, 0, critical))
    before = score(definition, answers, channel)
    result = score(changed, answers | {"critical_criterion": "no"}, channel)
    failed = result.sections[target]
    assert (failed.percent, failed.failed_by) == (0, "critical_criterion")
    assert [s.percent for n, s in enumerate(result.sections) if n != target] == [
        s.percent for n, s in enumerate(before.sections) if n != target]
    if before.auto_fail_reason:
        assert result.total == 0
        return
    counted = [(s.weight, 0 if n == target else s.percent) for n, s in enumerate(before.sections)
               if not s.bonus and (n == target or s.percent is not None)]
    expected = sum(w * p for w, p in counted) / sum(w for w, _ in counted) + before.bonus_points
    assert result.total == pytest.approx(expected if definition.allow_over_100 else min(expected, 100), abs=1e-9)


@given(st.data(), definitions(), channels)
def test_a_form_critical_failure_fails_the_evaluation_whatever_else(data, definition_data, channel):
    target = data.draw(st.sampled_from(_non_bonus(definition_data)))
    critical = {"key": "critical_criterion", "question": "Verified?", "answer_type": "yes_no", "weight": 1, "critical": "form"}
    changed = parse_definition(_add_criterion(definition_data, target, 1, critical))
    answers = data.draw(answers_for(changed, missing=True)) | {"critical_criterion": "no"}
    result = score(changed, answers, channel)
    assert result.total == 0 and result.bonus_points == 0 and "critical_criterion" in result.auto_fail_reason
    assert result.passed is (None if changed.pass_mark is None else False)
    assert all(c.earned == 0 for c in result.criteria.values())


@given(st.data(), definitions(), channels)
def test_bonus_never_lifts_the_total_over_100_unless_allowed_and_then_adds_exactly(data, definition_data, channel):
    definition, answers = _parsed_with_answers(data.draw, definition_data)
    result = score(definition, answers, channel)
    assume(result.total is not None and not result.auto_fail_reason)
    if not definition.allow_over_100:
        assert result.total <= 100
        return
    without_bonus = copy.deepcopy(definition_data)
    without_bonus["sections"] = [s for s in without_bonus["sections"] if not s.get("bonus")]
    base_definition = parse_definition(without_bonus)
    base = score(base_definition, {k: v for k, v in answers.items() if k in {c.key for _, c in
                                                                             base_definition.criteria()}}, channel)
    assert result.total == pytest.approx(base.total + result.bonus_points, abs=1e-9)


@given(st.data(), definitions(), st.sampled_from(["phone", "chat", "social"]))
def test_when_nothing_applies_there_is_no_total(data, definition_data, channel):
    only_email = copy.deepcopy(definition_data)
    only_email.pop("channels", None)
    for section in only_email["sections"]:
        for criterion in section["criteria"]:
            criterion["channels"] = ["email"]
    definition = parse_definition(only_email)
    result = score(definition, data.draw(answers_for(definition, missing=True)), channel)
    assert result.total is None and result.complete and result.missing == []
    assert all(s.percent is None for s in result.sections) and all(c.na for c in result.criteria.values())
    assert result.passed is (None if definition.pass_mark is None else False)
