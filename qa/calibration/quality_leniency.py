"""Reviewers and agents over live evaluations: each reviewer's leniency (the model), their direct difference
from the others on shared interactions, their drift month by month, and each agent's raw and
leniency-adjusted mean. The method is qa.calibration.leniency's (its docstring is the page's explanation);
this module only gathers the scores and names the people.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from qa.accounts.models import User
from qa.calibration import leniency
from qa.calibration.leniency import AgentScore, LeniencyModel, LeniencyPoint, PairwiseDifference, ReviewerLeniency
from qa.calibration.quality import QualityFilter, ScoredEvaluation, scored_evaluations
from qa.extensions import db


@dataclass(frozen=True)
class ReviewerRow:
    reviewer_id: int
    name: str
    n: int
    mean_score: float
    leniency: ReviewerLeniency
    pairwise: PairwiseDifference
    trend: tuple[LeniencyPoint, ...]      # one point per month they reviewed in, oldest first


@dataclass(frozen=True)
class AgentRow:
    agent_id: int
    name: str
    score: AgentScore

    @property
    def difference(self) -> float:
        """Adjusted − raw: positive when the agent drew harsher reviewers than average."""
        return self.score.adjusted - self.score.raw


@dataclass(frozen=True)
class LeniencyReport:
    n: int                                # evaluations the model was fitted on
    unattributed: int                     # left out: the agent or the reviewer account is gone
    model: LeniencyModel | None           # None when there is nothing to fit
    reviewers: list[ReviewerRow]
    agents: list[AgentRow]
    periods: list[str]                    # every month with an evaluation, oldest first

    @property
    def reason(self) -> str | None:
        if self.model is None:
            return "There are no scored live evaluations in this selection."
        return self.model.reason


def leniency_report(user, filters: QualityFilter) -> LeniencyReport:
    evaluations = scored_evaluations(user, filters)
    attributed = [item for item in evaluations if item.agent_id is not None and item.reviewer_id is not None]
    scores = [_live_score(item) for item in attributed]
    periods = sorted({item.period for item in attributed})
    if not scores:
        return LeniencyReport(0, len(evaluations), None, [], [], periods)
    model = leniency.estimate_leniency(scores)
    trend = leniency.leniency_trend(scores)
    names = _names({item.reviewer_id for item in attributed} | {item.agent_id for item in attributed})
    by_reviewer: dict[int, list[float]] = {}
    for item in attributed:
        by_reviewer.setdefault(item.reviewer_id, []).append(item.score)
    reviewers = [ReviewerRow(reviewer_id, names.get(reviewer_id, f"User {reviewer_id}"), len(values), fmean(values),
                             model.reviewers[reviewer_id], leniency.pairwise_difference(scores, reviewer_id),
                             tuple(trend.get(reviewer_id, ())))
                 for reviewer_id, values in by_reviewer.items()]
    agents = [AgentRow(agent_id, names.get(agent_id, f"User {agent_id}"), result)
              for agent_id, result in model.agents.items()]
    return LeniencyReport(len(scores), len(evaluations) - len(attributed), model,
                          sorted(reviewers, key=lambda row: row.name.casefold()),
                          sorted(agents, key=lambda row: row.name.casefold()), periods)


def sort_agents(rows: list[AgentRow], by: str) -> list[AgentRow]:
    """By name A–Z, or by a score highest first (the difference: largest gain from the adjustment first)."""
    if by == "raw":
        return sorted(rows, key=lambda row: (-row.score.raw, row.name.casefold()))
    if by == "adjusted":
        return sorted(rows, key=lambda row: (-row.score.adjusted, row.name.casefold()))
    if by == "difference":
        return sorted(rows, key=lambda row: (-row.difference, row.name.casefold()))
    return sorted(rows, key=lambda row: row.name.casefold())


def _live_score(item: ScoredEvaluation) -> leniency.LiveScore:
    return leniency.LiveScore(reviewer=item.reviewer_id, agent=item.agent_id, interaction=item.interaction_id,
                              period=item.period, score=item.score)


def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(db.session.execute(db.select(User.id, User.name).where(User.id.in_(user_ids))).all())
