"""Which disputes a user sees: resolvers their own queue; QA leads and admins every dispute.

Agents never list disputes here: they see theirs on their evaluations, which visible_evaluations guards."""
from __future__ import annotations

from sqlalchemy import func, or_

from qa.disputes.models import Dispute, DisputeStatus
from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.roles import Role

PAGE_SIZE = 50
OVERSEERS = (Role.QA_LEAD, Role.ADMIN)
STATUSES = tuple(status.value for status in DisputeStatus)


def visible_disputes(user):
    query = db.select(Dispute).join(Evaluation, Evaluation.id == Dispute.evaluation_id)
    if user.has_any_role(OVERSEERS):
        return query
    # A resolver sees what is assigned to them; a reviewer sees the disputes of evaluations they scored.
    return query.where(or_(Dispute.resolver_id == user.id, Evaluation.reviewer_id == user.id),
                       Evaluation.agent_id.is_distinct_from(user.id))


def find_visible_dispute(user, dispute_id: int) -> Dispute | None:
    return db.session.scalar(visible_disputes(user).where(Dispute.id == dispute_id))


def dispute_queue(user, status: str | None, page: int = 1) -> tuple[list[Dispute], int]:
    """Oldest first (the longest waiting on top). Non-overseers see only what is assigned to them."""
    query = visible_disputes(user)
    if not user.has_any_role(OVERSEERS):
        query = query.where(Dispute.resolver_id == user.id)
    if status:
        query = query.where(Dispute.status == status)
    total = db.session.scalar(db.select(func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Dispute.created_at, Dispute.id)
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return list(rows), total


def disputes_of(evaluation_id: int) -> list[Dispute]:
    """Every dispute of the evaluation, newest first (for the evaluation page and its document)."""
    return list(db.session.scalars(db.select(Dispute).where(Dispute.evaluation_id == evaluation_id)
                                   .order_by(Dispute.created_at.desc(), Dispute.id.desc())))
