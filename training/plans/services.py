"""Coaching plans: writing, editing, assigning and closing them (trainers and admins), and who may see which.
Every function flushes; the caller (view, job, demo) commits. What the agent does on an assigned plan is in
training.plans.progress.

A plan goes PROPOSED (by the job, or written by hand and not yet assigned) → ACTIVE (assigned: the agent sees
it) → COMPLETED; a proposal can be DISMISSED instead, an active plan CANCELLED. Edits are saved against the
revision the form was loaded at, like scorecard drafts, so a stale form never overwrites a newer save.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qa import audit
from qa.accounts.models import User
from qa.audit.models import AuditEntry
from qa.errors import Refused
from qa.extensions import db
from qa.notifications import notify
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.competencies import COMPETENCIES
from training.modules.models import ModuleStatus
from training.modules.services import find_module
from training.plans.models import CoachingPlan, PlanModule, PlanModuleStatus, PlanSource, PlanStatus
from training.plans.proposal import evidence_snapshot
from training.profiles.profile import agent_profile

MANAGERS = frozenset({Role.TRAINER, Role.ADMIN})            # write and assign plans
READERS = frozenset({Role.TRAINER, Role.ADMIN, Role.QA_LEAD})  # read every plan
AGENT_STATUSES = (PlanStatus.ACTIVE.value, PlanStatus.COMPLETED.value)  # what an agent sees of their own
TITLE_MAX = 200
NOTE_MAX = 5000
REASON_MAX = 1000
MAX_MODULES = 20
DONE_WORDS = {"edit": "edited", "assign": "assigned", "dismiss": "dismissed", "cancel": "cancelled",
              "complete": "completed"}


@dataclass
class PlanInput:
    title: str
    focus: list[str] = field(default_factory=list)   # competency keys, weakest (most important) first
    goal_competency: str | None = None
    goal_target: float | None = None
    goal_due: date | None = None
    module_ids: list[int] = field(default_factory=list)  # in the order the agent should do them
    note: str = ""


def find_plan(plan_id: int) -> CoachingPlan:
    plan = db.session.get(CoachingPlan, plan_id)
    if plan is None:
        raise Refused(f"There is no coaching plan {plan_id}.")
    return plan


def can_see(plan: CoachingPlan, user: User) -> bool:
    """Staff who read plans see all; an agent sees their own once assigned, never a proposal or a dismissal."""
    if user.has_any_role(READERS):
        return True
    return plan.agent_id == user.id and plan.status in AGENT_STATUSES


def create_plan(agent_id: int, data: PlanInput, actor_id: int | None, *, source: str = PlanSource.MANUAL.value,
                evidence: dict | None = None) -> CoachingPlan:
    """A new plan, PROPOSED until a trainer assigns it. Without `evidence` (a hand-written plan) the snapshot is
    taken from the agent's current profile for the focus competencies. `actor_id` None is the proposal job."""
    if actor_id is not None:
        _manager(actor_id)
    agent = _agent(agent_id)
    checked = _checked(data)
    if evidence is None:
        evidence = evidence_snapshot(agent_profile(agent.id), checked.focus)
    plan = CoachingPlan(agent_id=agent.id, status=PlanStatus.PROPOSED.value, source=source, evidence=evidence,
                        created_by_id=actor_id)
    _apply(plan, checked)
    plan.focus = weakest_first(plan.focus, evidence)
    db.session.add(plan)
    _set_modules(plan, checked.module_ids)
    db.session.flush()
    return plan


def update_plan(plan_id: int, data: PlanInput, base_revision: int, actor_id: int) -> CoachingPlan:
    """Save a trainer's edits; refused when someone saved the plan after `base_revision` was loaded."""
    actor = _manager(actor_id)
    plan = find_plan(plan_id)
    _require(plan, PlanStatus.PROPOSED, PlanStatus.ACTIVE, doing="edit")
    checked = _checked(data)
    if plan.revision != base_revision:
        raise Refused(_stale_message(plan))
    # The WHERE on the old revision makes the check and the bump one step, even between two processes.
    bumped = db.session.execute(
        db.update(CoachingPlan).where(CoachingPlan.id == plan.id, CoachingPlan.revision == base_revision)
        .values(revision=base_revision + 1).execution_options(synchronize_session=False))
    if bumped.rowcount != 1:
        raise Refused("Someone saved this plan at the same moment. Your changes were not saved; reload the plan.")
    db.session.refresh(plan)
    before = snapshot(plan)
    _apply(plan, checked)
    missing = [key for key in checked.focus if key not in (plan.evidence or {}).get("competencies", {})]
    if missing:  # a competency added to the focus brings its numbers as they are today
        added = evidence_snapshot(agent_profile(plan.agent_id), missing)["competencies"]
        plan.evidence = {**plan.evidence, "competencies": {**plan.evidence.get("competencies", {}), **added}}
    plan.focus = weakest_first(plan.focus, plan.evidence)
    _set_modules(plan, checked.module_ids)
    db.session.flush()
    audit.record("coaching_plan.edited", "coaching_plan", plan.id, actor.id,
                 f"{actor.name} edited the coaching plan {plan.title} of {plan.agent.name}",
                 before=before, after=snapshot(plan))
    return plan


def assign_plan(plan_id: int, actor_id: int) -> CoachingPlan:
    """Give a proposed plan to its agent: it becomes theirs to work through, with the actor as their trainer."""
    actor = _manager(actor_id)
    plan = find_plan(plan_id)
    _require(plan, PlanStatus.PROPOSED, doing="assign")
    if not plan.modules and plan.goal_competency is None:
        raise Refused("Add at least one module or a goal before assigning the plan: there is nothing to work on.")
    if not plan.agent.active:
        raise Refused(f"{plan.agent.name}'s account is deactivated; a plan cannot be assigned to it.")
    plan.status, plan.trainer_id, plan.assigned_at = PlanStatus.ACTIVE.value, actor.id, utcnow()
    db.session.flush()
    audit.record("coaching_plan.assigned", "coaching_plan", plan.id, actor.id,
                 f"{actor.name} assigned the coaching plan {plan.title} to {plan.agent.name}", after=snapshot(plan))
    notify([plan.agent_id], "coaching.plan_assigned", f"{actor.name} assigned you a coaching plan: {plan.title}",
           f"/coaching/my/plans/{plan.id}")
    return plan


def dismiss_plan(plan_id: int, reason: str, actor_id: int) -> CoachingPlan:
    """Turn a proposal down. The plan is kept (with the reason, in the audit log) so the job does not propose
    the same competencies again soon (see training.plans.jobs)."""
    actor = _manager(actor_id)
    plan = find_plan(plan_id)
    _require(plan, PlanStatus.PROPOSED, doing="dismiss")
    reason = _reason(reason, required=True)
    plan.status = PlanStatus.DISMISSED.value
    db.session.flush()
    audit.record("coaching_plan.dismissed", "coaching_plan", plan.id, actor.id,
                 f"{actor.name} dismissed the coaching plan {plan.title} of {plan.agent.name}: {reason}",
                 after={"reason": reason, "focus": plan.focus})
    return plan


def cancel_plan(plan_id: int, reason: str, actor_id: int) -> CoachingPlan:
    """Stop an assigned plan before it is completed; the agent no longer sees it."""
    actor = _manager(actor_id)
    plan = find_plan(plan_id)
    _require(plan, PlanStatus.ACTIVE, doing="cancel")
    reason = _reason(reason, required=False)
    plan.status = PlanStatus.CANCELLED.value
    db.session.flush()
    audit.record("coaching_plan.cancelled", "coaching_plan", plan.id, actor.id,
                 f"{actor.name} cancelled the coaching plan {plan.title} of {plan.agent.name}"
                 + (f": {reason}" if reason else ""), after={"reason": reason, "modules": _module_states(plan)})
    return plan


def complete_plan(plan_id: int, actor_id: int) -> CoachingPlan:
    """Close an active plan: a trainer or admin at any time; its agent once every module is done."""
    actor = db.session.get(User, actor_id)
    plan = find_plan(plan_id)
    manager = actor is not None and actor.has_any_role(MANAGERS)
    if actor is None or not (manager or plan.agent_id == actor.id):
        raise Refused(f"There is no coaching plan {plan_id} of yours.")
    _require(plan, PlanStatus.ACTIVE, doing="complete")
    open_modules = [pm.module.title for pm in plan.modules if pm.status != PlanModuleStatus.DONE.value]
    if not manager and (open_modules or not plan.modules):
        raise Refused("Mark every module done first; your trainer can close the plan otherwise."
                      if plan.modules else "Your trainer closes a plan without modules.")
    plan.status, plan.completed_at = PlanStatus.COMPLETED.value, utcnow()
    db.session.flush()
    audit.record("coaching_plan.completed", "coaching_plan", plan.id, actor.id,
                 f"{actor.name} completed the coaching plan {plan.title} of {plan.agent.name}",
                 after={"modules": _module_states(plan), "open_modules": open_modules})
    other = plan.trainer_id if plan.agent_id == actor.id else plan.agent_id
    if other is not None and other != actor.id:
        notify([other], "coaching.plan_completed", f"{actor.name} completed the coaching plan {plan.title}",
               f"/coaching/plans/{plan.id}" if other == plan.trainer_id else f"/coaching/my/plans/{plan.id}")
    return plan


def weakest_first(focus: list[str], evidence: dict) -> list[str]:
    """The focus ordered by the evidence's scores, lowest first; competencies without a score last."""
    numbers = (evidence or {}).get("competencies", {})
    score = lambda key: (numbers.get(key) or {}).get("score")  # noqa: E731
    return sorted(focus, key=lambda key: (score(key) is None, score(key) or 0))


def open_plans_of(agent_id: int) -> list[CoachingPlan]:
    """The agent's PROPOSED and ACTIVE plans (while there is one, the job proposes nothing new)."""
    return list(db.session.scalars(db.select(CoachingPlan).where(
        CoachingPlan.agent_id == agent_id,
        CoachingPlan.status.in_([PlanStatus.PROPOSED.value, PlanStatus.ACTIVE.value])).order_by(CoachingPlan.id)))


def dismissal_reason(plan: CoachingPlan) -> AuditEntry | None:
    """The audit entry of the plan's dismissal or cancellation (who, when, why), if it had one."""
    return db.session.scalar(db.select(AuditEntry).where(
        AuditEntry.target_type == "coaching_plan", AuditEntry.target_id == plan.id,
        AuditEntry.action.in_(["coaching_plan.dismissed", "coaching_plan.cancelled"]))
        .order_by(AuditEntry.id.desc()).limit(1))


def snapshot(plan: CoachingPlan) -> dict:
    return {"status": plan.status, "title": plan.title, "focus": plan.focus, "goal_competency": plan.goal_competency,
            "goal_target": plan.goal_target, "goal_due": plan.goal_due, "note": plan.note,
            "module_ids": [pm.module_id for pm in plan.modules], "trainer_id": plan.trainer_id}


def _checked(data: PlanInput) -> PlanInput:
    title = (data.title or "").strip()
    if not title or len(title) > TITLE_MAX:
        raise Refused(f"Give the plan a title of at most {TITLE_MAX} characters.")
    focus = list(dict.fromkeys(data.focus or []))
    unknown = [key for key in focus if key not in COMPETENCIES]
    if unknown:
        raise Refused(f"{', '.join(unknown)} is not a competency.")
    goal, target = data.goal_competency or None, data.goal_target
    if goal is not None:
        if goal not in COMPETENCIES:
            raise Refused(f"{goal} is not a competency.")
        if goal not in focus:
            raise Refused(f"The goal's competency ({COMPETENCIES[goal]}) must be one of the plan's focus competencies.")
        if target is None or not 0 <= target <= 100:
            raise Refused("Give the goal a target score from 0 to 100.")
    elif target is not None:
        raise Refused("Choose the competency the target score is for.")
    note = (data.note or "").strip()
    if len(note) > NOTE_MAX:
        raise Refused(f"The note is {len(note)} characters long; at most {NOTE_MAX} fit.")
    module_ids = list(dict.fromkeys(data.module_ids or []))
    if len(module_ids) > MAX_MODULES:
        raise Refused(f"A plan has at most {MAX_MODULES} modules.")
    return PlanInput(title, focus, goal, None if target is None else float(target), data.goal_due, module_ids, note)


def _apply(plan: CoachingPlan, data: PlanInput) -> None:
    plan.title, plan.focus, plan.note = data.title, data.focus, data.note
    plan.goal_competency, plan.goal_target, plan.goal_due = data.goal_competency, data.goal_target, data.goal_due


def _set_modules(plan: CoachingPlan, module_ids: list[int]) -> None:
    """The plan's modules become `module_ids`, in that order; progress on the ones kept stays. A module the agent
    has started stays in the plan; a module added must be published."""
    kept = {pm.module_id: pm for pm in plan.modules}
    for pm in list(plan.modules):
        if pm.module_id not in module_ids:
            if pm.status != PlanModuleStatus.TODO.value:
                raise Refused(f"{plan.agent.name} has {pm.status} {pm.module.title}; it stays in the plan.")
            plan.modules.remove(pm)
    for position, module_id in enumerate(module_ids):
        pm = kept.get(module_id)
        if pm is None:
            module = find_module(module_id)
            if module.status != ModuleStatus.PUBLISHED.value:
                raise Refused(f"The module {module.title!r} is {module.status}; only published modules can be added "
                              "to a plan.")
            pm = PlanModule(module=module)
            plan.modules.append(pm)
        pm.position = position
    plan.modules.sort(key=lambda pm: pm.position)


def _stale_message(plan: CoachingPlan) -> str:
    edit = db.session.scalar(db.select(AuditEntry).where(
        AuditEntry.target_type == "coaching_plan", AuditEntry.target_id == plan.id,
        AuditEntry.action == "coaching_plan.edited").order_by(AuditEntry.id.desc()).limit(1))
    who = edit.actor.name if edit is not None and edit.actor else "Someone"
    when = f" at {edit.at:%H:%M} UTC" if edit is not None else ""
    return (f"{who} saved this plan{when} since you opened it. Your changes are shown below and were not saved: "
            "compare them with the saved plan, or save yours over it.")


def _require(plan: CoachingPlan, *statuses: PlanStatus, doing: str) -> None:
    if plan.status not in {s.value for s in statuses}:
        allowed = " or ".join(s.value for s in statuses)
        raise Refused(f"The plan is {plan.status}; only {'an' if allowed[0] in 'aeiou' else 'a'} {allowed} plan can "
                      f"be {DONE_WORDS[doing]}.")


def _reason(reason: str | None, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise Refused("Say why, in a few words: the next trainer to look at this agent will read it.")
    if len(reason) > REASON_MAX:
        raise Refused(f"The reason is {len(reason)} characters long; at most {REASON_MAX} fit.")
    return reason


def _module_states(plan: CoachingPlan) -> dict[str, str]:
    return {str(pm.module_id): pm.status for pm in plan.modules}


def _manager(actor_id: int) -> User:
    actor = db.session.get(User, actor_id)
    if actor is None or not actor.active or not actor.has_any_role(MANAGERS):
        raise Refused("Only trainers and admins write, assign and close coaching plans.")
    return actor


def _agent(agent_id: int) -> User:
    agent = db.session.get(User, agent_id)
    if agent is None or not agent.has_role(Role.AGENT):
        raise Refused(f"User {agent_id} is not an agent; plans are for agents.")
    if not agent.active:
        raise Refused(f"{agent.name}'s account is deactivated.")
    return agent
