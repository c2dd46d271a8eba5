"""Which evaluations a user may see. Reviews are blind: nobody sees others' scores of an interaction
while they are reviewing it themselves, and agents see only their own submitted live evaluations."""
from __future__ import annotations

from sqlalchemy import Select, and_, or_

from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationKind, EvaluationStatus
from qa.roles import Role
from qa.sampling.models import Assignment, AssignmentStatus

# Roles that see every submitted live evaluation (outside their own blind reviews).
OVERSEERS = (Role.ADMIN, Role.QA_LEAD, Role.TRAINER)


def visible_evaluations(user) -> Select:
    return only_visible_evaluations(db.select(Evaluation), user)


def only_visible_evaluations(query: Select, user) -> Select:
    shared = and_(Evaluation.status == EvaluationStatus.SUBMITTED.value,
                  Evaluation.kind == EvaluationKind.LIVE.value)
    # Reviews they wrote, and reviews of their own work (someone can be a reviewer and an agent).
    own = or_(Evaluation.reviewer_id == user.id, and_(Evaluation.agent_id == user.id, shared))
    if user.has_any_role(OVERSEERS):
        return query.where(or_(own, and_(shared, ~_reviewing(user))))
    if user.has_role(Role.REVIEWER):
        return query.where(or_(own, and_(shared, _reviewed(user))))
    return query.where(Evaluation.agent_id == user.id, shared)


def find_visible_evaluation(user, evaluation_id: int) -> Evaluation | None:
    return db.session.scalar(visible_evaluations(user).where(Evaluation.id == evaluation_id))


def _reviewing(user):
    """The evaluation's interaction is one the user is reviewing: their draft or open assignment is on it.

    A subquery of the user's own few interactions, not a correlated one per evaluation: the database
    reads it once, so a list over 50,000 evaluations stays fast."""
    drafts = db.select(Evaluation.interaction_id).where(
        Evaluation.reviewer_id == user.id, Evaluation.status == EvaluationStatus.DRAFT.value)
    assigned = db.select(Assignment.interaction_id).where(
        Assignment.reviewer_id == user.id, Assignment.status == AssignmentStatus.OPEN.value)
    return Evaluation.interaction_id.in_(drafts.union(assigned))


def _reviewed(user):
    """The user has submitted their own evaluation of this evaluation's interaction (and is not reviewing it)."""
    submitted = db.select(Evaluation.interaction_id).where(
        Evaluation.reviewer_id == user.id, Evaluation.status == EvaluationStatus.SUBMITTED.value)
    return and_(Evaluation.interaction_id.in_(submitted), ~_reviewing(user))
