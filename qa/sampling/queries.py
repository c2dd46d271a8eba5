"""What the assignments page shows: counts per reviewer and the list, filtered."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case

from qa.accounts.models import User
from qa.extensions import db
from qa.sampling.models import Assignment, AssignmentStatus
from qa.sampling.services import REVIEWER_ROLES
from qa.timeutil import utcnow

STATUS_FILTERS = {"open": "Open", "overdue": "Overdue", "done": "Done", "cancelled": "Cancelled", "all": "Any status"}
LIST_LIMIT = 500


@dataclass(frozen=True)
class ReviewerLoad:
    reviewer: User
    open: int
    overdue: int
    done: int

    @property
    def assigned(self) -> int:
        return self.open + self.done


def reviewer_loads() -> list[ReviewerLoad]:
    """Every reviewer who has had an assignment, and every active reviewer, with their counts."""
    now = utcnow()
    is_open = Assignment.status == AssignmentStatus.OPEN.value
    rows = db.session.execute(db.select(
        Assignment.reviewer_id, db.func.sum(case((is_open, 1), else_=0)),
        db.func.sum(case((is_open & (Assignment.due_at < now), 1), else_=0)),
        db.func.sum(case((Assignment.status == AssignmentStatus.DONE.value, 1), else_=0)))
        .where(Assignment.reviewer_id.is_not(None)).group_by(Assignment.reviewer_id)).all()
    counts = {reviewer_id: (int(o or 0), int(late or 0), int(done or 0)) for reviewer_id, o, late, done in rows}
    people = [u for u in db.session.scalars(db.select(User).order_by(User.name))
              if u.id in counts or (u.active and u.has_any_role(REVIEWER_ROLES))]
    return [ReviewerLoad(u, *counts.get(u.id, (0, 0, 0))) for u in people]


def active_reviewers() -> list[User]:
    return [u for u in db.session.scalars(db.select(User).where(User.active.is_(True)).order_by(User.name))
            if u.has_any_role(REVIEWER_ROLES)]


def list_assignments(reviewer_id: int | None, status: str) -> list[Assignment]:
    """Soonest due first; at most LIST_LIMIT rows."""
    query = db.select(Assignment)
    if reviewer_id is not None:
        query = query.where(Assignment.reviewer_id == reviewer_id)
    if status == "overdue":
        query = query.where(Assignment.status == AssignmentStatus.OPEN.value, Assignment.due_at < utcnow())
    elif status != "all":
        query = query.where(Assignment.status == status)
    return list(db.session.scalars(query.order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)
                                   .limit(LIST_LIMIT)))
