"""Recurring calibration by the job queue: the `calibration.run_schedule` job, queued on each pass of the
workers' supervisor for every schedule whose time has come."""
from __future__ import annotations

import logging
from datetime import datetime

from qa.calibration.models import CalibrationSchedule
from qa.calibration.schedules import run_schedule
from qa.extensions import db
from qa.jobs import job_handler
from qa.jobs.models import Job
from qa.jobs.registry import JobContext
from qa.jobs.services import enqueue_job
from qa.sampling.jobs import queue_due_runs
from qa.timeutil import utcnow

RUN_JOB = "calibration.run_schedule"
log = logging.getLogger(__name__)


def enqueue_run(schedule_id: int, start: datetime, trigger: str, run_by_id: int | None = None) -> Job:
    """Queue one run of the schedule over the period starting at `start` (flushes; runs after the commit)."""
    return enqueue_job(RUN_JOB, target_type="calibration_schedule", target_id=schedule_id, created_by_id=run_by_id,
                       payload={"period_start": start.isoformat(), "trigger": trigger, "run_by_id": run_by_id})


@job_handler(RUN_JOB)
def run_schedule_job(context: JobContext) -> None:
    if context.needs("draw"):
        payload = context.payload
        session = run_schedule(context.target_id, datetime.fromisoformat(payload["period_start"]),
                               trigger=payload.get("trigger", "schedule"), run_by_id=payload.get("run_by_id"))
        # The session, its invitations and the audit entry commit with the step's done mark: a retry never
        # makes a second session.
        context.complete_step("draw", 100)
        log.info("Calibration schedule %s made %s", context.target_id,
                 f"session {session.id}" if session else "no session (no interaction to draw)")


def due_schedules(now: datetime) -> list[tuple[int, str, datetime]]:
    """(id, period, next_run_at) of the active schedules whose next run is at or before `now`."""
    return [tuple(row) for row in db.session.execute(
        db.select(CalibrationSchedule.id, CalibrationSchedule.period, CalibrationSchedule.next_run_at).where(
            CalibrationSchedule.active.is_(True), CalibrationSchedule.next_run_at <= now)
        .order_by(CalibrationSchedule.id))]


def enqueue_due_schedules(now: datetime | None = None) -> list[int]:
    """Queue a run of every active schedule whose time has come, over the period that just ended (once each,
    however many supervisors look at once: see qa.sampling.jobs.queue_due_runs)."""
    now = now or utcnow()
    return queue_due_runs(CalibrationSchedule, due_schedules(now),
                          lambda schedule_id, start: enqueue_run(schedule_id, start, "schedule"), now)


def on_supervisor_tick(sender, **_) -> None:
    queued = enqueue_due_schedules()
    if queued:
        log.info("Queued scheduled calibration sessions: jobs %s", queued)
