"""Which evaluations a user may see. Reviews are blind: nobody sees others' scores of an interaction
while they are reviewing it themselves, and agents see only their own submitted live evaluations."""
from __future__ import annotations

from sqlalchemy import Select, and_, exists, or_

from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationKind, EvaluationStatus
from qa.roles import Role
from qa.sampling.models import Assignment, AssignmentStatus

# Roles that see every submitted live evaluation (outside their own blind reviews).
OVERSEERS = (Role.ADMIN, Role.QA_LEAD, Role.TRAINER)


def visible_evaluations(user) -> Select:
    return only_visible_evaluations(db.select(Evaluation), user)


def only_visible_evaluations(query: Select, user) -> Select:
    own = Evaluation.reviewer_id == user.id
    shared = and_(Evaluation.status == EvaluationStatus.SUBMITTED.value,
                  Evaluation.kind == EvaluationKind.LIVE.value)
    if user.has_any_role(OVERSEERS):
        return query.where(or_(own, and_(shared, ~_reviewing(user))))
    if user.has_role(Role.REVIEWER):
        return query.where(or_(own, and_(shared, _reviewed(user))))
    return query.where(Evaluation.agent_id == user.id, shared)


def find_visible_evaluation(user, evaluation_id: int) -> Evaluation | None:
    return db.session.scalar(visible_evaluations(user).where(Evaluation.id == evaluation_id))


def _reviewing(user):
    """The user has an unsubmitted review of this evaluation's interaction: a draft or an open assignment."""
    mine = db.aliased(Evaluation)
    draft = exists().where(mine.interaction_id == Evaluation.interaction_id, mine.reviewer_id == user.id,
                           mine.status == EvaluationStatus.DRAFT.value)
    assigned = exists().where(Assignment.interaction_id == Evaluation.interaction_id,
                              Assignment.reviewer_id == user.id,
                              Assignment.status == AssignmentStatus.OPEN.value)
    return or_(draft, assigned)


def _reviewed(user):
    """The user has submitted their own evaluation of this evaluation's interaction."""
    mine = db.aliased(Evaluation)
    return and_(exists().where(mine.interaction_id == Evaluation.interaction_id, mine.reviewer_id == user.id,
                               mine.status == EvaluationStatus.SUBMITTED.value), ~_reviewing(user))
