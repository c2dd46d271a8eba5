"""What the trainer dashboard shows, each part read with a handful of queries over every agent at once.

- Agents needing attention: active agents with a weakness (a competency below COACHING_THRESHOLD on at least
  COACHING_MIN_EVALUATIONS evaluations, AgentProfile.weaknesses) and neither a proposed nor an active plan;
  and proposed plans waiting for a trainer's review, oldest first.
- Plans overdue: active plans whose goal date has passed (a completed plan is never overdue), with how many of
  their modules are not done yet.
- Module completion: per published module, how often it was assigned in plans that were assigned, how often
  done, and the median time spent by those who finished it.
- The effect summary: the modules with the largest measured effect (against the comparison group where there is
  one) from training.effect.queries.module_effects.
- Upcoming sessions: the signed-in coach's scheduled sessions from now on.

With a team, only that team's agents (User.team_id) count, in every part.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from qa.accounts.models import User, UserRole
from qa.extensions import db
from qa.roles import Role
from training.effect.queries import ModuleEffect, module_effects, sort_effects
from training.modules.models import CoachingModule, ModuleStatus
from training.plans.models import CoachingPlan, PlanModule, PlanModuleStatus, PlanStatus
from training.profiles.profile import agent_profiles
from training.profiles.types import CompetencyProfile
from training.sessions.models import CoachingSession, CoachingSessionStatus
from training.sessions.services import sessions_for_coach

EFFECT_ROWS = 5
SESSION_ROWS = 10


def team_agents(team_id: int | None) -> list[User]:
    """Active users holding the agent role (in the team, if one is given), by name."""
    query = (db.select(User).join(UserRole, UserRole.user_id == User.id)
             .where(UserRole.role == Role.AGENT.value, User.active.is_(True)).order_by(User.name, User.id))
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class NeedsAttention:
    agent: User
    weaknesses: tuple[CompetencyProfile, ...]   # weakest first


@dataclass(frozen=True)
class Attention:
    weak_without_plan: list[NeedsAttention]
    proposed: list[CoachingPlan]   # waiting for review, oldest first


def agents_needing_attention(agents: list[User], *, as_of: date | None = None) -> Attention:
    ids = [agent.id for agent in agents]
    open_plans = db.session.scalars(db.select(CoachingPlan).where(
        CoachingPlan.agent_id.in_(ids), CoachingPlan.status.in_([PlanStatus.PROPOSED.value, PlanStatus.ACTIVE.value]))
        .order_by(CoachingPlan.created_at, CoachingPlan.id)).all() if ids else []
    with_plan = {plan.agent_id for plan in open_plans}
    profiles = agent_profiles([agent_id for agent_id in ids if agent_id not in with_plan], as_of=as_of)
    weak = [NeedsAttention(agent, tuple(profiles[agent.id].weaknesses())) for agent in agents
            if agent.id in profiles and profiles[agent.id].weaknesses()]
    weak.sort(key=lambda row: (row.weaknesses[0].estimate.score, row.agent.name))
    return Attention(weak, [plan for plan in open_plans if plan.status == PlanStatus.PROPOSED.value])


@dataclass(frozen=True)
class OverduePlan:
    plan: CoachingPlan
    days_late: int
    modules_left: int
    modules_total: int


def overdue_plans(agent_ids: list[int], today: date) -> list[OverduePlan]:
    """Active plans past their goal date, the latest first."""
    if not agent_ids:
        return []
    plans = db.session.scalars(db.select(CoachingPlan).where(
        CoachingPlan.agent_id.in_(agent_ids), CoachingPlan.status == PlanStatus.ACTIVE.value,
        CoachingPlan.goal_due.is_not(None), CoachingPlan.goal_due < today).order_by(CoachingPlan.goal_due)).all()
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    if plans:
        for plan_id, status in db.session.execute(db.select(PlanModule.plan_id, PlanModule.status).where(
                PlanModule.plan_id.in_([plan.id for plan in plans]))):
            counts[plan_id][1] += 1
            counts[plan_id][0] += status != PlanModuleStatus.DONE.value
    return [OverduePlan(plan, (today - plan.goal_due).days, *counts[plan.id]) for plan in plans]


@dataclass(frozen=True)
class ModuleCompletion:
    module: CoachingModule
    assigned: int
    done: int
    median_seconds: float | None   # of those who finished it

    @property
    def share_done(self) -> float | None:
        return 100.0 * self.done / self.assigned if self.assigned else None


def module_completion(agent_ids: list[int] | None) -> list[ModuleCompletion]:
    """Every published module with its assignments in assigned plans (of these agents; None: everyone's)."""
    modules = db.session.scalars(db.select(CoachingModule).where(
        CoachingModule.status == ModuleStatus.PUBLISHED.value).order_by(CoachingModule.title)).all()
    query = (db.select(PlanModule.module_id, PlanModule.status, PlanModule.seconds_spent)
             .join(CoachingPlan, CoachingPlan.id == PlanModule.plan_id)
             .where(CoachingPlan.assigned_at.is_not(None)))
    if agent_ids is not None:
        query = query.where(CoachingPlan.agent_id.in_(agent_ids))
    assigned: dict[int, int] = defaultdict(int)
    spent: dict[int, list[int]] = defaultdict(list)
    for module_id, status, seconds in db.session.execute(query):
        assigned[module_id] += 1
        if status == PlanModuleStatus.DONE.value:
            spent[module_id].append(seconds)
    return [ModuleCompletion(module, assigned[module.id], len(spent[module.id]),
                             median(spent[module.id]) if spent[module.id] else None) for module in modules]


def top_effects(team_id: int | None) -> list[ModuleEffect]:
    """The modules with the largest effect that has a number: against the comparison group first, then the plain
    change for modules without a comparison yet."""
    effects = sort_effects(module_effects(team_id=team_id).values(), "did")
    with_did = [e for e in effects if e.did.estimate is not None]
    plain = [e for e in sort_effects([e for e in effects if e.did.estimate is None], "change")
             if e.effect.estimate is not None]
    return (with_did + plain)[:EFFECT_ROWS]


def upcoming_sessions(coach_id: int, agent_ids: set[int] | None, now: datetime) -> list[CoachingSession]:
    """The coach's scheduled sessions that have not ended yet, soonest first."""
    sessions = [s for s in sessions_for_coach(coach_id) if s.status == CoachingSessionStatus.SCHEDULED.value
                and s.scheduled_at + timedelta(minutes=s.duration_minutes) > now
                and (agent_ids is None or s.agent_id in agent_ids)]
    return sorted(sessions, key=lambda s: s.scheduled_at)[:SESSION_ROWS]
