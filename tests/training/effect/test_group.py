"""A module's effect across agents and the difference in differences against agents not coached then, on
constructed scores."""
import math
import random
from datetime import datetime, timedelta

import pytest

from training.effect.effect import EvaluationScore, ScoreSeries
from training.effect.group import Completion, across_agents, coached_during

PIVOT = datetime(2026, 3, 1)
DAY = timedelta(days=1)
NOW = datetime(2026, 12, 1)
_ids = iter(range(1, 10**9))


def series(agent_id, before, after, pivot=PIVOT):
    """Scores spread over the before and the after windows around `pivot`."""
    scores = [EvaluationScore(next(_ids), agent_id, pivot - timedelta(days=25 - 5 * i), s) for i, s in
              enumerate(before)]
    scores += [EvaluationScore(next(_ids), agent_id, pivot + timedelta(days=3 + 5 * i), s) for i, s in
               enumerate(after)]
    return ScoreSeries(scores)


def flat(agent_id, before, change, pivot=PIVOT):
    return series(agent_id, [before] * 3, [before + change] * 3, pivot)


def test_hand_worked_difference_in_differences_is_welch_between_the_two_groups():
    """Coached agents changed by +10, +20, +30; three uncoached ones by 0, +10, +20 over the same windows.
    Coached: mean 20, s 10, se 10/√3, df 2, t 4.303 → 20 ± 24.84. DiD = 20 − 10 = 10 with
    se = √(100/3 + 100/3) = 8.165 and df = (200/3)² / ((100/3)²/2 + (100/3)²/2) = 4, t 2.776 → 10 ± 22.67."""
    scores = {1: flat(1, 60, 10), 2: flat(2, 60, 20), 3: flat(3, 60, 30),
              4: flat(4, 70, 0), 5: flat(5, 70, 10), 6: flat(6, 70, 20)}
    group = across_agents([Completion(a, PIVOT) for a in (1, 2, 3)], scores, {}, 30, NOW)
    assert group.effect.estimate == pytest.approx(20)
    assert group.effect.high - 20 == pytest.approx(4.303 * 10 / math.sqrt(3), abs=0.01)
    assert group.comparison.estimate == pytest.approx(10)
    assert group.n_comparison_agents == 3
    did = group.did
    assert did.estimate == pytest.approx(10)
    assert did.se == pytest.approx(math.sqrt(200 / 3))
    assert did.df == pytest.approx(4)
    assert (did.low, did.high) == (pytest.approx(10 - 22.67, abs=0.01), pytest.approx(10 + 22.67, abs=0.01))
    assert [agent.comparison.n for agent in group.agents] == [3, 3, 3]  # coached agents are never compared


def test_when_everyone_improves_alike_the_difference_in_differences_is_about_zero():
    """Everyone's scores rise with the calendar, 0.2 points a day (a new product settling in, say), coached or
    not: over windows whose middles are 30 days apart every agent gains about 6 points. Taken alone the coached
    agents "improved"; against agents not coached over the same windows coaching did nothing."""
    rng = random.Random(7)
    scores = {}
    for agent_id in range(1, 29):
        scores[agent_id] = ScoreSeries([EvaluationScore(next(_ids), agent_id, PIVOT + timedelta(days=day, hours=9),
                                                        50 + 0.2 * day + rng.gauss(0, 5)) for day in range(0, 300, 2)])
    completions = [Completion(agent_id, PIVOT + timedelta(days=40 + 25 * agent_id)) for agent_id in range(1, 9)]
    group = across_agents(completions, scores, {}, 30, NOW)
    assert group.effect.n == 8
    assert group.effect.low > 0                            # taken alone, "coaching worked"
    assert group.effect.estimate == pytest.approx(6, abs=1.5)
    assert group.comparison.estimate == pytest.approx(6, abs=1.5)
    assert group.did.n == 8
    assert abs(group.did.estimate) < 1.5
    assert group.did.low < 0 < group.did.high              # against agents who were not coached: no evidence


def test_when_only_coached_agents_improve_the_difference_in_differences_keeps_the_effect():
    rng = random.Random(11)
    scores = {agent_id: ScoreSeries([EvaluationScore(next(_ids), agent_id, PIVOT + timedelta(days=day, hours=9),
                                                     60 + (8 if agent_id <= 6 and day > 100 else 0) + rng.gauss(0, 5))
                                     for day in range(0, 200, 2)]) for agent_id in range(1, 21)}
    group = across_agents([Completion(a, PIVOT + timedelta(days=100, hours=12)) for a in range(1, 7)], scores, {}, 30,
                          NOW)
    assert group.did.estimate == pytest.approx(8, abs=2)
    assert group.did.low > 0
    assert group.n_comparison_agents == 14


def test_agents_being_coached_then_are_left_out_of_the_comparison():
    scores = {1: flat(1, 60, 10), 2: flat(2, 60, 10), 3: flat(3, 60, 10),
              4: flat(4, 60, 0), 5: flat(5, 60, 2), 6: flat(6, 60, 4), 7: flat(7, 60, 50), 8: flat(8, 60, 40)}
    spans = {7: [(PIVOT + 20 * DAY, datetime.max)],             # assigned a plan inside the after window
             8: [(PIVOT - 90 * DAY, PIVOT - 31 * DAY)]}          # coached, but over before it: counts
    group = across_agents([Completion(a, PIVOT) for a in (1, 2, 3)], scores, spans, 30, NOW)
    assert group.n_comparison_agents == 4
    assert group.comparison.estimate == pytest.approx((0 + 2 + 4 + 40) / 4)


def test_coached_during_is_any_overlap_with_the_windows():
    start, end = PIVOT - 30 * DAY, PIVOT + 30 * DAY
    assert coached_during([(end, end)], start, end)
    assert coached_during([(start - DAY, start)], start, end)
    assert not coached_during([(end + timedelta(seconds=1), datetime.max)], start, end)
    assert not coached_during([], start, end)


def test_in_progress_and_thin_agents_are_counted_but_not_measured():
    recent = NOW - 10 * DAY
    scores = {1: flat(1, 60, 10), 2: flat(2, 60, 20), 3: flat(3, 60, 30),
              4: series(4, [60, 70], [80, 80, 80]),                  # two before: too few
              5: flat(5, 60, 10, pivot=recent)}                       # 20 days to go
    group = across_agents([Completion(a, PIVOT) for a in (1, 2, 3, 4)] + [Completion(5, recent)], scores, {}, 30,
                          NOW)
    assert group.n_in_progress == 1 and group.n_too_few == 1
    assert group.effect.n == 3 and group.effect.estimate == pytest.approx(20)
    assert group.did.estimate is None and "comparison" in group.did.reason  # only agent 4 (thin) to compare with


def test_an_agent_coached_twice_counts_once_from_the_first_time():
    scores = {1: series(1, [60, 60, 60], [70, 70, 70]), 2: flat(2, 60, 20), 3: flat(3, 60, 30)}
    group = across_agents([Completion(1, PIVOT + 200 * DAY), Completion(1, PIVOT), Completion(2, PIVOT),
                           Completion(3, PIVOT)], scores, {}, 30, NOW)
    assert [a.effect.agent_id for a in group.agents] == [1, 2, 3]
    assert group.agents[0].effect.pivot == PIVOT


def test_too_few_coached_agents_give_a_reason():
    scores = {1: flat(1, 60, 10), 2: flat(2, 60, 20), **{a: flat(a, 60, a) for a in range(3, 8)}}
    group = across_agents([Completion(1, PIVOT), Completion(2, PIVOT)], scores, {}, 30, NOW)
    assert group.effect.estimate is None and "Too few agents" in group.effect.reason
    assert group.did.estimate is None and group.did.n == 2
    assert group.agents[0].did == pytest.approx(10 - 5)  # per agent it is still shown: agents 3–7 changed by 5
