"""Constructed competency profiles for the plan tests: the numbers a proposal is made from, without a database."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from scorecards.competencies import COMPETENCIES
from training.profiles.types import AgentProfile, CompetencyProfile, Estimate, Evidence

AS_OF = date(2026, 11, 30)


def competency(key: str, score: float | None, n: int, *, evidence: tuple[Evidence, ...] = (),
               team_median: float | None = None) -> CompetencyProfile:
    estimate = Estimate(score=score, n_evaluations=n, n_answers=n, low=None if score is None else max(0, score - 8),
                        high=None if score is None else min(100, score + 8))
    return CompetencyProfile(key, COMPETENCIES[key], estimate, team_median, (), (), evidence)


def profile(*competencies: CompetencyProfile, agent_id: int = 7, threshold: float = 75, minimum: int = 5,
            n_evaluations: int | None = None) -> AgentProfile:
    n = max((c.estimate.n_evaluations for c in competencies), default=0) if n_evaluations is None else n_evaluations
    return AgentProfile(agent_id, date(2026, 9, 2), AS_OF, threshold, minimum, n, tuple(competencies))


def evidence(evaluation_id: int, criterion: str = "empathy", share: float = 0.25, **moment) -> Evidence:
    return Evidence(evaluation_id, 100 + evaluation_id, "2026-11-20T10:00:00", criterion, f"Question {criterion}?",
                    share, **moment)


@dataclass
class Module:
    """What the proposal reads of a module (id, title, competencies, published_at)."""
    id: int
    competencies: list[str]
    published_at: datetime | None = datetime(2026, 10, 1)
    title: str = field(default="")
