"""The Ratings table: value domains from scorecard criteria, levels, N/A and blanks, and bad input."""
import pytest

from qa.calibration.ratings import Ratings, value_domain
from scorecards.definition import parse_definition
from tests.scorecards.definition_builders import criterion, definition, section

POINTS_OUT_OF_ORDER = [{"key": "partial", "label": "Partly", "points": 1},
                       {"key": "full", "label": "Fully", "points": 2},
                       {"key": "none", "label": "Not at all", "points": 0}]


def parsed(*criteria):
    return parse_definition(definition(section("main", *criteria)))


def test_value_domains_follow_the_answer_type_lowest_first():
    scorecard = parsed(criterion("greeting"), criterion("intro", "yes_no_na"), criterion("empathy", "scale"),
                       criterion("process", "points", options=POINTS_OUT_OF_ORDER))
    assert value_domain(scorecard.criterion("greeting")) == ("no", "yes")
    assert value_domain(scorecard.criterion("intro")) == ("no", "yes")           # N/A is not a rating
    assert value_domain(scorecard.criterion("empathy")) == ("1", "2", "3", "4", "5")
    assert value_domain(scorecard.criterion("process")) == ("none", "partial", "full")   # by points


def test_levels_follow_the_answer_type():
    scorecard = parsed(criterion("greeting"), criterion("intro", "yes_no_na"), criterion("empathy", "scale"),
                       criterion("process", "points"))
    levels = {key: Ratings.for_criterion(scorecard.criterion(key), {}).level
              for key in ("greeting", "intro", "empathy", "process")}
    assert levels == {"greeting": "nominal", "intro": "nominal", "empathy": "ordinal", "process": "ordinal"}


def test_blanks_are_unanswered_and_na_is_counted_but_not_a_value():
    ratings = Ratings.from_answers("yes_no_na", ("no", "yes"),
                                   {"i1": {"a": "yes", "b": ""}, "i2": {"a": "na", "c": "no"}})
    assert ratings.raters == ("a", "b", "c")
    assert ratings.cells == (("yes", None, None), ("na", None, "no"))
    assert ratings.n_na == 1
    assert ratings.value_counts().tolist() == [[0, 1], [1, 0]]


@pytest.mark.parametrize("answer_type, domain, answers, message", [
    ("yes_no", ("no", "yes"), {"i1": {"a": "maybe"}}, "'a' answered 'maybe' on 'i1'"),
    ("stars", ("1", "2"), {}, "answer type 'stars'"),
    ("scale", ("1", "1", "2"), {}, "distinct answers"),
    ("yes_no_na", ("no", "yes", "na"), {}, "leave out N/A"),
])
def test_bad_input_is_refused(answer_type, domain, answers, message):
    with pytest.raises(ValueError, match=message):
        Ratings.from_answers(answer_type, domain, answers)
