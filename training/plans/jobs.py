"""The `coaching.propose_plans` job: a PROPOSED plan for every active agent whose profile has weaknesses.

- **Who.** Every active user with the agent role, profiles computed together (one agent_profiles call), except
  agents who already have a PROPOSED or ACTIVE plan: never a second proposal beside an open plan.
- **Dismissed.** A competency in a proposal a trainer dismissed within COACHING_PROFILE_DAYS is left out for
  that agent unless its score fell FELL_FURTHER points below the lowest score those dismissals showed
  (training.plans.proposal). A dismissed plan never changes again, so its updated_at is when it was dismissed.
- **One agent at a time.** Each agent's plan is written in its own savepoint: an error on one agent rolls back
  that agent only; the others' plans commit with the step, and the job's payload records which agents
  failed and why (shown on the plans page). The check for an open plan and the insert take turns per agent
  (a PostgreSQL advisory lock), so two runs at once still propose once; SQLite has no such lock, and there
  two runs racing could at worst both propose for an agent whose first run had not committed yet.
- **When.** On the workers' supervisor's first pass of each UTC day (the job row of a scheduled run carries
  the day, so however many supervisors look, one is queued a day), and by a trainer's "Propose plans now".
"""
from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import text

from qa.accounts.models import User, UserRole
from qa.extensions import db
from qa.jobs import job_handler
from qa.jobs.models import Job, JobStatus
from qa.jobs.registry import JobContext
from qa.jobs.services import enqueue_job, failure_message
from qa.roles import Role
from qa.timeutil import utcnow
from training.modules.services import published_modules
from training.plans.models import CoachingPlan, PlanSource, PlanStatus
from training.plans.proposal import NoProposal, Proposal, propose
from training.plans.services import PlanInput, create_plan, open_plans_of
from training.profiles.profile import agent_profiles

PROPOSE_JOB = "coaching.propose_plans"
DAY_TARGET = "coaching_day"  # a scheduled run's job has target (DAY_TARGET, the day's ordinal): one a day
PENDING = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
LOCK_CLASS = zlib.crc32(PROPOSE_JOB.encode()) & 0x7FFFFFFF  # advisory lock namespace for this job
QUEUEING = 0  # the lock key of queueing a run (agents' keys are their ids, from 1)
log = logging.getLogger(__name__)


@dataclass
class ProposalRun:
    proposed: dict[int, int] = field(default_factory=dict)   # agent id → plan id
    skipped: dict[int, str] = field(default_factory=dict)    # agent id → why no plan
    failed: dict[int, str] = field(default_factory=dict)     # agent id → the error

    def stored(self) -> dict:
        return {"proposed": {str(k): v for k, v in self.proposed.items()}, "skipped": len(self.skipped),
                "failed": {str(k): v for k, v in self.failed.items()}}


def propose_plans(*, as_of: date | None = None) -> ProposalRun:
    """Propose for every active agent (flushes, one savepoint per agent; the caller commits)."""
    agents = active_agent_ids()
    profiles = agent_profiles(agents, as_of=as_of)
    modules = published_modules()
    dismissed = recent_dismissals(agents)
    run = ProposalRun()
    for agent_id in agents:
        try:
            with db.session.begin_nested():
                outcome = _propose_for(agent_id, profiles[agent_id], modules, dismissed.get(agent_id, {}))
        except Exception as error:  # noqa: BLE001  one agent's failure must not cost the others their plans
            log.exception("Proposing a coaching plan for agent %s failed", agent_id)
            run.failed[agent_id] = failure_message(error)[:500]
            continue
        if isinstance(outcome, CoachingPlan):
            run.proposed[agent_id] = outcome.id
        else:
            run.skipped[agent_id] = outcome
    return run


def _propose_for(agent_id: int, profile, modules, dismissed: dict[str, float]) -> CoachingPlan | str:
    _take_turns(agent_id)
    if open_plans_of(agent_id):
        return "An open plan already exists."
    proposal = propose(profile, modules, dismissed)
    if isinstance(proposal, NoProposal):
        return proposal.reason
    return _write(agent_id, proposal)


def _write(agent_id: int, proposal: Proposal) -> CoachingPlan:
    return create_plan(agent_id, PlanInput(
        title=proposal.title, focus=list(proposal.focus), goal_competency=proposal.goal_competency,
        goal_target=proposal.goal_target, goal_due=proposal.goal_due, module_ids=list(proposal.module_ids)),
        None, source=PlanSource.PROPOSED.value, evidence=proposal.evidence)


def active_agent_ids() -> list[int]:
    return list(db.session.scalars(db.select(User.id).join(UserRole, UserRole.user_id == User.id).where(
        UserRole.role == Role.AGENT.value, User.active.is_(True)).order_by(User.id)))


def recent_dismissals(agent_ids: list[int], now: datetime | None = None) -> dict[int, dict[str, float]]:
    """agent → competency → the lowest score shown in a proposal dismissed within COACHING_PROFILE_DAYS."""
    since = (now or utcnow()) - timedelta(days=current_app.config["COACHING_PROFILE_DAYS"])
    lowest: dict[int, dict[str, float]] = defaultdict(dict)
    for plan in db.session.scalars(db.select(CoachingPlan).where(
            CoachingPlan.agent_id.in_(agent_ids), CoachingPlan.status == PlanStatus.DISMISSED.value,
            CoachingPlan.updated_at >= since)):
        numbers = (plan.evidence or {}).get("competencies", {})
        for key in plan.focus:
            score = (numbers.get(key) or {}).get("score")
            if score is not None:
                lowest[plan.agent_id][key] = min(score, lowest[plan.agent_id].get(key, score))
    return dict(lowest)


def _take_turns(key: int) -> None:
    """Serialise work on `key` (an agent, or QUEUEING) across transactions until the commit (PostgreSQL only)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:namespace, :key)"),
                           {"namespace": LOCK_CLASS, "key": key})


@job_handler(PROPOSE_JOB)
def propose_plans_job(context: JobContext) -> None:
    if context.needs("propose"):
        run = propose_plans()
        # The result lands with the plans and the step's done mark: a retry finds both, and proposes nothing new.
        db.session.execute(db.update(Job).where(Job.id == context.job_id).values(
            payload={**context.payload, "result": run.stored()}))
        context.complete_step("propose", 100)
        log.info("Coaching proposals: %s plans, %s agents without, %s failed",
                 len(run.proposed), len(run.skipped), len(run.failed))


def enqueue_proposals(run_by_id: int | None) -> Job:
    """A trainer's "Propose plans now": queue a run, or give back the one already waiting or running."""
    _take_turns(QUEUEING)
    pending = latest_run(pending_only=True)
    if pending is not None:
        return pending
    return enqueue_job(PROPOSE_JOB, created_by_id=run_by_id, payload={"trigger": "manual", "run_by_id": run_by_id})


def enqueue_daily(now: datetime | None = None) -> Job | None:
    """Queue today's scheduled run unless it exists (or another run is still pending: next pass then)."""
    today = (now or utcnow()).date()
    _take_turns(QUEUEING)
    queued_today = db.session.scalar(db.select(Job.id).where(
        Job.kind == PROPOSE_JOB, Job.target_type == DAY_TARGET, Job.target_id == today.toordinal()))
    if queued_today is not None or latest_run(pending_only=True) is not None:
        return None
    return enqueue_job(PROPOSE_JOB, target_type=DAY_TARGET, target_id=today.toordinal(),
                       payload={"trigger": "schedule", "day": today.isoformat()})


def latest_run(*, pending_only: bool = False) -> Job | None:
    query = db.select(Job).where(Job.kind == PROPOSE_JOB)
    if pending_only:
        query = query.where(Job.status.in_(PENDING))
    return db.session.scalar(query.order_by(Job.id.desc()).limit(1))


def on_supervisor_tick(sender, **_) -> None:
    # Caught here: an exception would stop the tick's other receivers (scheduled runs) for this pass.
    try:
        job = enqueue_daily()
        db.session.commit()
    except Exception:
        log.exception("Queueing the daily coaching proposals failed; the supervisor tries again on its next pass")
        db.session.rollback()
        return
    if job is not None:
        log.info("Queued the daily coaching proposals: job %s", job.id)
