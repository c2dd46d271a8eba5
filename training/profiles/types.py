"""What a competency profile is made of: the types the profile computes and plans, sessions, the dashboard
and quizzes read. The arithmetic is in training.profiles.profile."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Estimate:
    """A rolling score (0–100) with what stands behind it. `score` is None when no evaluation scored it;
    `reason` says why there is no score, or that there are fewer evaluations than the minimum (the score is
    then still given, but is too little to act on); `low`/`high` are its 95 % interval (None with fewer than
    two evaluations); `adjusted_reason` says why `adjusted` is None."""
    score: float | None
    n_evaluations: int
    n_answers: int
    low: float | None = None
    high: float | None = None
    adjusted: float | None = None   # leniency-adjusted score, when reviewers' work overlaps enough to fit
    reason: str | None = None
    adjusted_reason: str | None = None


@dataclass(frozen=True)
class TrendPoint:
    month: str          # "2026-11"
    score: float
    n_evaluations: int


@dataclass(frozen=True)
class Evidence:
    """One evaluation behind a weakness: where the agent lost points on the competency."""
    evaluation_id: int
    interaction_id: int
    submitted_at: str   # ISO
    criterion_key: str
    question: str
    share: float        # 0–1: what the answer earned of the criterion
    moment_position: int | None = None   # a reviewer's timestamped comment on that criterion, if any
    moment_time: float | None = None
    moment_text: str | None = None


@dataclass(frozen=True)
class CriterionProfile:
    key: str
    question: str
    estimate: Estimate
    team_median: float | None


@dataclass(frozen=True)
class CompetencyProfile:
    key: str            # a key of scorecards.competencies.COMPETENCIES
    label: str
    estimate: Estimate
    team_median: float | None
    trend: tuple[TrendPoint, ...]
    criteria: tuple[CriterionProfile, ...]
    evidence: tuple[Evidence, ...]    # lowest-scoring answers first, at most a handful
    team_reason: str | None = None    # why team_median is None


@dataclass(frozen=True)
class AgentProfile:
    agent_id: int
    since: date
    until: date
    threshold: float
    minimum_evaluations: int
    n_evaluations: int
    competencies: tuple[CompetencyProfile, ...] = field(default_factory=tuple)

    def competency(self, key: str) -> CompetencyProfile | None:
        return next((c for c in self.competencies if c.key == key), None)

    def weaknesses(self) -> list[CompetencyProfile]:
        """Competencies scored below the threshold on enough evaluations, weakest first."""
        weak = [c for c in self.competencies if c.estimate.score is not None
                and c.estimate.n_evaluations >= self.minimum_evaluations and c.estimate.score < self.threshold]
        return sorted(weak, key=lambda c: c.estimate.score)
