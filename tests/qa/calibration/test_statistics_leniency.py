"""The leniency model on constructed worlds where the truth is known.

The main world: agents with true levels 70, 80, 90 and 60; reviewer A adds 10 to everything, B takes 10
off, C is fair. A reviews only X and Y, B only Z and W, so A and B never share an agent; C reviews all
four, which connects them.
"""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.calibration.leniency import LiveScore, estimate_leniency, leniency_trend, pairwise_difference

TRUE_LEVEL = {"X": 70.0, "Y": 80.0, "Z": 90.0, "W": 60.0}
TRUE_EFFECT = {"A": 10.0, "B": -10.0, "C": 0.0}
WHO_REVIEWS_WHOM = {"A": ("X", "Y"), "B": ("Z", "W"), "C": ("X", "Y", "Z", "W")}


def world(per_pair=10, noise=0.0, seed=0, effects=TRUE_EFFECT, reviews=WHO_REVIEWS_WHOM, period="2025-01",
          counts=None):
    rng = np.random.default_rng(seed)
    scores = []
    for reviewer, agents in reviews.items():
        for agent in agents:
            for number in range((counts or {}).get(reviewer, per_pair)):
                value = TRUE_LEVEL[agent] + effects[reviewer] + rng.normal(0, noise)
                scores.append(LiveScore(reviewer, agent, f"{period}-{reviewer}-{agent}-{number}", period, value))
    return scores


def test_the_effects_and_the_true_agent_levels_are_recovered_without_shrinkage():
    model = estimate_leniency(world(), shrinkage=0)
    assert model.converged and model.reason is None and model.n == 80
    for reviewer, effect in TRUE_EFFECT.items():
        assert model.reviewers[reviewer].effect == pytest.approx(effect, abs=1e-6)
    for agent, level in TRUE_LEVEL.items():
        assert model.agents[agent].adjusted == pytest.approx(level, abs=1e-6)
    # The raw means are off: X was half reviewed by A (+10), so it looks 5 points better than it is.
    assert model.agents["X"].raw == pytest.approx(75) and model.agents["Z"].raw == pytest.approx(85)


def test_the_average_reviewer_is_zero_however_many_reviews_each_did():
    model = estimate_leniency(world(counts={"A": 30, "B": 3, "C": 10}), shrinkage=0)
    assert [model.reviewers[name].effect for name in "ABC"] == pytest.approx([10, -10, 0], abs=1e-6)


def test_with_noise_and_default_shrinkage_the_effects_are_close():
    # 400 evaluations per reviewer and agent, noise of 5 points: standard errors of a few tenths.
    model = estimate_leniency(world(per_pair=400, noise=5.0, seed=3))
    for reviewer, effect in TRUE_EFFECT.items():
        assert model.reviewers[reviewer].effect == pytest.approx(effect, abs=1.0)
        assert model.reviewers[reviewer].reason is None
    for agent, level in TRUE_LEVEL.items():
        assert model.agents[agent].adjusted == pytest.approx(level, abs=1.0)


def test_the_adjusted_score_is_the_mean_of_score_minus_the_reviewers_effect():
    scores = world(per_pair=7, noise=4.0, seed=1)
    model = estimate_leniency(scores)
    for agent, result in model.agents.items():
        own = [item for item in scores if item.agent == agent]
        assert result.n == len(own)
        assert result.adjusted == pytest.approx(np.mean([item.score - model.reviewers[item.reviewer].effect
                                                         for item in own]))
        assert result.raw == pytest.approx(np.mean([item.score for item in own]))


def test_a_reviewer_with_two_reviews_is_shrunk_toward_zero():
    effects = TRUE_EFFECT | {"D": 10.0}
    scores = world(per_pair=20, effects=effects, reviews=WHO_REVIEWS_WHOM | {"D": ("X",)}, counts={"D": 2})
    model = estimate_leniency(scores)
    newcomer, fair, seasoned = model.reviewers["D"], model.reviewers["C"], model.reviewers["A"]
    # D is as lenient as A, but D's 2 evaluations keep 2/7 of the difference, A's 40 keep 40/45 (less what
    # D's leftover leniency lends agent X, whom both reviewed).
    assert newcomer.n == 2 and newcomer.effect == pytest.approx(newcomer.unshrunk * 2 / 7, abs=1e-6)
    assert newcomer.effect - fair.effect < 4 < 7 < seasoned.effect - fair.effect
    assert newcomer.reason == "Only 2 evaluations; leniency needs at least 5 before it means anything."
    unshrunk = estimate_leniency(scores, shrinkage=0)
    assert unshrunk.reviewers["D"].effect - unshrunk.reviewers["C"].effect == pytest.approx(10, abs=1e-6)


def test_a_reviewer_nobody_overlaps_with_is_not_compared():
    scores = world() + [LiveScore("E", "V", f"v{n}", "2025-01", 50.0 + n) for n in range(10)]
    model = estimate_leniency(scores, shrinkage=0)
    assert model.reviewers["E"].effect == 0 and "nothing to compare with" in model.reviewers["E"].reason
    assert model.agents["V"].adjusted == pytest.approx(54.5) == model.agents["V"].raw
    assert model.reviewers["A"].effect == pytest.approx(10, abs=1e-6) and model.reason is None


def test_one_reviewer_or_no_overlap_says_so():
    alone = estimate_leniency(world(reviews={"C": ("X", "Y")}))
    assert alone.reason.startswith("Leniency needs two or more reviewers")
    apart = estimate_leniency(world(reviews={"A": ("X",), "B": ("Z",)}))
    assert apart.reason.startswith("No agent was scored by more than one reviewer")
    assert apart.agents["X"].adjusted == pytest.approx(apart.agents["X"].raw)
    empty = estimate_leniency([])
    assert empty.n == 0 and empty.reviewers == {} and empty.reason


def test_drift_shows_as_a_trend_by_period():
    everyone = {name: tuple(TRUE_LEVEL) for name in "ABC"}
    scores = (world(effects={"A": 0, "B": 0, "C": 0}, reviews=everyone, period="2025-01")
              + world(effects={"A": 5, "B": -5, "C": 0}, reviews=everyone, period="2025-02")
              + world(effects={"A": 10, "B": -10, "C": 0}, reviews=everyone, period="2025-03"))
    trend = leniency_trend(reversed(scores), shrinkage=0)
    assert [point.period for point in trend["A"]] == ["2025-01", "2025-02", "2025-03"]
    assert [point.effect for point in trend["A"]] == pytest.approx([0, 5, 10], abs=1e-6)
    assert [point.effect for point in trend["B"]] == pytest.approx([0, -5, -10], abs=1e-6)
    assert all(point.n == 40 and point.reason is None for point in trend["A"])
    shrunk = leniency_trend(scores)   # 40 evaluations a month: 40/45 of each effect is kept
    assert shrunk["A"][-1].effect == pytest.approx(10 * 40 / 45, abs=1e-6)


def test_the_direct_difference_on_shared_interactions():
    scores = [LiveScore("A", "X", "i1", "p", 80), LiveScore("B", "X", "i1", "p", 60),
              LiveScore("C", "X", "i1", "p", 70), LiveScore("A", "Y", "i2", "p", 90),
              LiveScore("C", "Y", "i2", "p", 85), LiveScore("A", "Y", "i3", "p", 50)]   # nobody else scored i3
    # i1: 80 − (60 + 70)/2 = 15; i2: 90 − 85 = 5.
    result = pairwise_difference(scores, "A", minimum_interactions=2)
    assert (result.n, result.mean_difference, result.reason) == (2, pytest.approx(10), None)
    assert pairwise_difference(scores, "B", minimum_interactions=1).mean_difference == pytest.approx(60 - 75)


def test_the_direct_difference_counts_a_reviewers_repeat_once():
    scores = [LiveScore("A", "X", "i1", "p", 80), LiveScore("A", "X", "i1", "p", 90),
              LiveScore("B", "X", "i1", "p", 70)]
    assert pairwise_difference(scores, "A", minimum_interactions=1).mean_difference == pytest.approx(15)


def test_the_direct_difference_with_too_little_overlap():
    result = pairwise_difference(world(), "A")
    assert result.n == 0 and result.mean_difference is None
    assert result.reason.startswith("Only 0 interactions scored by this reviewer and another")


@settings(max_examples=30)
@given(st.floats(min_value=-30, max_value=30), st.integers(min_value=0, max_value=1000))
def test_shifting_every_score_shifts_the_agents_not_the_reviewers(shift, seed):
    scores = world(per_pair=3, noise=5.0, seed=seed)
    moved = [LiveScore(s.reviewer, s.agent, s.interaction, s.period, s.score + shift) for s in scores]
    before, after = estimate_leniency(scores), estimate_leniency(moved)
    for reviewer in TRUE_EFFECT:
        assert after.reviewers[reviewer].effect == pytest.approx(before.reviewers[reviewer].effect, abs=1e-6)
    for agent in TRUE_LEVEL:
        assert after.agents[agent].adjusted == pytest.approx(before.agents[agent].adjusted + shift, abs=1e-6)
