"""The evaluations list behind /evaluations and GET /api/v1/evaluations: filters over what the user may see.

Visibility comes from qa.reviews.queries.visible_evaluations first; filters only ever narrow it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import exists, func
from sqlalchemy.orm import selectinload

from qa.disputes.models import Dispute, DisputeStatus
from qa.extensions import db
from qa.timeutil import end_of_day
from qa.reviews.models import Evaluation
from qa.reviews.queries import visible_evaluations
from scorecards.models import ScorecardVersion

PAGE_SIZE = 50
# Ids and pages beyond these name nothing; checking first keeps such numbers away from the database's integers.
MAX_PAGE = 1_000_000
DISPUTED_CHOICES = ("yes", "no", "open")  # ever disputed, never disputed, a dispute open now


@dataclass(frozen=True)
class EvaluationFilter:
    agent_id: int | None = None
    reviewer_id: int | None = None
    scorecard_id: int | None = None
    date_from: date | None = None   # on the day submitted (started, for drafts), inclusive
    date_to: date | None = None
    min_score: float | None = None
    max_score: float | None = None
    passed: bool | None = None
    acknowledged: bool | None = None
    disputed: str | None = None     # one of DISPUTED_CHOICES
    status: str | None = None       # draft or submitted
    # An e-mail that names nobody matches nothing (rather than an error that would tell who has an account).
    nobody: bool = False

    def apply(self, query):
        if self.nobody:
            return query.where(db.false())
        if self.agent_id is not None:
            query = query.where(Evaluation.agent_id == self.agent_id)
        if self.reviewer_id is not None:
            query = query.where(Evaluation.reviewer_id == self.reviewer_id)
        if self.scorecard_id is not None:
            query = query.where(Evaluation.scorecard_version_id.in_(
                db.select(ScorecardVersion.id).where(ScorecardVersion.scorecard_id == self.scorecard_id)))
        if self.date_from is not None:
            query = query.where(_when() >= datetime.combine(self.date_from, time.min))
        if self.date_to is not None:
            query = query.where(_when() < end_of_day(self.date_to))
        if self.min_score is not None:
            query = query.where(Evaluation.score >= self.min_score)
        if self.max_score is not None:
            query = query.where(Evaluation.score <= self.max_score)
        if self.passed is not None:
            query = query.where(Evaluation.passed.is_(self.passed))
        if self.acknowledged is not None:
            query = query.where(Evaluation.acknowledged_at.is_not(None) if self.acknowledged
                                else Evaluation.acknowledged_at.is_(None))
        if self.disputed:
            any_dispute = exists().where(Dispute.evaluation_id == Evaluation.id)
            open_dispute = any_dispute.where(Dispute.status == DisputeStatus.OPEN.value)
            query = query.where({"yes": any_dispute, "no": ~any_dispute, "open": open_dispute}[self.disputed])
        if self.status:
            query = query.where(Evaluation.status == self.status)
        return query


def list_evaluations(user, filters: EvaluationFilter, page: int = 1) -> tuple[list[Evaluation], int]:
    """One page (newest first) of the evaluations this user may see, and how many match in all."""
    query = filters.apply(visible_evaluations(user))
    total = db.session.scalar(db.select(func.count()).select_from(query.order_by(None).subquery()))
    # The page's ids first: sorting bare ids is cheap, whole rows (with their breakdowns) are not.
    ids = db.session.scalars(query.with_only_columns(Evaluation.id).order_by(_when().desc(), Evaluation.id.desc())
                             .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    rows = {row.id: row for row in db.session.scalars(
        db.select(Evaluation).where(Evaluation.id.in_(ids))
        .options(selectinload(Evaluation.agent), selectinload(Evaluation.reviewer),
                 selectinload(Evaluation.version).selectinload(ScorecardVersion.scorecard)))}
    return [rows[i] for i in ids], total


def dispute_states(evaluation_ids: list[int]) -> dict[int, str]:
    """Each evaluation's newest dispute status ("open", "accepted", ...), for the evaluations that have one."""
    if not evaluation_ids:
        return {}
    rows = db.session.execute(db.select(Dispute.evaluation_id, Dispute.status)
                              .where(Dispute.evaluation_id.in_(evaluation_ids)).order_by(Dispute.id))
    return {evaluation_id: status for evaluation_id, status in rows}


def _when():
    return func.coalesce(Evaluation.submitted_at, Evaluation.started_at)
