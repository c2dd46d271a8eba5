"""Recurring calibration by the job queue: the `calibration.run_schedule` job, queued on each pass of the
workers' supervisor for every schedule whose time has come."""
from __future__ import annotations

import logging
from datetime import datetime

from dataclasses import dataclass

from qa.audit.models import AuditEntry
from qa.calibration.models import CalibrationSchedule
from qa.calibration.schedules import run_schedule
from qa.errors import Refused
from qa.extensions import db
from qa.jobs import job_handler
from qa.jobs.models import Job, JobStatus
from qa.jobs.registry import JobContext
from qa.jobs.services import enqueue_job
from qa.sampling.jobs import queue_due_runs
from qa.sampling.periods import period_start, previous_window
from qa.sampling.services import check_scorecard
from qa.timeutil import utcnow

RUN_JOB = "calibration.run_schedule"
log = logging.getLogger(__name__)


def enqueue_run(schedule_id: int, start: datetime, trigger: str, run_by_id: int | None = None) -> Job:
    """Queue one run of the schedule over the period starting at `start` (flushes; runs after the commit)."""
    return enqueue_job(RUN_JOB, target_type="calibration_schedule", target_id=schedule_id, created_by_id=run_by_id,
                       payload={"period_start": start.isoformat(), "trigger": trigger, "run_by_id": run_by_id})


def enqueue_run_now(schedule: CalibrationSchedule, which: str, run_by_id: int | None,
                    now: datetime | None = None) -> Job:
    """A lead's "Run now" over the current period so far or the previous whole one. What would make the job
    fail is refused now, while the lead is looking; the draw itself (and AutoQA's answers) runs in a worker."""
    if not schedule.active:
        raise Refused(f"The schedule {schedule.title!r} is switched off; switch it on to run it.")
    check_scorecard(schedule.scorecard)
    now = now or utcnow()
    start = period_start(schedule.period, now) if which == "current" else previous_window(schedule.period, now)[0]
    return enqueue_run(schedule.id, start, "manual", run_by_id)


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


@dataclass(frozen=True)
class LastRun:
    """What a schedule's latest run did, for the schedules page: a job still waiting or running, a job that
    failed (with its error), or the audited outcome of the latest finished run."""
    state: str  # "queued", "running", "failed" or "done"
    at: datetime
    text: str


def last_runs(schedule_ids: list[int]) -> dict[int, LastRun]:
    jobs: dict[int, Job] = {}
    for job in db.session.scalars(db.select(Job).where(
            Job.kind == RUN_JOB, Job.target_id.in_(schedule_ids)).order_by(Job.id)):
        jobs[job.target_id] = job
    outcomes: dict[int, AuditEntry] = {}
    for entry in db.session.scalars(db.select(AuditEntry).where(
            AuditEntry.action == "calibration_schedule.ran", AuditEntry.target_type == "calibration_schedule",
            AuditEntry.target_id.in_(schedule_ids)).order_by(AuditEntry.id)):
        outcomes[entry.target_id] = entry
    result = {}
    for schedule_id in schedule_ids:
        job, outcome = jobs.get(schedule_id), outcomes.get(schedule_id)
        if job is not None and job.status in (JobStatus.QUEUED.value, JobStatus.RUNNING.value):
            result[schedule_id] = LastRun(job.status, job.created_at, f"Job {job.id} is {job.status}.")
        elif job is not None and job.status == JobStatus.FAILED.value and (
                outcome is None or outcome.at < (job.finished_at or job.created_at)):
            result[schedule_id] = LastRun("failed", job.finished_at or job.created_at,
                                          f"Job {job.id} failed: {job.error}")
        elif outcome is not None:
            result[schedule_id] = LastRun("done", outcome.at, outcome.summary)
    return result
