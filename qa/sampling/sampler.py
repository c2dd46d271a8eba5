"""The draw itself, pure: which candidates to review and who reviews each. No database here.

Reproducible: every random choice comes from one `random.Random(seed)`, and everything it draws
from is put in a fixed order first, so the same seed over the same candidates gives the same picks.
"""
from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

PER_AGENT = "per_agent"
PERCENT = "percent"
NO_STRATUM = "(none)"


@dataclass(frozen=True)
class Candidate:
    """An interaction that may be drawn: ready, not yet assigned on the scorecard, with an agent."""

    interaction_id: int
    agent_id: int
    at: datetime
    channel: str = ""
    reason: str | None = None  # its contact-reason tag (reason.*), for stratifying by tag


@dataclass
class Plan:
    candidates: list[Candidate]
    window_start: datetime
    window_end: datetime
    quota_kind: str  # PER_AGENT or PERCENT
    quota: float
    reviewer_ids: list[int]
    seed: int
    stratify_by: str | None = None  # None, "channel" or "tag"
    per_reviewer_cap: int | None = None  # picks one reviewer may get from this draw
    # Each agent's whole population in the window (ready or not, assigned or not): the base of a percentage.
    population_by_agent: dict[int, int] = field(default_factory=dict)
    # Interactions of each agent's population already assigned on the scorecard: they count towards the quota.
    assigned_by_agent: dict[int, int] = field(default_factory=dict)
    # Open assignments each reviewer already holds, so the least loaded gets the next one.
    open_load: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Pick:
    interaction_id: int
    agent_id: int
    reviewer_id: int


@dataclass
class Draw:
    picks: list[Pick]
    skipped: Counter  # reason -> count: "no_reviewer", "cap_reached", "short_of_quota", "not_drawn"


def agent_quota(kind: str, quota: float, population: int) -> int:
    """How many of one agent's interactions a period should review.

    N per agent: N. A percentage: that share of the agent's population, rounded to the nearest whole
    number with halves rounded up, and at least one whenever the agent has any interaction.
    """
    if population <= 0 or quota <= 0:
        return 0
    if kind == PER_AGENT:
        return int(quota)
    if kind == PERCENT:
        return max(1, math.floor(population * quota / 100 + 0.5))
    raise ValueError(f"Unknown quota kind {kind!r}")


def allocate(total: int, sizes: dict[str, int]) -> dict[str, int]:
    """Share `total` over strata in proportion to their sizes, by largest remainder; never more than a size.

    Each stratum gets the whole part of its exact share; the seats left go to the largest fractional
    parts (ties: the larger stratum, then the key's order), so the result is deterministic.
    """
    keys = sorted(k for k, size in sizes.items() if size > 0)
    whole = sum(sizes[k] for k in keys)
    total = min(total, whole)
    if total <= 0:
        return {k: 0 for k in sizes}
    exact = {k: total * sizes[k] / whole for k in keys}
    shares = {k: math.floor(exact[k]) for k in keys}
    by_remainder = sorted(keys, key=lambda k: (-(exact[k] - shares[k]), -sizes[k], k))
    for k in by_remainder[:total - sum(shares.values())]:
        shares[k] += 1
    return {k: shares.get(k, 0) for k in sizes}


def spread_draw(candidates: list[Candidate], count: int, start: datetime, end: datetime,
                rng: random.Random) -> list[Candidate]:
    """Draw `count` candidates spread over [start, end): split it into `count` equal slices and take one at
    random from each slice that has any; the slices left empty are made up at random from the rest."""
    pool = sorted(candidates, key=lambda c: (c.at, c.interaction_id))
    if count <= 0:
        return []
    if count >= len(pool):
        return pool
    slices: list[list[Candidate]] = [[] for _ in range(count)]
    span = (end - start).total_seconds() or 1.0
    for candidate in pool:
        position = (candidate.at - start).total_seconds() / span
        slices[min(count - 1, max(0, int(position * count)))].append(candidate)
    chosen = [rng.choice(members) for members in slices if members]
    taken = {c.interaction_id for c in chosen}
    rest = [c for c in pool if c.interaction_id not in taken]
    chosen += rng.sample(rest, count - len(chosen))
    return sorted(chosen, key=lambda c: (c.at, c.interaction_id))


def stratum_of(candidate: Candidate, stratify_by: str | None) -> str:
    if stratify_by == "channel":
        return candidate.channel or NO_STRATUM
    if stratify_by == "tag":
        return candidate.reason or NO_STRATUM
    return NO_STRATUM


def draw_for_agent(candidates: list[Candidate], count: int, plan: Plan, rng: random.Random) -> list[Candidate]:
    """One agent's picks: their quota shared over the strata, each stratum's share spread over the window."""
    strata: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        strata[stratum_of(candidate, plan.stratify_by)].append(candidate)
    shares = allocate(count, {key: len(members) for key, members in strata.items()})
    picks: list[Candidate] = []
    for key in sorted(strata):
        picks += spread_draw(strata[key], shares[key], plan.window_start, plan.window_end, rng)
    return sorted(picks, key=lambda c: (c.at, c.interaction_id))


class ReviewerRota:
    """Least loaded first; among equals, round-robin from after the last one chosen. Never the agent."""

    def __init__(self, reviewer_ids: list[int], cap: int | None, open_load: dict[int, int]):
        self.order = list(dict.fromkeys(reviewer_ids))
        self.cap = cap
        self.given: Counter = Counter()
        self.load = Counter({r: open_load.get(r, 0) for r in self.order})
        self.last = -1

    def choose(self, agent_id: int) -> tuple[int | None, str | None]:
        """The reviewer for one of this agent's interactions, or None and why not."""
        others = [r for r in self.order if r != agent_id]
        if not others:
            return None, "no_reviewer"
        free = [r for r in others if self.cap is None or self.given[r] < self.cap]
        if not free:
            return None, "cap_reached"
        turn = {r: (self.order.index(r) - self.last - 1) % len(self.order) for r in free}
        reviewer = min(free, key=lambda r: (self.load[r], turn[r]))
        self.given[reviewer] += 1
        self.load[reviewer] += 1
        self.last = self.order.index(reviewer)
        return reviewer, None


def draw_sample(plan: Plan) -> Draw:
    rng = random.Random(plan.seed)
    by_agent: dict[int, list[Candidate]] = defaultdict(list)
    for candidate in plan.candidates:
        by_agent[candidate.agent_id].append(candidate)
    skipped: Counter = Counter()
    drawn: list[Candidate] = []
    for agent_id in sorted(set(by_agent) | set(plan.population_by_agent)):
        available = by_agent.get(agent_id, [])
        population = plan.population_by_agent.get(agent_id, len(available))
        wanted = agent_quota(plan.quota_kind, plan.quota, population)
        needed = max(0, wanted - plan.assigned_by_agent.get(agent_id, 0))
        if needed > len(available):
            skipped["short_of_quota"] += needed - len(available)
        picks = draw_for_agent(available, min(needed, len(available)), plan, rng)
        skipped["not_drawn"] += len(available) - len(picks)
        drawn += picks
    # Reviewers are handed picks in time order, so each one's share is spread over the period too.
    rota = ReviewerRota(plan.reviewer_ids, plan.per_reviewer_cap, plan.open_load)
    placed: list[Pick] = []
    for candidate in sorted(drawn, key=lambda c: (c.at, c.interaction_id)):
        reviewer_id, why_not = rota.choose(candidate.agent_id)
        if reviewer_id is None:
            skipped[why_not] += 1
        else:
            placed.append(Pick(candidate.interaction_id, candidate.agent_id, reviewer_id))
    return Draw(picks=placed, skipped=skipped)
