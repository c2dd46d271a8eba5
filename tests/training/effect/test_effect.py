"""One agent's effect on constructed scores: per-evaluation scores, the windows' edges, Welch's interval against
hand-worked examples, too few, no spread, and an after window still in progress."""
import math
from datetime import datetime, timedelta

import pytest

from training.effect.effect import (EvaluationScore, evaluation_scores, measure_agent, mean_interval,
                                    welch_difference)
from training.scores import AnswerRow

PIVOT = datetime(2026, 3, 1, 12, 0)
DAY = timedelta(days=1)
LATER = PIVOT + 100 * DAY


def row(evaluation_id, competency, weight, share, *, agent_id=1, at=PIVOT, key=None):
    return AnswerRow(evaluation_id, 100 + evaluation_id, agent_id, 9, None, at, 1, key or f"{competency}-{weight}",
                     "?", competency, float(weight), float(share))


def scored(*points, agent_id=1):
    """(days from the pivot, score) → EvaluationScores."""
    return [EvaluationScore(i, agent_id, PIVOT + timedelta(days=days), score) for i, (days, score) in
            enumerate(points, start=1)]


def test_each_evaluation_scores_the_weighted_share_of_its_targeted_criteria():
    rows = [row(1, "empathy", 1, 1.0), row(1, "empathy", 2, 0.5), row(1, "communication", 1, 0.0),
            row(2, "communication", 1, 1.0)]
    [only] = evaluation_scores(rows, ["empathy"])  # evaluation 2 answers no empathy criterion: it does not count
    assert (only.evaluation_id, only.score) == (1, pytest.approx(100 * (1 * 1 + 2 * 0.5) / 3))
    both = evaluation_scores(rows, ["empathy", "communication"])
    assert [s.score for s in both] == [pytest.approx(100 * 2 / 4), pytest.approx(100.0)]


def test_windows_are_the_same_length_either_side_and_the_pivot_belongs_to_neither():
    at = {"edge before": PIVOT - 30 * DAY, "too early": PIVOT - 30 * DAY - timedelta(seconds=1),
          "just before": PIVOT - timedelta(seconds=1), "pivot": PIVOT, "just after": PIVOT + timedelta(seconds=1),
          "edge after": PIVOT + 30 * DAY, "too late": PIVOT + 30 * DAY + timedelta(seconds=1)}
    value = {name: float(i) for i, name in enumerate(at)}
    scores = [EvaluationScore(i, 1, when, value[name]) for i, (name, when) in enumerate(at.items())]
    effect = measure_agent(scores, PIVOT, 30, LATER)
    assert effect.before.scores == (value["edge before"], value["just before"])
    assert effect.after.scores == (value["just after"], value["edge after"])
    assert (effect.before.start, effect.before.end) == (PIVOT - 30 * DAY, PIVOT)
    assert effect.after.end == PIVOT + 30 * DAY


def test_welch_interval_with_whole_degrees_of_freedom():
    """Worked by hand: means 70 and 85, both variances 100 with n = 3, so se = √(100/3 + 100/3) = 8.165 and
    df = (200/3)² / (2 · (100/3)² / 2) = 4; the table's t(0.975, 4) = 2.776 gives 15 ± 22.67."""
    effect = measure_agent(scored((-20, 60), (-10, 70), (-5, 80), (3, 75), (9, 85), (20, 95)), PIVOT, 30, LATER)
    d = effect.difference
    assert (effect.before.mean, effect.after.mean, effect.before.n, effect.after.n) == (70, 85, 3, 3)
    assert d.estimate == pytest.approx(15)
    assert d.se == pytest.approx(math.sqrt(200 / 3))
    assert d.df == pytest.approx(4)
    assert (d.low, d.high) == (pytest.approx(15 - 22.67, abs=0.01), pytest.approx(15 + 22.67, abs=0.01))
    assert effect.measured and not effect.in_progress


def test_welch_interval_with_fractional_degrees_of_freedom():
    """Worked by hand: before 50…90 (n 5, mean 70, variance 250), after 80, 90, 100 (n 3, mean 90, variance 100).
    se² = 250/5 + 100/3 = 250/3, se = 9.129; df = (250/3)² / (50²/4 + (100/3)²/2) = 62500/10625 = 100/17 ≈ 5.88;
    t(0.975, 5.88) = 2.459 (the table between 5 and 6, interpolated in 1/df): 20 ± 22.45."""
    d = welch_difference([50, 60, 70, 80, 90], [80, 90, 100])
    assert d.estimate == pytest.approx(20)
    assert d.df == pytest.approx(100 / 17)
    assert d.se == pytest.approx(math.sqrt(250 / 3))
    assert d.high - d.estimate == pytest.approx(2.459 * math.sqrt(250 / 3), abs=0.01)
    assert d.n == 8


def test_one_flat_window_still_has_an_interval_from_the_other():
    d = welch_difference([80, 80, 80], [70, 80, 90])
    assert d.estimate == pytest.approx(0)
    assert d.df == pytest.approx(2)  # all the spread is the after window's: n − 1
    assert d.high == pytest.approx(4.303 * 10 / math.sqrt(3), abs=0.01)


def test_too_few_evaluations_give_a_reason_and_no_number():
    effect = measure_agent(scored((-3, 60), (-2, 70), (-1, 80), (1, 90), (2, 95)), PIVOT, 30, LATER)
    d = effect.difference
    assert d.estimate is None and d.low is None
    assert "3 before and 2 after" in d.reason and "at least 3" in d.reason
    assert not effect.measured


def test_no_spread_in_either_window_gives_a_reason():
    d = welch_difference([80, 80, 80], [90, 90, 90])
    assert d.estimate is None
    assert "no spread" in d.reason


def test_an_after_window_not_over_is_in_progress_with_partial_numbers():
    scores = scored((-20, 60), (-10, 70), (-5, 80), (1, 75), (4, 85), (8, 95), (15, 100))
    effect = measure_agent(scores, PIVOT, 30, now=PIVOT + 10 * DAY)
    assert effect.in_progress and effect.days_to_go == 20
    assert effect.after.scores == (75, 85, 95)        # up to now only
    assert effect.after.end == PIVOT + 10 * DAY
    assert effect.difference.estimate == pytest.approx(15)  # the partial numbers, shown as such
    assert not effect.measured
    almost = measure_agent(scores, PIVOT, 30, now=PIVOT + 29 * DAY + timedelta(hours=1))
    assert almost.days_to_go == 1
    assert measure_agent(scores, PIVOT, 30, now=PIVOT + 30 * DAY).days_to_go == 0


def test_mean_over_agents_needs_three_and_some_spread():
    interval = mean_interval([10, 20, 30])
    assert interval.estimate == 20 and interval.df == 2
    assert interval.high == pytest.approx(20 + 4.303 * 10 / math.sqrt(3), abs=0.01)
    assert mean_interval([10, 20]).reason.startswith("Too few agents")
    assert "same amount" in mean_interval([5, 5, 5]).reason
