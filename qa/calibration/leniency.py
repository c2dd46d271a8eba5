"""Reviewer leniency and drift over live evaluations, and agent scores adjusted for who reviewed them.

**The model.** An evaluation's total is taken to be the agent's own level, plus the reviewer's
leniency (how many points this reviewer tends to give above or below the others), plus noise:

    score = agent level + reviewer effect + noise

An agent who is always reviewed by a lenient reviewer looks better than they are; the model separates
the two by using every place where reviewers' work overlaps. If reviewer A and reviewer C both review
agent X, and C and B both review agent Y, then A and B are comparable through C, even though they never
reviewed the same agent.

**How it is estimated** (alternating least squares, repeated until nothing changes):

1. each agent's level = the mean over their evaluations of (score − that evaluation's reviewer effect);
2. each reviewer's effect = the mean over their evaluations of (score − that agent's level), shrunk
   toward 0 by n ÷ (n + k), where n is the reviewer's number of evaluations and k = 5;
3. the reviewer effects are shifted so that they average 0: an effect of +3 means "3 points above the
   average reviewer". Reviewers who share no agents, directly or through others, fall into separate
   groups that are each averaged to 0 on their own; a reviewer alone in a group gets 0.

**Why shrink.** A reviewer with 2 evaluations who happened to get two good calls is not lenient. The
factor n ÷ (n + k) keeps a reviewer's effect near 0 until there is evidence: with 5 evaluations half of
the measured difference is kept, with 45 evaluations 90 %. (This is the credibility weight of
actuarial science; k = 5 takes the variance of the noise from one evaluation to the next to be five
times the variance of true leniency between reviewers: with noise of ±10 points, leniency of about
±4.5.) Step 2 shrinks inside the loop, so the agent levels are consistent with the shrunk effects; the
result is the least-squares fit with a penalty of k × effect² per reviewer.

**The adjusted agent score** is the mean over the agent's evaluations of (score − the shrunk effect of
the reviewer who scored it), shown beside the raw mean. It is what the agent would have averaged with
average reviewers.

**The direct measure.** Where several reviewers scored the very same interaction, `pairwise_difference`
gives a reviewer's mean of (their score − the mean of the others' scores on that interaction), with no
model at all. **Drift** is the model fitted separately in each period (month, say), so a reviewer who
grows stricter over time shows a falling effect.

Effects for reviewers with fewer than `minimum_evaluations` evaluations carry a reason to show instead
of the number; the adjustment still uses their (heavily shrunk) effect.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np

__all__ = ["DEFAULT_MINIMUM_EVALUATIONS", "SHRINKAGE", "AgentScore", "LeniencyModel", "LeniencyPoint",
           "LiveScore", "PairwiseDifference", "ReviewerLeniency", "estimate_leniency", "leniency_trend",
           "pairwise_difference"]

SHRINKAGE = 5.0
DEFAULT_MINIMUM_EVALUATIONS = 5
DEFAULT_MINIMUM_INTERACTIONS = 5
# Far below what a report shows, so that a slowly converging design still ends within a hundredth of a
# point of the answer; the cap only guards designs that hardly overlap.
CONVERGED_WITHIN = 1e-9
MAX_ITERATIONS = 10_000


@dataclass(frozen=True)
class LiveScore:
    """One live evaluation's total: who gave it, to whom, on which interaction, when."""

    reviewer: Hashable
    agent: Hashable
    interaction: Hashable
    period: Hashable      # e.g. "2025-03"; periods are sorted for the trend
    score: float          # the evaluation's total, 0–100


@dataclass(frozen=True)
class ReviewerLeniency:
    reviewer: Hashable
    n: int
    effect: float          # points above (+) or below (−) the average reviewer, shrunk
    unshrunk: float        # the mean difference before shrinking
    reason: str | None = None


@dataclass(frozen=True)
class AgentScore:
    agent: Hashable
    n: int
    raw: float             # mean of the agent's scores
    adjusted: float        # mean of (score − the reviewer's effect)


@dataclass(frozen=True)
class LeniencyModel:
    n: int
    reviewers: dict[Hashable, ReviewerLeniency]
    agents: dict[Hashable, AgentScore]
    shrinkage: float
    converged: bool
    reason: str | None = None


@dataclass(frozen=True)
class LeniencyPoint:
    period: Hashable
    n: int
    effect: float
    reason: str | None = None


@dataclass(frozen=True)
class PairwiseDifference:
    reviewer: Hashable
    n: int                      # interactions this reviewer and at least one other scored
    mean_difference: float | None
    reason: str | None = None


def estimate_leniency(scores: Iterable[LiveScore], *, shrinkage: float = SHRINKAGE,
                      minimum_evaluations: int = DEFAULT_MINIMUM_EVALUATIONS) -> LeniencyModel:
    """Reviewer effects and leniency-adjusted agent scores, by the method in this module's docstring."""
    scores = list(scores)
    reviewers = list(dict.fromkeys(item.reviewer for item in scores))
    agents = list(dict.fromkeys(item.agent for item in scores))
    reviewer_index = {reviewer: index for index, reviewer in enumerate(reviewers)}
    agent_index = {agent: index for index, agent in enumerate(agents)}
    reviewer_of = np.array([reviewer_index[item.reviewer] for item in scores], dtype=np.int64)
    agent_of = np.array([agent_index[item.agent] for item in scores], dtype=np.int64)
    y = np.array([float(item.score) for item in scores])
    n_reviewer = np.bincount(reviewer_of, minlength=len(reviewers)).astype(float)
    n_agent = np.bincount(agent_of, minlength=len(agents)).astype(float)
    group = _groups(reviewer_of, agent_of, len(reviewers), len(agents))
    group_size = np.bincount(group, minlength=group.max() + 1 if len(group) else 0).astype(float)

    effect = np.zeros(len(reviewers))
    converged = False
    for _ in range(MAX_ITERATIONS):
        level = np.bincount(agent_of, y - effect[reviewer_of], minlength=len(agents)) / n_agent
        unshrunk = np.bincount(reviewer_of, y - level[agent_of], minlength=len(reviewers)) / n_reviewer
        updated = unshrunk * n_reviewer / (n_reviewer + shrinkage)
        updated -= (np.bincount(group, updated) / group_size)[group]
        change, effect = np.abs(updated - effect).max(initial=0.0), updated
        if change < CONVERGED_WITHIN:
            converged = True
            break
    level = np.bincount(agent_of, y - effect[reviewer_of], minlength=len(agents)) / n_agent
    unshrunk = np.bincount(reviewer_of, y - level[agent_of], minlength=len(reviewers)) / n_reviewer
    raw = np.bincount(agent_of, y, minlength=len(agents)) / n_agent

    alone = group_size[group] == 1
    reviewer_results = {
        reviewer: ReviewerLeniency(reviewer, int(n_reviewer[index]), float(effect[index]), float(unshrunk[index]),
                                   _reviewer_reason(int(n_reviewer[index]), bool(alone[index]), minimum_evaluations))
        for index, reviewer in enumerate(reviewers)}
    agent_results = {agent: AgentScore(agent, int(n_agent[index]), float(raw[index]), float(level[index]))
                     for index, agent in enumerate(agents)}
    reason = None
    if len(reviewers) < 2:
        reason = "Leniency needs two or more reviewers whose work overlaps; there is nothing to compare with."
    elif alone.all():
        reason = ("No agent was scored by more than one reviewer, so reviewers cannot be compared; the "
                  "adjusted scores equal the raw ones.")
    return LeniencyModel(n=len(scores), reviewers=reviewer_results, agents=agent_results, shrinkage=shrinkage,
                         converged=converged, reason=reason)


def leniency_trend(scores: Iterable[LiveScore], *, shrinkage: float = SHRINKAGE,
                   minimum_evaluations: int = DEFAULT_MINIMUM_EVALUATIONS) -> dict[Hashable, list[LeniencyPoint]]:
    """reviewer → their effect in each period they reviewed in, oldest first (the model per period)."""
    by_period: dict[Hashable, list[LiveScore]] = defaultdict(list)
    for item in scores:
        by_period[item.period].append(item)
    trend: dict[Hashable, list[LeniencyPoint]] = defaultdict(list)
    for period in sorted(by_period):
        model = estimate_leniency(by_period[period], shrinkage=shrinkage, minimum_evaluations=minimum_evaluations)
        for reviewer, result in model.reviewers.items():
            trend[reviewer].append(LeniencyPoint(period, result.n, result.effect, result.reason or model.reason))
    return dict(trend)


def pairwise_difference(scores: Iterable[LiveScore], reviewer: Hashable, *,
                        minimum_interactions: int = DEFAULT_MINIMUM_INTERACTIONS) -> PairwiseDifference:
    """Mean of (reviewer's score − mean of the other reviewers' scores) over interactions they shared."""
    by_interaction: dict[Hashable, dict[Hashable, list[float]]] = defaultdict(lambda: defaultdict(list))
    for item in scores:
        by_interaction[item.interaction][item.reviewer].append(float(item.score))
    differences = []
    for by_reviewer in by_interaction.values():
        if reviewer in by_reviewer and len(by_reviewer) >= 2:
            # A reviewer who scored an interaction twice counts once, with their mean.
            own = np.mean(by_reviewer[reviewer])
            others = np.mean([np.mean(values) for other, values in by_reviewer.items() if other != reviewer])
            differences.append(own - others)
    if len(differences) < max(1, minimum_interactions):
        shared = "interaction" if len(differences) == 1 else "interactions"
        return PairwiseDifference(reviewer, len(differences), None,
                                  reason=f"Only {len(differences)} {shared} scored by this reviewer and another; "
                                         f"the direct comparison needs at least {minimum_interactions}.")
    return PairwiseDifference(reviewer, len(differences), float(np.mean(differences)))


def _groups(reviewer_of: np.ndarray, agent_of: np.ndarray, n_reviewers: int, n_agents: int) -> np.ndarray:
    """For each reviewer, a number naming the group of reviewers linked to it through shared agents."""
    parent = list(range(n_reviewers + n_agents))   # reviewers first, then agents, in one union-find

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for reviewer, agent in set(zip(reviewer_of.tolist(), agent_of.tolist())):
        parent[root(reviewer)] = root(n_reviewers + agent)
    roots = [root(reviewer) for reviewer in range(n_reviewers)]
    numbering = {node: number for number, node in enumerate(dict.fromkeys(roots))}
    return np.array([numbering[node] for node in roots], dtype=np.int64)


def _reviewer_reason(n: int, alone: bool, minimum: int) -> str | None:
    if alone:
        return ("No other reviewer scored this reviewer's agents, directly or through others: there is nothing "
                "to compare with.")
    if n < minimum:
        counted = "evaluation" if n == 1 else "evaluations"
        return f"Only {n} {counted}; leniency needs at least {minimum} before it means anything."
    return None
