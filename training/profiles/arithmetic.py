"""The competency profile's arithmetic as pure functions over answer rows (training.scores.AnswerRow). The
method is described in training.profiles.profile's docstring; this module only carries it out."""
from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from qa.calibration.leniency import LiveScore, estimate_leniency
from training.profiles.types import Estimate, Evidence, TrendPoint
from training.scores import AnswerRow

# t(0.975, df) for df = 1…30; beyond that the Cornish–Fisher expansion below is within 0.0001 of it.
T_975 = (12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
         2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
         2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423)
Z_975 = statistics.NormalDist().inv_cdf(0.975)
EVIDENCE_LIMIT = 5


@dataclass(frozen=True)
class EvaluationScore:
    """One evaluation's score (0–100) on one competency: the weight-averaged share of its answered criteria."""
    evaluation_id: int
    interaction_id: int
    agent_id: int
    reviewer_id: int | None
    submitted_at: datetime
    competency: str
    score: float
    month: str          # "2026-02", of submitted_at: the trend's and the leniency model's period


def t_975(df: int) -> float:
    """The factor of a two-sided 95 % interval from a sample with `df` degrees of freedom."""
    if df < 1:
        raise ValueError(f"degrees of freedom must be at least 1, not {df}")
    if df <= len(T_975):
        return T_975[df - 1]
    z = Z_975
    return (z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
            + (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3))


def evaluation_scores(rows: Iterable[AnswerRow]) -> list[EvaluationScore]:
    """Per evaluation and competency, Σ weight × share ÷ Σ weight × 100, in the rows' (oldest first) order."""
    totals: dict[tuple[int, str], list[float]] = {}
    first: dict[tuple[int, str], AnswerRow] = {}
    for row in rows:
        key = (row.evaluation_id, row.competency)
        if key not in totals:
            totals[key], first[key] = [0.0, 0.0], row
        totals[key][0] += row.weight * row.share
        totals[key][1] += row.weight
    return [EvaluationScore(row.evaluation_id, row.interaction_id, row.agent_id, row.reviewer_id, row.submitted_at,
                            row.competency, 100.0 * totals[key][0] / totals[key][1], month_of(row.submitted_at))
            for key, row in first.items()]


def estimate(values: Sequence[float], n_answers: int, minimum: int, *, adjusted: float | None = None,
             adjusted_reason: str | None = None, nothing: str = "No live evaluation in the window scored this.",
             ) -> Estimate:
    """The mean of per-evaluation scores with its t interval (clipped to 0–100) and, below `minimum`, a reason."""
    n = len(values)
    if n == 0:
        return Estimate(None, 0, 0, reason=nothing, adjusted_reason=adjusted_reason)
    mean = statistics.fmean(values)
    low = high = None
    if n >= 2:
        # Plain floats: statistics.stdev is exact (fractions) and was most of a team's profile time.
        sd = math.sqrt(sum((value - mean) ** 2 for value in values) / (n - 1))
        half = t_975(n - 1) * sd / math.sqrt(n)
        low, high = clip(mean - half), clip(mean + half)
    reason = None
    if n < minimum:
        counted = "evaluation" if n == 1 else "evaluations"
        reason = f"Only {n} {counted} scored this; at least {minimum} are needed before it is acted on."
    return Estimate(mean, n, n_answers, low, high, adjusted=adjusted, reason=reason, adjusted_reason=adjusted_reason)


def month_of(moment: datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"   # strftime's cost showed in a team's profile time


def clip(value: float) -> float:
    return min(max(value, 0.0), 100.0)


def team_median(scores_by_agent: dict[int, Sequence[float]], members: Iterable[int], minimum: int,
                minimum_agents: int) -> tuple[float | None, str | None]:
    """The median of the members' mean scores, over members with at least `minimum` evaluations."""
    means = [statistics.fmean(scores_by_agent[agent]) for agent in members
             if len(scores_by_agent.get(agent, ())) >= minimum]
    if len(means) < minimum_agents:
        counted = "agent" if len(means) == 1 else "agents"
        return None, (f"Only {len(means)} {counted} in the team had {minimum} or more evaluations on this; the "
                      f"team median needs at least {minimum_agents}.")
    return statistics.median(means), None


def monthly_trend(scores: Iterable[EvaluationScore]) -> tuple[TrendPoint, ...]:
    """Per calendar month with any evaluation, oldest first: the mean of that month's per-evaluation scores."""
    by_month: dict[str, list[float]] = defaultdict(list)
    for item in scores:
        by_month[item.month].append(item.score)
    return tuple(TrendPoint(month, statistics.fmean(values), len(values)) for month, values in sorted(by_month.items()))


def adjusted_scores(scores: Iterable[EvaluationScore]) -> tuple[dict[int, float], str | None]:
    """Agent → leniency-adjusted score on one competency, fitted over every agent's evaluations by
    qa.calibration.leniency.estimate_leniency; ({}, why) when the model has nothing to compare."""
    live = [LiveScore(item.reviewer_id, item.agent_id, item.interaction_id, item.month,
                      item.score) for item in scores if item.reviewer_id is not None]
    if not live:
        return {}, "No evaluation in the window has a reviewer to adjust for."
    model = estimate_leniency(live)
    if model.reason:
        return {}, model.reason
    if not model.converged:
        return {}, "The reviewers' work overlaps too little for the leniency model to settle on an answer."
    return {agent: clip(result.adjusted) for agent, result in model.agents.items()}, None


def lowest_answers(rows: Iterable[AnswerRow], limit: int = EVIDENCE_LIMIT) -> list[AnswerRow]:
    """The answers that earned least (only those short of full marks): lowest share first, newest among equals."""
    lost = sorted((row for row in rows if row.share < 1.0), key=lambda row: (row.submitted_at, row.evaluation_id),
                  reverse=True)
    lost.sort(key=lambda row: row.share)  # stable: newest first stays within each share
    return lost[:limit]


def evidence_of(row: AnswerRow, moment: tuple[int, float | None, str] | None) -> Evidence:
    position, time, text = moment if moment else (None, None, None)
    return Evidence(row.evaluation_id, row.interaction_id, row.submitted_at.isoformat(timespec="seconds"),
                    row.criterion_key, row.question, row.share, position, time, text)
