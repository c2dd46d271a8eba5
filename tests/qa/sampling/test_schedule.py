"""Scheduled and on-demand runs through the job queue: each due run is queued once, however many workers look."""
import threading
from datetime import datetime, timedelta

from qa.extensions import db
from qa.jobs.models import Job, JobStatus
from qa.jobs.registry import supervisor_tick
from qa.jobs.services import run_pending_jobs
from qa.jobs.worker import _supervise
from qa.roles import Role
from qa.sampling import jobs
from qa.sampling.models import SamplingRule, SamplingRun
from qa.sampling.runs import run_assignments
from qa.timeutil import utcnow
from tests.qa.sampling.builders import chats, person, rule, scorecard

MONDAY = datetime(2024, 3, 4)


def sampling_jobs() -> list[Job]:
    return list(db.session.scalars(db.select(Job).where(Job.kind == jobs.RUN_JOB).order_by(Job.id)))


def due_weekly_rule(**settings) -> SamplingRule:
    """A weekly rule whose next run was due at the start of this Monday."""
    saved = rule(scorecard(), [person(Role.REVIEWER)], period="week", **settings)
    saved.next_run_at = MONDAY
    db.session.commit()
    return saved


def test_saving_a_scheduled_rule_sets_its_next_run_to_the_next_period_start(app):
    weekly = rule(scorecard(), [person(Role.REVIEWER)], period="week")
    monthly = rule(scorecard(), [person(Role.REVIEWER)], period="month")
    unscheduled = rule(scorecard(), [person(Role.REVIEWER)], scheduled=False)
    now = utcnow()
    assert weekly.next_run_at.weekday() == 0 and now < weekly.next_run_at <= now + timedelta(days=7)
    assert monthly.next_run_at.day == 1 and monthly.next_run_at > now
    assert unscheduled.next_run_at is None


def test_a_due_rule_is_queued_once_for_the_week_that_ended_and_moves_on(app):
    sampling_rule = due_weekly_rule()
    now = MONDAY + timedelta(hours=1)
    assert len(jobs.enqueue_due_rules(now)) == 1
    assert jobs.enqueue_due_rules(now) == []  # the second pass finds nothing due
    [job] = sampling_jobs()
    assert job.target_id == sampling_rule.id
    assert job.payload == {"period_start": "2024-02-26T00:00:00", "trigger": "schedule", "run_by_id": None}
    db.session.refresh(sampling_rule)
    assert sampling_rule.next_run_at == MONDAY + timedelta(days=7)


def test_two_workers_that_both_saw_the_rule_due_queue_one_run(app_factory):
    first, second = app_factory(), app_factory()
    now = MONDAY + timedelta(minutes=5)
    with first.app_context():
        due_weekly_rule()
        stale = jobs.due_rules(now)  # what the second worker read before the first one claimed
        assert len(stale) == 1
        assert len(jobs.enqueue_due_rules(now)) == 1
    with second.app_context():
        original, jobs.due_rules = jobs.due_rules, lambda _now: stale
        try:
            assert jobs.enqueue_due_rules(now) == []
        finally:
            jobs.due_rules = original
        assert len(sampling_jobs()) == 1


def test_switched_off_and_unscheduled_rules_are_not_queued(app):
    due_weekly_rule(active=False)
    due_weekly_rule(scheduled=False)
    for saved in db.session.scalars(db.select(SamplingRule)):
        saved.next_run_at = MONDAY
    db.session.commit()
    assert jobs.enqueue_due_rules(MONDAY + timedelta(days=1)) == []


def test_the_workers_supervisor_queues_due_rules_on_its_pass(app):
    due_weekly_rule()
    stop = threading.Event()

    def stop_after_this_pass(sender, **_):
        stop.set()

    supervisor_tick.connect(stop_after_this_pass)
    try:
        _supervise(app, "test-worker", 1, stop)
    finally:
        supervisor_tick.disconnect(stop_after_this_pass)
    assert len(sampling_jobs()) == 1


def test_the_job_runs_the_rule_and_records_the_run(app):
    agent, reviewer = person(Role.AGENT), person(Role.REVIEWER)
    sampling_rule = rule(scorecard(), [reviewer], period="week", quota=2)
    chats(agent, [MONDAY + timedelta(days=n, hours=10) for n in range(5)])
    jobs.enqueue_run(sampling_rule.id, MONDAY, "manual", run_by_id=reviewer.id)
    db.session.commit()
    run_pending_jobs()
    [job] = sampling_jobs()
    assert job.status == JobStatus.SUCCEEDED.value, job.error
    [run] = db.session.scalars(db.select(SamplingRun))
    assert (run.trigger, run.run_by_id, run.period_start) == ("manual", reviewer.id, MONDAY)
    assert len(run_assignments(run.id)) == 2


def test_a_job_for_a_rule_that_cannot_run_fails_with_the_reason(app):
    sampling_rule = rule(scorecard(), [person(Role.REVIEWER)])
    sampling_rule.active = False
    jobs.enqueue_run(sampling_rule.id, MONDAY, "schedule")
    db.session.commit()
    run_pending_jobs()
    [job] = sampling_jobs()
    assert job.status == JobStatus.FAILED.value and "switched off" in job.error


def test_run_now_covers_the_current_period_so_far_or_the_previous_one(app):
    sampling_rule = rule(scorecard(), [person(Role.REVIEWER)], period="day")
    now = datetime(2024, 3, 6, 15, 30)
    current = jobs.enqueue_run_now(sampling_rule, "current", None, now=now)
    previous = jobs.enqueue_run_now(sampling_rule, "previous", None, now=now)
    assert current.payload["period_start"] == "2024-03-06T00:00:00"
    assert previous.payload["period_start"] == "2024-03-05T00:00:00"
    assert current.payload["trigger"] == previous.payload["trigger"] == "manual"
