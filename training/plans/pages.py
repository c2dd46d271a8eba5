"""What the plan pages show, read from the database: the trainers' list by tab, a plan's goal progress and the
numbers beside its modules. Nothing here writes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func

from qa.accounts.models import User, UserRole
from qa.extensions import db
from qa.roles import Role
from scorecards.competencies import COMPETENCIES
from training.plans.models import CoachingPlan, PlanModuleStatus, PlanStatus
from training.profiles.types import AgentProfile

TABS = {"proposed": "Proposed", "active": "Active", "overdue": "Overdue", "completed": "Completed",
        "closed": "Dismissed and cancelled"}
LIST_LIMIT = 200


@dataclass(frozen=True)
class GoalProgress:
    competency: str
    label: str
    target: float
    due: date | None
    score: float | None      # the agent's score on it now (the profile's rolling window)
    n_evaluations: int
    reason: str | None       # why there is no score, or that it rests on too few evaluations

    @property
    def reached(self) -> bool:
        return self.score is not None and self.score >= self.target


def list_plans(tab: str, today: date, *, team_id: int | None = None, agent_id: int | None = None) -> list[CoachingPlan]:
    query = _filtered(db.select(CoachingPlan), team_id, agent_id)
    if tab == "proposed":
        query = query.where(CoachingPlan.status == PlanStatus.PROPOSED.value).order_by(CoachingPlan.created_at.desc())
    elif tab == "active":
        query = query.where(CoachingPlan.status == PlanStatus.ACTIVE.value).order_by(CoachingPlan.assigned_at.desc())
    elif tab == "overdue":
        query = query.where(_overdue(today)).order_by(CoachingPlan.goal_due)
    elif tab == "completed":
        query = query.where(CoachingPlan.status == PlanStatus.COMPLETED.value).order_by(
            CoachingPlan.completed_at.desc())
    else:
        query = query.where(CoachingPlan.status.in_([PlanStatus.DISMISSED.value, PlanStatus.CANCELLED.value])
                            ).order_by(CoachingPlan.updated_at.desc())
    return list(db.session.scalars(query.order_by(CoachingPlan.id.desc()).limit(LIST_LIMIT)))


def tab_counts(today: date, *, team_id: int | None = None, agent_id: int | None = None) -> dict[str, int]:
    by_status = dict(db.session.execute(_filtered(
        db.select(CoachingPlan.status, func.count()).group_by(CoachingPlan.status), team_id, agent_id)).all())
    overdue = db.session.scalar(_filtered(db.select(func.count()).select_from(CoachingPlan), team_id, agent_id)
                                .where(_overdue(today)))
    count = lambda *statuses: sum(by_status.get(s.value, 0) for s in statuses)  # noqa: E731
    return {"proposed": count(PlanStatus.PROPOSED), "active": count(PlanStatus.ACTIVE), "overdue": overdue,
            "completed": count(PlanStatus.COMPLETED), "closed": count(PlanStatus.DISMISSED, PlanStatus.CANCELLED)}


def is_overdue(plan: CoachingPlan, today: date) -> bool:
    """Active past its due date: the goal's date went by and the plan is still open (modules or goal not done)."""
    return plan.status == PlanStatus.ACTIVE.value and plan.goal_due is not None and plan.goal_due < today


def _overdue(today: date):
    return (CoachingPlan.status == PlanStatus.ACTIVE.value) & (CoachingPlan.goal_due < today)


def _filtered(query, team_id: int | None, agent_id: int | None):
    if team_id is not None:
        query = query.where(CoachingPlan.agent_id.in_(db.select(User.id).where(User.team_id == team_id)))
    if agent_id is not None:
        query = query.where(CoachingPlan.agent_id == agent_id)
    return query


def goal_progress(plan: CoachingPlan, profile: AgentProfile | None) -> GoalProgress | None:
    if plan.goal_competency is None or plan.goal_target is None:
        return None
    competency = profile.competency(plan.goal_competency) if profile is not None else None
    estimate = competency.estimate if competency is not None else None
    reason = estimate.reason if estimate is not None else "No evaluation in the profile's window scored it yet."
    return GoalProgress(plan.goal_competency, COMPETENCIES.get(plan.goal_competency, plan.goal_competency),
                        plan.goal_target, plan.goal_due, estimate.score if estimate else None,
                        estimate.n_evaluations if estimate else 0, reason)


def module_counts(plan: CoachingPlan) -> tuple[int, int, int]:
    """(done, all, seconds spent) of the plan's modules."""
    done = sum(pm.status == PlanModuleStatus.DONE.value for pm in plan.modules)
    return done, len(plan.modules), sum(pm.seconds_spent for pm in plan.modules)


def evidence_rows(plan: CoachingPlan) -> list[tuple[str, dict]]:
    """(key, numbers) of the plan's evidence snapshot, focus order first."""
    numbers = (plan.evidence or {}).get("competencies", {})
    keys = [k for k in plan.focus if k in numbers] + [k for k in numbers if k not in plan.focus]
    return [(key, numbers[key]) for key in keys]


def active_agents() -> list[User]:
    return list(db.session.scalars(db.select(User).join(UserRole, UserRole.user_id == User.id).where(
        UserRole.role == Role.AGENT.value, User.active.is_(True)).order_by(User.name)))


def agent_plans(agent_id: int) -> dict[str, list[CoachingPlan]]:
    """The agent's own plans they may see: active (oldest first) and completed (newest first)."""
    plans = list(db.session.scalars(db.select(CoachingPlan).where(
        CoachingPlan.agent_id == agent_id,
        CoachingPlan.status.in_([PlanStatus.ACTIVE.value, PlanStatus.COMPLETED.value])).order_by(CoachingPlan.id)))
    return {"active": [p for p in plans if p.status == PlanStatus.ACTIVE.value],
            "completed": sorted((p for p in plans if p.status == PlanStatus.COMPLETED.value),
                                key=lambda p: p.completed_at, reverse=True)}
