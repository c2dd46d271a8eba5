"""The pure draw: quotas, rounding, evenness, strata, no self-review, seeds, caps and the reviewer rota."""
import random
from collections import Counter
from datetime import datetime, timedelta

import pytest

from qa.sampling.sampler import (PER_AGENT, PERCENT, Candidate, Plan, agent_quota, allocate, draw_sample,
                                 spread_draw)

WEEK = datetime(2024, 3, 4)  # a Monday
WEEK_END = WEEK + timedelta(days=7)
AGENTS = (101, 102, 103)
REVIEWERS = [1, 2, 3]


def hourly(agent_id: int, hours, first_id: int = 0, **fields) -> list[Candidate]:
    return [Candidate(first_id + n, agent_id, WEEK + timedelta(hours=h), **fields) for n, h in enumerate(hours)]


def plan(candidates, quota=2, kind=PER_AGENT, **fields) -> Plan:
    return Plan(candidates=candidates, window_start=WEEK, window_end=WEEK_END, quota_kind=kind, quota=quota,
                reviewer_ids=fields.pop("reviewer_ids", REVIEWERS), seed=fields.pop("seed", 7), **fields)


def week_of_chats() -> list[Candidate]:
    return [c for i, agent in enumerate(AGENTS) for c in hourly(agent, range(0, 168, 4), first_id=1000 * i)]


@pytest.mark.parametrize("kind, quota, population, expected", [
    (PER_AGENT, 3, 10, 3), (PER_AGENT, 3, 1, 3), (PER_AGENT, 3, 0, 0),
    (PERCENT, 10, 14, 1), (PERCENT, 10, 15, 2), (PERCENT, 25, 10, 3), (PERCENT, 50, 7, 4),
    (PERCENT, 10, 4, 1), (PERCENT, 100, 9, 9), (PERCENT, 10, 0, 0),
])
def test_agent_quota_rounds_halves_up_and_gives_every_agent_at_least_one(kind, quota, population, expected):
    assert agent_quota(kind, quota, population) == expected


def test_each_agent_gets_their_quota_and_a_short_agent_is_counted():
    candidates = week_of_chats() + hourly(104, [5], first_id=9000)
    draw = draw_sample(plan(candidates, quota=3))
    assert Counter(p.agent_id for p in draw.picks) == {101: 3, 102: 3, 103: 3, 104: 1}
    assert draw.skipped["short_of_quota"] == 2
    assert draw.skipped["not_drawn"] == 3 * (42 - 3)


def test_interactions_already_assigned_count_towards_the_quota():
    draw = draw_sample(plan(week_of_chats(), quota=3, assigned_by_agent={101: 2, 102: 5}))
    assert Counter(p.agent_id for p in draw.picks) == {101: 1, 103: 3}


def test_a_percentage_is_of_each_agents_whole_population():
    candidates = hourly(101, range(0, 168, 4)) + hourly(102, range(10), first_id=500)
    draw = draw_sample(plan(candidates, quota=10, kind=PERCENT, population_by_agent={101: 42, 102: 30}))
    # 10% of 42 is 4.2 → 4; of 30 (only 10 of them ready) → 3
    assert Counter(p.agent_id for p in draw.picks) == {101: 4, 102: 3}


def test_picks_are_spread_over_the_period_not_bunched():
    """Most of the agent's chats are on Monday, three are later in the week: one pick per equal slice."""
    monday_rush = hourly(101, [h / 4 for h in range(96)])
    later = hourly(101, [60, 108, 150], first_id=500)
    for seed in range(30):
        picks = spread_draw(monday_rush + later, 4, WEEK, WEEK_END, random.Random(seed))
        slices = sorted(int((p.at - WEEK) / timedelta(hours=42)) for p in picks)
        assert slices == [0, 1, 2, 3], f"seed {seed}"
        assert {p.interaction_id for p in later} <= {p.interaction_id for p in picks}


def test_an_evenly_busy_week_gets_one_pick_a_day():
    for seed in range(30):
        picks = draw_sample(plan(hourly(101, range(168)), quota=7, seed=seed)).picks
        assert sorted({(p.interaction_id // 24) for p in picks}) == list(range(7)), f"seed {seed}"


def test_empty_slices_are_made_up_from_the_rest():
    picks = spread_draw(hourly(101, range(10)), 3, WEEK, WEEK_END, random.Random(1))
    assert len({p.interaction_id for p in picks}) == 3


@pytest.mark.parametrize("total, sizes, expected", [
    (4, {"phone": 5, "chat": 3, "email": 2}, {"phone": 2, "chat": 1, "email": 1}),
    (5, {"a": 6, "b": 3, "c": 1}, {"a": 3, "b": 2, "c": 0}),   # b and c tie on .5: the larger wins
    (3, {"a": 1, "b": 1, "c": 1, "d": 1}, {"a": 1, "b": 1, "c": 1, "d": 0}),
    (9, {"a": 2, "b": 1}, {"a": 2, "b": 1}),                     # never more than a stratum holds
    (2, {"a": 0, "b": 4}, {"a": 0, "b": 2}),
])
def test_allocation_by_largest_remainder(total, sizes, expected):
    assert allocate(total, sizes) == expected


def test_stratified_by_channel_each_agents_quota_follows_the_channel_mix():
    candidates = (hourly(101, range(0, 100, 10), first_id=0, channel="phone")
                  + hourly(101, range(1, 50, 10), first_id=100, channel="chat")
                  + hourly(101, range(2, 50, 10), first_id=200, channel="email"))
    by_id = {c.interaction_id: c for c in candidates}
    for seed in range(10):
        picks = draw_sample(plan(candidates, quota=4, stratify_by="channel", seed=seed)).picks
        assert Counter(by_id[p.interaction_id].channel for p in picks) == {"phone": 2, "chat": 1, "email": 1}


def test_stratified_by_tag_uses_the_contact_reason_and_a_stratum_for_none():
    candidates = (hourly(101, range(0, 60, 10), first_id=0, reason="reason.billing")
                  + hourly(101, range(1, 30, 10), first_id=100, reason="reason.refund")
                  + hourly(101, range(2, 30, 10), first_id=200))
    by_id = {c.interaction_id: c for c in candidates}
    picks = draw_sample(plan(candidates, quota=4, stratify_by="tag")).picks
    assert Counter(by_id[p.interaction_id].reason for p in picks) == {"reason.billing": 2, "reason.refund": 1,
                                                                      None: 1}


def test_nobody_reviews_their_own_interactions():
    candidates = week_of_chats()
    draw = draw_sample(plan(candidates, quota=5, reviewer_ids=[101, 102, 7]))
    assert draw.picks and all(p.reviewer_id != p.agent_id for p in draw.picks)
    assert {p.reviewer_id for p in draw.picks if p.agent_id == 101} == {102, 7}


def test_an_agent_whose_only_reviewer_is_themselves_is_counted_as_no_reviewer():
    draw = draw_sample(plan(week_of_chats(), quota=2, reviewer_ids=[101]))
    assert {p.agent_id for p in draw.picks} == {102, 103}
    assert draw.skipped["no_reviewer"] == 2


def test_the_same_seed_draws_the_same_picks_whatever_order_the_candidates_come_in():
    candidates = week_of_chats()
    first = draw_sample(plan(candidates, quota=3, seed=12345)).picks
    shuffled = random.Random(99).sample(candidates, len(candidates))
    assert draw_sample(plan(shuffled, quota=3, seed=12345)).picks == first
    others = [draw_sample(plan(candidates, quota=3, seed=seed)).picks for seed in range(5)]
    assert any(other != first for other in others), "the seed must change the draw"


def test_the_per_reviewer_cap_stops_placements_and_counts_them():
    draw = draw_sample(plan(week_of_chats(), quota=2, reviewer_ids=[1, 2], per_reviewer_cap=2))
    assert Counter(p.reviewer_id for p in draw.picks) == {1: 2, 2: 2}
    assert draw.skipped["cap_reached"] == 2


def test_the_pool_takes_turns_and_the_least_loaded_goes_first():
    picks = draw_sample(plan(hourly(101, range(0, 168, 4)), quota=6)).picks
    assert [p.reviewer_id for p in picks] == [1, 2, 3, 1, 2, 3]
    loaded = draw_sample(plan(hourly(101, range(0, 168, 4)), quota=6, open_load={1: 3})).picks
    assert [p.reviewer_id for p in loaded] == [2, 3, 2, 3, 2, 3]  # until all three hold three
