"""What would change: the last evaluations of a scorecard rescored with another version's rules.

Before a QA lead publishes a draft, they see how the scores already given would move under it. Each
evaluation keeps its answers, matched to the draft's criteria by key; nothing is written. A criterion the
draft adds has no answer in the old evaluations, and an answer that no longer fits its criterion (the
answer type or the options changed) cannot be carried over: those evaluations are rescored on what is
left, shown, and kept out of the summary, with the reason counted.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationKind, EvaluationStatus
from qa.reviews.queries import only_visible_evaluations
from scorecards.definition import NA, Definition, parse_definition
from scorecards.engine import score
from scorecards.models import ScorecardVersion
from scorecards.services import find_version

DEFAULT_COUNT = 50
MAX_COUNT = 500
# Scores are shown to one decimal: a smaller move is "unchanged".
UNCHANGED_WITHIN = 0.05


@dataclass(frozen=True)
class RescoredEvaluation:
    evaluation_id: int
    interaction_id: int
    agent_name: str | None
    submitted_at: datetime | None
    old_version: int
    old_score: float | None
    old_passed: bool | None
    new_score: float | None
    new_passed: bool | None
    new_auto_fail_reason: str | None
    complete: bool
    problems: tuple[str, ...] = ()   # why it could not be rescored completely

    @property
    def shift(self) -> float | None:
        if self.old_score is None or self.new_score is None:
            return None
        return self.new_score - self.old_score

    @property
    def flip(self) -> str | None:
        """ "to fail" or "to pass" when the result changes; None otherwise or without a pass mark."""
        if self.old_passed is None or self.new_passed is None or self.old_passed == self.new_passed:
            return None
        return "to pass" if self.new_passed else "to fail"


@dataclass(frozen=True)
class ImpactSummary:
    evaluations: int                 # how many were rescored
    complete: int                    # of them, how many completely (the summary's figures are theirs)
    incomplete_reasons: list[tuple[str, int]]   # reason → evaluations, most common first
    mean_shift: float | None
    up: int
    down: int
    unchanged: int
    pass_rate_before: float | None   # percent of the complete ones that passed, before and after
    pass_rate_after: float | None
    to_fail: int
    to_pass: int


@dataclass(frozen=True)
class Impact:
    version: ScorecardVersion
    count: int                       # the N asked for
    rows: list[RescoredEvaluation] = field(default_factory=list)
    summary: ImpactSummary | None = None


def preview_version_impact(version_id: int, user, count: int = DEFAULT_COUNT) -> Impact:
    """Rescore the scorecard's last `count` submitted live evaluations that `user` may see with this version."""
    version = find_version(version_id)
    count = max(1, min(int(count), MAX_COUNT))
    definition = parse_definition(version.definition)
    query = only_visible_evaluations(
        db.select(Evaluation).join(ScorecardVersion, Evaluation.scorecard_version_id == ScorecardVersion.id)
        .where(ScorecardVersion.scorecard_id == version.scorecard_id,
               Evaluation.status == EvaluationStatus.SUBMITTED.value,
               Evaluation.kind == EvaluationKind.LIVE.value), user)
    evaluations = db.session.scalars(
        query.order_by(Evaluation.submitted_at.desc(), Evaluation.id.desc()).limit(count)).all()
    rows = [rescore_with(definition, evaluation) for evaluation in evaluations]
    return Impact(version=version, count=count, rows=rows, summary=summarise(rows) if rows else None)


def rescore_with(definition: Definition, evaluation: Evaluation) -> RescoredEvaluation:
    """One evaluation's answers scored under `definition` (nothing is stored)."""
    answers, problems = carried_answers(definition, {a.criterion_key: a.value for a in evaluation.answers},
                                        evaluation.interaction.channel)
    breakdown = score(definition, answers, evaluation.interaction.channel)
    return RescoredEvaluation(
        evaluation_id=evaluation.id, interaction_id=evaluation.interaction_id,
        agent_name=evaluation.agent.name if evaluation.agent else None, submitted_at=evaluation.submitted_at,
        old_version=evaluation.version.number, old_score=evaluation.score, old_passed=evaluation.passed,
        new_score=breakdown.total, new_passed=breakdown.passed, new_auto_fail_reason=breakdown.auto_fail_reason,
        complete=not problems, problems=tuple(problems))


def carried_answers(definition: Definition, old: dict[str, str | None],
                    channel: str | None) -> tuple[dict[str, str], list[str]]:
    """The old answers that still fit the new criteria, and a reason for each criterion left unanswered."""
    answers: dict[str, str] = {}
    problems: list[str] = []
    for _, criterion in definition.criteria():
        if not definition.applies_to(criterion, channel):
            continue  # scored N/A on this channel whatever was answered
        value = old.get(criterion.key)
        allowed = {choice for choice, _ in definition.allowed_values(criterion, channel)}
        if criterion.key not in old or value is None:
            problems.append(f'"{criterion.question}" ({criterion.key}) is new: the evaluations have no answer to it')
        elif value not in allowed:
            shown = "N/A" if value == NA else f'"{value}"'
            problems.append(f'"{criterion.question}" ({criterion.key}): the answer {shown} no longer fits it')
        else:
            answers[criterion.key] = value
    return answers, problems


def summarise(rows: list[RescoredEvaluation]) -> ImpactSummary:
    complete = [row for row in rows if row.complete]
    reasons = Counter(problem for row in rows for problem in set(row.problems))
    shifts = [row.shift for row in complete if row.shift is not None]
    return ImpactSummary(
        evaluations=len(rows), complete=len(complete), incomplete_reasons=reasons.most_common(),
        mean_shift=sum(shifts) / len(shifts) if shifts else None,
        up=sum(1 for shift in shifts if shift >= UNCHANGED_WITHIN),
        down=sum(1 for shift in shifts if shift <= -UNCHANGED_WITHIN),
        unchanged=sum(1 for shift in shifts if abs(shift) < UNCHANGED_WITHIN),
        pass_rate_before=_pass_rate([row.old_passed for row in complete]),
        pass_rate_after=_pass_rate([row.new_passed for row in complete]),
        to_fail=sum(1 for row in complete if row.flip == "to fail"),
        to_pass=sum(1 for row in complete if row.flip == "to pass"))


def _pass_rate(results: list[bool | None]) -> float | None:
    known = [passed for passed in results if passed is not None]
    return 100 * sum(known) / len(known) if known else None
