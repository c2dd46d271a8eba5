"""Working through an assigned plan: opening a module, the time spent on it, marking it done, reflections.
Every function flushes; the caller commits.

Opening and the time on the clock are the plan's agent's alone (a trainer reading a module is not the agent
doing it). Marking a module done and writing a reflection are the agent's, and a trainer's or an admin's
too (a module done together in a session, a note on how it went). Only an ACTIVE plan moves; anyone else
gets the refusal a missing plan gets, so ids reveal nothing.
"""
from __future__ import annotations

from qa.accounts.models import User
from qa.errors import Refused
from qa.extensions import db
from qa.timeutil import utcnow
from training.plans.models import CoachingPlan, PlanModule, PlanModuleStatus, PlanReflection, PlanStatus
from training.plans.services import MANAGERS, can_see

# One call can add at most this much time, as on the review page: a tab left open overnight is not study.
MAX_SECONDS_PER_CALL = 120
REFLECTION_MAX = 5000


def find_plan_module(plan_module_id: int, actor_id: int, *, managers_too: bool = False) -> PlanModule:
    """The module of an ACTIVE plan the actor works on (the plan's agent; with `managers_too`, also trainers
    and admins); refused alike when it does not exist, is someone else's or its plan is not active."""
    pm = db.session.get(PlanModule, plan_module_id)
    actor = db.session.get(User, actor_id)
    if pm is None or actor is None or not _may_work(pm.plan, actor, managers_too):
        raise Refused(f"There is no module {plan_module_id} in a coaching plan of yours.")
    if pm.plan.status != PlanStatus.ACTIVE.value:
        raise Refused(f"The plan {pm.plan.title} is {pm.plan.status}; its modules no longer change.")
    return pm


def start_module(plan_module_id: int, actor_id: int) -> PlanModule:
    """The agent opened the module: TODO becomes STARTED (once; opening it again changes nothing)."""
    pm = find_plan_module(plan_module_id, actor_id)
    if pm.status == PlanModuleStatus.TODO.value:
        pm.status, pm.started_at = PlanModuleStatus.STARTED.value, utcnow()
        db.session.flush()
    return pm


def record_time(plan_module_id: int, seconds: int, actor_id: int) -> PlanModule:
    """Add the seconds the module page was visible (at most MAX_SECONDS_PER_CALL a call). Time counts until the
    module is done; a done module's page adds nothing."""
    pm = find_plan_module(plan_module_id, actor_id)
    _add_seconds(pm, seconds)
    return pm


def mark_module_done(plan_module_id: int, actor_id: int, *, seconds: int = 0) -> PlanModule:
    """Done, with the page's last uncounted seconds when the agent marks it. A second mark changes nothing."""
    pm = find_plan_module(plan_module_id, actor_id, managers_too=True)
    if pm.plan.agent_id == actor_id:
        _add_seconds(pm, seconds)
    if pm.status != PlanModuleStatus.DONE.value:
        now = utcnow()
        pm.status, pm.completed_at, pm.started_at = PlanModuleStatus.DONE.value, now, pm.started_at or now
        db.session.flush()
    return pm


def add_reflection(plan_id: int, body: str, actor_id: int, *, plan_module_id: int | None = None) -> PlanReflection:
    plan = db.session.get(CoachingPlan, plan_id)
    actor = db.session.get(User, actor_id)
    if plan is None or actor is None or not _may_work(plan, actor, managers_too=True):
        raise Refused(f"There is no coaching plan {plan_id} of yours.")
    if plan.status != PlanStatus.ACTIVE.value:
        raise Refused(f"The plan {plan.title} is {plan.status}; reflections are written while it is active.")
    if plan_module_id is not None and plan_module_id not in {pm.id for pm in plan.modules}:
        raise Refused("That module is not part of this plan.")
    body = (body or "").strip()
    if not body:
        raise Refused("Write your reflection first.")
    if len(body) > REFLECTION_MAX:
        raise Refused(f"The reflection is {len(body)} characters long; at most {REFLECTION_MAX} fit.")
    reflection = PlanReflection(plan_id=plan.id, plan_module_id=plan_module_id, author_id=actor.id, body=body)
    db.session.add(reflection)
    db.session.flush()
    return reflection


def _add_seconds(pm: PlanModule, seconds: int) -> None:
    seconds = max(0, min(int(seconds or 0), MAX_SECONDS_PER_CALL))
    if not seconds or pm.status == PlanModuleStatus.DONE.value:
        return
    # Added in SQL, not read-and-written: two tabs saving at once both count.
    db.session.execute(db.update(PlanModule).where(PlanModule.id == pm.id).values(
        seconds_spent=PlanModule.seconds_spent + seconds,
        status=PlanModuleStatus.STARTED.value,
        started_at=db.func.coalesce(PlanModule.started_at, utcnow())).execution_options(synchronize_session=False))
    db.session.refresh(pm)


def _may_work(plan: CoachingPlan, actor: User, managers_too: bool) -> bool:
    # can_see first: to its agent a proposed or dismissed plan does not exist, whatever its status says.
    return actor.active and can_see(plan, actor) and (
        plan.agent_id == actor.id or (managers_too and actor.has_any_role(MANAGERS)))
