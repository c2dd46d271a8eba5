"""Assignments: giving one interaction to one reviewer for one scorecard, finishing it, handing it on.

Every function flushes and never commits; the caller (view, CLI, job) commits once.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy.orm import selectinload

from qa import audit, notifications
from qa.accounts.models import User
from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from qa.sampling.models import Assignment, AssignmentStatus
from qa.timeutil import utcnow
from scorecards.models import Scorecard
from scorecards.services import published_version
from transcription.models import Interaction, InteractionStatus

# Who may be given interactions to review.
REVIEWER_ROLES = (Role.REVIEWER, Role.QA_LEAD)


# Where a notification about assignments sends the reviewer: their queue (qa.reviews' `reviews.queue`).
# A path, not url_for: runs happen in jobs, which have no request to build URLs from.
QUEUE_LINK = "/reviews/"

# Conditions that packages building on sampling add on who may do live reviews on a scorecard (qa.calibration
# holds back reviewers not yet certified on it). Each returns the reason the reviewer may not, or None.
# A hook rather than an import: qa.calibration builds on qa.reviews, which builds on sampling.
ReviewerGate = Callable[[User, Scorecard], "str | None"]
reviewer_gates: list[ReviewerGate] = []


def can_review(user: User | None) -> bool:
    return user is not None and user.active and user.has_any_role(REVIEWER_ROLES)


def gate_reason(reviewer: User, scorecard: Scorecard) -> str | None:
    """Why a gate holds the reviewer back from live reviews on the scorecard; None when none does."""
    for gate in reviewer_gates:
        reason = gate(reviewer, scorecard)
        if reason:
            return reason
    return None


def check_reviewer(reviewer: User | None, interaction: Interaction, scorecard: Scorecard | None = None) -> None:
    """Refuse a reviewer who cannot take this interaction: unknown, inactive, not a reviewer, or its agent;
    and, given the scorecard, one a reviewer gate holds back from it."""
    if reviewer is None:
        raise Refused("There is no such reviewer.")
    if not reviewer.active:
        raise Refused(f"{reviewer.name} is deactivated and cannot be given reviews.")
    if not reviewer.has_any_role(REVIEWER_ROLES):
        raise Refused(f"{reviewer.name} is not a QA reviewer or QA lead.")
    if interaction.agent_id == reviewer.id:
        raise Refused(f"{reviewer.name} is the agent of interaction {interaction.id}; nobody reviews their own work.")
    if scorecard is not None and (reason := gate_reason(reviewer, scorecard)):
        raise Refused(reason)


def check_scorecard(scorecard: Scorecard | None) -> Scorecard:
    """Refuse a scorecard that no new review can be scored on."""
    if scorecard is None:
        raise Refused("There is no such scorecard.")
    if scorecard.retired_at is not None:
        raise Refused(f"The scorecard {scorecard.name!r} is retired.")
    if published_version(scorecard.id) is None:
        raise Refused(f"The scorecard {scorecard.name!r} has no published version yet.")
    return scorecard


def _open_assignment(interaction_id: int, reviewer_id: int, scorecard_id: int) -> Assignment | None:
    return db.session.scalar(db.select(Assignment).where(
        Assignment.interaction_id == interaction_id, Assignment.reviewer_id == reviewer_id,
        Assignment.scorecard_id == scorecard_id, Assignment.status == AssignmentStatus.OPEN.value))


def assign_interaction(interaction_id: int, reviewer_id: int, scorecard_id: int, *,
                       due_at: datetime | None = None, actor_id: int | None = None,
                       rule_id: int | None = None, run_id: int | None = None, notify: bool = True) -> Assignment:
    """Give the interaction to the reviewer to score on the scorecard; audited, and the reviewer is told.

    `notify=False` lets a sampling run send one notification per reviewer instead of one per interaction.
    """
    interaction = db.session.get(Interaction, interaction_id)
    if interaction is None:
        raise Refused(f"There is no interaction {interaction_id}.")
    if interaction.status != InteractionStatus.READY.value:
        raise Refused(f"Interaction {interaction_id} is not ready for review yet ({interaction.status}).")
    reviewer = db.session.get(User, reviewer_id)
    check_reviewer(reviewer, interaction)
    scorecard = check_scorecard(db.session.get(Scorecard, scorecard_id))
    if reason := gate_reason(reviewer, scorecard):
        raise Refused(reason)
    if _open_assignment(interaction_id, reviewer_id, scorecard_id) is not None:
        raise Refused(f"{reviewer.name} already has interaction {interaction_id} to review on {scorecard.name!r}.")
    assignment = Assignment(interaction_id=interaction_id, reviewer_id=reviewer_id, scorecard_id=scorecard_id,
                            due_at=due_at, rule_id=rule_id, run_id=run_id, created_by_id=actor_id)
    db.session.add(assignment)
    db.session.flush()
    audit.record("assignment.created", "assignment", assignment.id, actor_id,
                 f"Interaction {interaction_id} assigned to {reviewer.name} on {scorecard.name}",
                 after=_snapshot(assignment))
    if notify:
        notifications.notify([reviewer_id], "assignment.new",
                             f"Interaction {interaction_id} is yours to review on {scorecard.name}"
                             + (f", due {due_at:%Y-%m-%d}." if due_at else "."),
                             QUEUE_LINK)
    return assignment


def complete_assignment(assignment_id: int) -> Assignment:
    """Mark an assignment done (the review code calls this when the evaluation is submitted)."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise Refused(f"There is no assignment {assignment_id}.")
    if assignment.status == AssignmentStatus.CANCELLED.value:
        raise Refused("This assignment was cancelled.")
    if assignment.status == AssignmentStatus.OPEN.value:
        assignment.status, assignment.completed_at = AssignmentStatus.DONE.value, utcnow()
        db.session.flush()
    return assignment


def reassign_assignment(assignment_id: int, reviewer_id: int, reason: str, actor_id: int | None) -> Assignment:
    """Hand an open assignment to another reviewer, with the reason; audited, and the new reviewer is told."""
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Say why the assignment moves to another reviewer.")
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None:
        raise Refused(f"There is no assignment {assignment_id}.")
    if assignment.status != AssignmentStatus.OPEN.value:
        raise Refused("Only an open assignment can be reassigned.")
    if assignment.reviewer_id == reviewer_id:
        raise Refused("The assignment is already with that reviewer.")
    reviewer = db.session.get(User, reviewer_id)
    check_reviewer(reviewer, assignment.interaction, assignment.scorecard)
    if _open_assignment(assignment.interaction_id, reviewer_id, assignment.scorecard_id) is not None:
        raise Refused(f"{reviewer.name} already has this interaction to review on this scorecard.")
    before = _snapshot(assignment)
    assignment.reviewer_id, assignment.reassigned_reason = reviewer_id, reason
    db.session.flush()
    audit.record("assignment.reassigned", "assignment", assignment.id, actor_id,
                 f"Interaction {assignment.interaction_id} reassigned to {reviewer.name}: {reason}",
                 before=before, after=_snapshot(assignment))
    notifications.notify([reviewer_id], "assignment.new",
                         f"Interaction {assignment.interaction_id} was handed to you to review on "
                         f"{assignment.scorecard.name}.", QUEUE_LINK)
    return assignment


def open_assignments_for(reviewer_id: int) -> list[Assignment]:
    """The reviewer's open assignments, soonest due first (those without a due date last)."""
    return list(db.session.scalars(db.select(Assignment).where(
        Assignment.reviewer_id == reviewer_id, Assignment.status == AssignmentStatus.OPEN.value)
        # The queue shows each one's interaction, agent and scorecard: load them with it, not one by one.
        .options(selectinload(Assignment.interaction).selectinload(Interaction.agent),
                 selectinload(Assignment.scorecard))
        .order_by(Assignment.due_at.is_(None), Assignment.due_at, Assignment.id)))


def _snapshot(assignment: Assignment) -> dict:
    return {"interaction_id": assignment.interaction_id, "reviewer_id": assignment.reviewer_id,
            "scorecard_id": assignment.scorecard_id, "due_at": assignment.due_at, "status": assignment.status,
            "reason": assignment.reassigned_reason or None}
