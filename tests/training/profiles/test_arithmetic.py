"""The profile's arithmetic on rows made by hand: per-evaluation weighting, intervals, medians, trend, evidence."""
import math
from datetime import datetime

import pytest

from qa.calibration.leniency import LiveScore, estimate_leniency
from training.profiles import arithmetic
from training.profiles.arithmetic import EvaluationScore
from training.profiles.charts import months_between, sparkline
from training.profiles.types import TrendPoint
from training.scores import AnswerRow


def row(evaluation, key, share, weight=1.0, *, competency="empathy", agent=1, reviewer=10, when=None):
    return AnswerRow(evaluation, 100 + evaluation, agent, reviewer, None, when or datetime(2026, 2, evaluation),
                     1, key, f"Question {key}?", competency, weight, share)


def score(evaluation, value, *, agent=1, reviewer=10, when=None):
    when = when or datetime(2026, 2, 1)
    return EvaluationScore(evaluation, 100 + evaluation, agent, reviewer, when, "empathy", value, f"{when:%Y-%m}")


def test_each_evaluation_is_the_weighted_share_of_its_criteria_and_counts_once():
    rows = [row(1, "words", 1.0, 1), row(1, "tone", 0.5, 3),        # (1 + 1.5) / 4 = 62.5
            row(2, "kind", 0.0, 1),                                  # 0
            row(2, "other", 1.0, 2, competency="communication")]     # another competency: its own score
    scores = {(s.evaluation_id, s.competency): s.score for s in arithmetic.evaluation_scores(rows)}
    assert scores == {(1, "empathy"): 62.5, (2, "empathy"): 0.0, (2, "communication"): 100.0}


def test_the_t_factor_matches_the_table_and_the_expansion_beyond_it():
    assert arithmetic.t_975(1) == 12.7062
    assert arithmetic.t_975(4) == 2.7764
    assert arithmetic.t_975(30) == 2.0423
    assert arithmetic.t_975(40) == pytest.approx(2.0211, abs=1e-4)
    assert arithmetic.t_975(120) == pytest.approx(1.9799, abs=1e-4)
    assert arithmetic.t_975(100_000) == pytest.approx(1.95996, abs=1e-4)
    with pytest.raises(ValueError):
        arithmetic.t_975(0)


def test_an_estimate_is_the_mean_with_a_t_interval_clipped_to_0_100():
    estimate = arithmetic.estimate([60.0, 70.0, 80.0, 90.0, 100.0], 9, 5)
    # mean 80, sd √250, t(0.975, 4) = 2.7764
    half = 2.7764 * math.sqrt(250) / math.sqrt(5)
    assert (estimate.score, estimate.n_evaluations, estimate.n_answers) == (80.0, 5, 9)
    assert (estimate.low, estimate.high) == (pytest.approx(80 - half), pytest.approx(80 + half))
    assert estimate.reason is None
    near_top = arithmetic.estimate([90.0, 100.0, 100.0], 3, 3)   # 96.7 ± 4.3027 × 5.77 / √3 = ± 14.3
    assert near_top.high == 100.0
    assert near_top.low == pytest.approx(290 / 3 - 4.3027 * math.sqrt(100 / 3) / math.sqrt(3))


def test_one_evaluation_has_no_interval_and_few_say_so_while_the_score_stays():
    one = arithmetic.estimate([40.0], 2, 5)
    assert (one.score, one.low, one.high) == (40.0, None, None)
    assert one.reason == "Only 1 evaluation scored this; at least 5 are needed before it is acted on."
    none = arithmetic.estimate([], 0, 5, nothing="Nothing here.")
    assert (none.score, none.n_evaluations, none.reason) == (None, 0, "Nothing here.")
    same = arithmetic.estimate([50.0, 50.0], 2, 2)
    assert (same.low, same.high, same.reason) == (50.0, 50.0, None)


def test_the_team_median_counts_members_with_enough_evaluations_and_needs_three():
    scores = {1: [100.0] * 5, 2: [50.0] * 5, 3: [0.0] * 4, 4: [20.0, 40.0, 60.0, 80.0, 100.0], 9: [0.0] * 9}
    assert arithmetic.team_median(scores, [1, 2, 3], 5, 3) == (
        None, "Only 2 agents in the team had 5 or more evaluations on this; the team median needs at least 3.")
    assert arithmetic.team_median(scores, [1, 2, 3, 4], 5, 3) == (60.0, None)   # 100, 50, 60; 3 and 9 left out
    assert arithmetic.team_median(scores, [1, 2, 4, 9], 5, 3) == (55.0, None)   # even count: between 50 and 60


def test_the_trend_is_the_mean_per_month_oldest_first():
    trend = arithmetic.monthly_trend([score(1, 80.0, when=datetime(2026, 3, 2)),
                                      score(2, 40.0, when=datetime(2026, 1, 31)),
                                      score(3, 60.0, when=datetime(2026, 1, 1))])
    assert trend == (TrendPoint("2026-01", 50.0, 2), TrendPoint("2026-03", 80.0, 1))


def test_adjusted_scores_are_the_leniency_models_and_absent_without_overlap():
    # Reviewer 10 gives 100, reviewer 20 gives 40; agent 1 is mostly seen by 10, agent 2 mostly by 20.
    plan = [(1, 10, 100.0), (1, 10, 100.0), (1, 10, 100.0), (1, 20, 40.0),
            (2, 20, 40.0), (2, 20, 40.0), (2, 20, 40.0), (2, 10, 100.0)]
    scores = [score(n, value, agent=agent, reviewer=reviewer) for n, (agent, reviewer, value) in enumerate(plan, 1)]
    adjusted, reason = arithmetic.adjusted_scores(scores)
    model = estimate_leniency([LiveScore(s.reviewer_id, s.agent_id, s.interaction_id, "2026-02", s.score)
                               for s in scores])
    assert reason is None
    assert adjusted == {1: pytest.approx(model.agents[1].adjusted), 2: pytest.approx(model.agents[2].adjusted)}
    assert adjusted[1] < 85.0 and adjusted[2] > 55.0           # the raw means, pulled toward each other
    assert arithmetic.adjusted_scores(scores[:3])[1].startswith("Leniency needs two or more reviewers")
    assert arithmetic.adjusted_scores([score(1, 50.0, reviewer=None)]) == (
        {}, "No evaluation in the window has a reviewer to adjust for.")


def test_evidence_is_the_lowest_shares_newest_first_among_equals_at_most_five():
    rows = [row(1, "a", 0.0, when=datetime(2026, 1, 5)), row(2, "a", 0.5, when=datetime(2026, 1, 6)),
            row(3, "a", 0.0, when=datetime(2026, 1, 7)), row(4, "a", 1.0, when=datetime(2026, 1, 8)),
            row(5, "a", 0.25, when=datetime(2026, 1, 9)), row(6, "a", 0.0, when=datetime(2026, 1, 7)),
            row(7, "a", 0.75, when=datetime(2026, 1, 1))]
    picked = arithmetic.lowest_answers(rows)
    assert [r.evaluation_id for r in picked] == [6, 3, 1, 5, 2]   # 6 and 3 at the same time: the later id first
    assert all(r.share < 1 for r in arithmetic.lowest_answers(rows, limit=10))


def test_the_sparkline_spaces_every_month_and_marks_the_threshold():
    months = months_between(datetime(2025, 11, 15).date(), datetime(2026, 2, 1).date())
    assert months == ["2025-11", "2025-12", "2026-01", "2026-02"]
    line = sparkline([TrendPoint("2025-12", 100.0, 1), TrendPoint("2026-02", 0.0, 6)], months, 75, 5)
    assert [(p.x, p.y, p.few) for p in line.points] == [(68.0, 4.0, True), (196.0, 36.0, False)]
    assert line.threshold_y == 12.0 and line.polyline == "68.0,4.0 196.0,36.0"
