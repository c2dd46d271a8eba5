"""The proposal job: a PROPOSED plan per weak agent from their real evaluations, never a second one, dismissed
competencies left alone, one agent's failure kept to that agent, and one scheduled run a day."""
import threading
import time
from datetime import datetime, timedelta

import pytest

from qa.extensions import db
from qa.jobs.models import Job, JobStatus
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from tests.training.plans.builders import active_plan, evaluated_agent, published_module
from training.plans import jobs
from training.plans.models import CoachingPlan, PlanSource, PlanStatus
from training.plans.services import dismiss_plan


def plans_of(agent) -> list[CoachingPlan]:
    return list(db.session.scalars(db.select(CoachingPlan).where(CoachingPlan.agent_id == agent.id)
                                   .order_by(CoachingPlan.id)))


@pytest.fixture
def trainer(app):
    return make_person(Role.TRAINER)


def test_a_weak_agent_gets_a_proposal_with_evidence_and_modules(app):
    weak = evaluated_agent(5, tone="2", moment=True)
    module, unrelated = published_module("Empathy basics", ["empathy"]), published_module("Docs", ["documentation"])
    run = jobs.propose_plans()
    db.session.commit()
    [plan] = plans_of(weak)
    assert run.proposed == {weak.id: plan.id}
    assert (plan.status, plan.source, plan.created_by_id) == (PlanStatus.PROPOSED.value, PlanSource.PROPOSED.value,
                                                              None)
    assert plan.focus == ["empathy"] and plan.goal_competency == "empathy" and plan.goal_target == 75
    assert plan.goal_due == utcnow().date() + timedelta(weeks=6)
    assert [pm.module_id for pm in plan.modules] == [module.id] and unrelated.id not in run.proposed.values()
    empathy = plan.evidence["competencies"]["empathy"]
    assert empathy["score"] == 43.75 and empathy["n_evaluations"] == 5
    assert any(e["moment_text"] == "Flat tone when the customer was upset" for e in empathy["evidence"])


def test_too_few_evaluations_or_good_scores_get_no_plan_but_a_reason(app):
    thin = evaluated_agent(4, tone="1")
    good = evaluated_agent(5, tone="5")
    run = jobs.propose_plans()
    assert not plans_of(thin) and not plans_of(good)
    assert run.skipped[thin.id].startswith("Too few evaluations to propose a plan: Empathy 25 on 4 evaluations.")
    assert "at or above 75" in run.skipped[good.id]


def test_never_a_second_proposal_while_a_plan_is_open(trainer):
    weak = evaluated_agent(5, tone="2")
    jobs.propose_plans()
    db.session.commit()
    jobs.propose_plans()
    db.session.commit()
    assert len(plans_of(weak)) == 1
    assigned = evaluated_agent(5, tone="2")
    active_plan(assigned, trainer)
    run = jobs.propose_plans()
    assert len(plans_of(assigned)) == 1 and run.skipped[assigned.id] == "An open plan already exists."


def test_two_runs_at_once_propose_once(app):
    """The second run waits for the first's uncommitted proposal (PostgreSQL's advisory lock per agent), then
    finds it: without the lock it would not see it and propose a second plan."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no advisory locks; training.plans.jobs says what that allows")
    weak = evaluated_agent(5, tone="2")
    proposed, errors = threading.Event(), []

    def run(wait_for=None, hold=0.0):
        with app.app_context():
            try:
                if wait_for is not None:
                    wait_for.wait(10)
                jobs.propose_plans()
                proposed.set()
                time.sleep(hold)
                db.session.commit()
            except Exception as error:  # reported by the assertion below
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    first = threading.Thread(target=run, kwargs={"hold": 0.5})
    second = threading.Thread(target=run, kwargs={"wait_for": proposed})
    first.start(), second.start()
    first.join(20), second.join(20)
    assert errors == []
    db.session.expire_all()
    assert len(plans_of(weak)) == 1


def test_a_dismissed_competency_is_not_proposed_again_unless_it_fell_further(trainer):
    agent = evaluated_agent(5, tone="2")
    jobs.propose_plans()
    [first] = plans_of(agent)
    dismiss_plan(first.id, "She is on leave", trainer.id)
    db.session.commit()
    run = jobs.propose_plans()
    assert len(plans_of(agent)) == 1 and "dismissed a proposal" in run.skipped[agent.id]
    evaluated_agent(10, tone="1", agent=agent)  # empathy falls from 43.75 to (5 × 43.75 + 10 × 25) ÷ 15 ≈ 31.3
    jobs.propose_plans()
    db.session.commit()
    second = plans_of(agent)[-1]
    assert second.id != first.id and second.status == PlanStatus.PROPOSED.value and second.focus == ["empathy"]


def test_a_failure_on_one_agent_does_not_lose_the_others(app, monkeypatch):
    first, broken, last = (evaluated_agent(5, tone="2") for _ in range(3))
    real = jobs.propose

    def fail_for_one(profile, modules, dismissed):
        if profile.agent_id == broken.id:
            raise RuntimeError("the profile of this agent is corrupt")
        return real(profile, modules, dismissed)

    monkeypatch.setattr(jobs, "propose", fail_for_one)
    job = jobs.enqueue_proposals(None)
    db.session.commit()
    run_pending_jobs()
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status == JobStatus.SUCCEEDED.value
    assert job.payload["result"]["failed"] == {str(broken.id): "RuntimeError: the profile of this agent is corrupt"}
    assert set(job.payload["result"]["proposed"]) == {str(first.id), str(last.id)}
    assert len(plans_of(first)) == len(plans_of(last)) == 1 and not plans_of(broken)


def test_the_supervisor_queues_one_run_a_day(app, monkeypatch):
    day = datetime(2026, 12, 1, 0, 5)
    monkeypatch.setattr(jobs, "utcnow", lambda: day)
    jobs.on_supervisor_tick(app)
    jobs.on_supervisor_tick(app)
    [queued] = db.session.scalars(db.select(Job).where(Job.kind == jobs.PROPOSE_JOB))
    assert queued.payload == {"trigger": "schedule", "day": "2026-12-01"}
    run_pending_jobs()
    day = datetime(2026, 12, 1, 23, 55)
    jobs.on_supervisor_tick(app)
    assert db.session.scalar(db.select(db.func.count()).select_from(Job).where(Job.kind == jobs.PROPOSE_JOB)) == 1
    day = datetime(2026, 12, 2, 0, 1)
    jobs.on_supervisor_tick(app)
    days = db.session.scalars(db.select(Job.target_id).where(Job.kind == jobs.PROPOSE_JOB).order_by(Job.id)).all()
    assert days == [datetime(2026, 12, 1).toordinal(), datetime(2026, 12, 2).toordinal()]


def test_propose_now_gives_back_the_run_already_waiting(trainer):
    first = jobs.enqueue_proposals(trainer.id)
    db.session.commit()
    assert jobs.enqueue_proposals(trainer.id).id == first.id
    assert jobs.enqueue_daily() is None  # a run is pending: the day's run waits for a later pass
    run_pending_jobs()
    assert jobs.enqueue_proposals(trainer.id).id != first.id
