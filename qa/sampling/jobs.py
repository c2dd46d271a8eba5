"""Sampling by the job queue: the `sampling.run_rule` job, and the schedule the workers' supervisor keeps."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable

from sqlalchemy import update

from qa.errors import Refused
from qa.extensions import db
from qa.jobs import job_handler
from qa.jobs.models import Job
from qa.jobs.registry import JobContext
from qa.jobs.services import enqueue_job
from qa.sampling.models import SamplingRule
from qa.sampling.periods import next_period_start, period_start, previous_window
from qa.sampling.runs import run_rule
from qa.sampling.services import check_scorecard
from qa.timeutil import utcnow

RUN_JOB = "sampling.run_rule"
log = logging.getLogger(__name__)


def enqueue_run(rule_id: int, start: datetime, trigger: str, run_by_id: int | None = None) -> Job:
    """Queue one run of the rule over the period starting at `start` (flushes; runs after the commit)."""
    return enqueue_job(RUN_JOB, target_type="sampling_rule", target_id=rule_id, created_by_id=run_by_id,
                       payload={"period_start": start.isoformat(), "trigger": trigger, "run_by_id": run_by_id})


def enqueue_run_now(rule: SamplingRule, which: str, run_by_id: int | None, now: datetime | None = None) -> Job:
    """A lead's "Run now": the current period so far, or the previous whole period.

    What would make the job fail is refused now, while the lead is looking."""
    if not rule.active:
        raise Refused(f"The rule {rule.name!r} is switched off; switch it on to run it.")
    check_scorecard(rule.scorecard)
    now = now or utcnow()
    start = period_start(rule.period, now) if which == "current" else previous_window(rule.period, now)[0]
    return enqueue_run(rule.id, start, "manual", run_by_id)


@job_handler(RUN_JOB)
def run_rule_job(context: JobContext) -> None:
    if context.needs("sample"):
        payload = context.payload
        run = run_rule(context.target_id, datetime.fromisoformat(payload["period_start"]),
                       trigger=payload.get("trigger", "schedule"), run_by_id=payload.get("run_by_id"))
        # The run's assignments commit together with the step's done mark: a retried job never runs twice.
        context.complete_step("sample", 100)
        log.info("Sampling run %s of rule %s assigned %s", run.id, run.rule_id, run.assigned)


def due_rules(now: datetime) -> list[tuple[int, str, datetime]]:
    """(id, period, next_run_at) of the scheduled rules whose next run is at or before `now`."""
    return [tuple(row) for row in db.session.execute(
        db.select(SamplingRule.id, SamplingRule.period, SamplingRule.next_run_at).where(
            SamplingRule.active.is_(True), SamplingRule.scheduled.is_(True), SamplingRule.next_run_at <= now)
        .order_by(SamplingRule.id))]


def enqueue_due_rules(now: datetime | None = None) -> list[int]:
    """Queue a run of every scheduled rule whose time has come, over the period that just ended."""
    now = now or utcnow()
    return queue_due_runs(SamplingRule, due_rules(now), lambda rule_id, start: enqueue_run(rule_id, start, "schedule"),
                          now)


def queue_due_runs(model, due: list[tuple[int, str, datetime]], enqueue: Callable[[int, datetime], Job],
                   now: datetime) -> list[int]:
    """Queue each due row's run once, over the period that just ended; the ids of the jobs queued.

    `model` is a table with `id` and `next_run_at` (sampling rules, calibration schedules). Each row is claimed
    by moving next_run_at on only if it still holds the value we read, in the same transaction as the job;
    so however many workers look at once, each run is queued once.
    """
    queued = []
    for row_id, period, planned in due:
        claimed = db.session.execute(
            update(model).where(model.id == row_id, model.next_run_at == planned)
            .values(next_run_at=next_period_start(period, now)).execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            db.session.rollback()  # another worker took it
            continue
        job = enqueue(row_id, previous_window(period, now)[0])
        db.session.commit()
        queued.append(job.id)
    db.session.commit()
    return queued


def on_supervisor_tick(sender, **_) -> None:
    queued = enqueue_due_rules()
    if queued:
        log.info("Queued scheduled sampling runs: jobs %s", queued)
