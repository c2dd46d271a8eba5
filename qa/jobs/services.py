"""Creating, running and recovering jobs."""
from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import and_, delete, or_, update

from qa.errors import Refused
from qa.extensions import db
from qa.jobs.models import Job, JobStatus, WorkerHeartbeat
from qa.jobs.queue import send_after_commit, send_job
from qa.jobs.registry import JobContext, JobLost, handler_for, job_failed
from qa.timeutil import utcnow

log = logging.getLogger(__name__)

# Jobs this process is running, for the heartbeat thread to keep their leases alive.
_running_here: set[int] = set()
_running_lock = threading.Lock()


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue_job(kind: str, target_type: str | None = None, target_id: int | None = None,
                payload: dict[str, Any] | None = None, created_by_id: int | None = None) -> Job:
    handler_for(kind)  # fail now, not in the worker, if nothing can run it
    job = Job(kind=kind, target_type=target_type, target_id=target_id, payload=payload or {},
              created_by_id=created_by_id, max_attempts=current_app.config["JOB_MAX_ATTEMPTS"],
              dispatched_at=utcnow())
    db.session.add(job)
    db.session.flush()
    send_after_commit(db.session(), job.id)
    return job


def retry_job(job_id: int) -> Job:
    """Run a failed job again from its first unfinished step."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != JobStatus.FAILED.value:
        raise Refused("Only a failed job can be retried.")
    job.status, job.error, job.step = JobStatus.QUEUED.value, None, "waiting for a worker"
    job.max_attempts = job.attempts + current_app.config["JOB_MAX_ATTEMPTS"]
    job.dispatched_at, job.finished_at, job.lease_expires_at = utcnow(), None, None
    db.session.flush()
    send_after_commit(db.session(), job.id)
    return job


def _claim(job_id: int, worker_id: str) -> JobContext | None:
    """Atomically take a queued job, or a running one whose worker stopped heartbeating."""
    now = utcnow()
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    claimable = or_(
        Job.status == JobStatus.QUEUED.value,
        and_(Job.status == JobStatus.RUNNING.value, Job.lease_expires_at < now),
    )
    claimed = db.session.execute(
        update(Job).where(Job.id == job_id, claimable, Job.attempts < Job.max_attempts)
        .values(status=JobStatus.RUNNING.value, attempts=Job.attempts + 1, worker_id=worker_id,
                lease_expires_at=now + lease, started_at=now, error=None)
    )
    db.session.commit()
    if claimed.rowcount != 1:
        return None
    job = db.session.get(Job, job_id)
    return JobContext(job_id=job.id, kind=job.kind, attempt=job.attempts, target_type=job.target_type,
                      target_id=job.target_id, payload=dict(job.payload), steps_done=list(job.steps_done))


def execute_job(job_id: int, worker_id: str | None = None) -> bool:
    """Run one job if it can be claimed; True when this call ran it to success."""
    context = _claim(job_id, worker_id or worker_identity())
    if context is None:
        return False
    with _running_lock:
        _running_here.add(job_id)
    try:
        handler_for(context.kind)(context)
        context.commit_owned(status=JobStatus.SUCCEEDED.value, progress=100, step="done",
                             finished_at=utcnow(), lease_expires_at=None)
        return True
    except JobLost:
        log.warning("Job %s was taken over by another worker; this attempt's work is discarded", job_id)
        return False
    except Exception as error:
        db.session.rollback()
        log.exception("Job %s (%s) failed", job_id, context.kind)
        _record_failure(context, error, traceback.format_exc(limit=5))
        return False
    finally:
        with _running_lock:
            _running_here.discard(job_id)


def failure_message(error: Exception) -> str:
    """What a user is told: a refusal's own words, otherwise the kind of error and its text."""
    return str(error) if isinstance(error, Refused) else f"{type(error).__name__}: {error}"


def _record_failure(context: JobContext, error: Exception, trace: str) -> None:
    message = failure_message(error)
    db.session.execute(
        update(Job).where(Job.id == context.job_id, Job.attempts == context.attempt)
        .values(status=JobStatus.FAILED.value, error=f"{message}\n\n{trace}"[:20000],
                finished_at=utcnow(), lease_expires_at=None)
    )
    _announce_failure(context.kind, context.target_type, context.target_id, message)
    db.session.commit()


def _announce_failure(kind: str, target_type: str | None, target_id: int | None, message: str) -> None:
    job_failed.send(current_app._get_current_object(), kind=kind, target_type=target_type,
                    target_id=target_id, message=message)


def run_pending_jobs(limit: int | None = None) -> int:
    """Run queued jobs in this process (tests, and commands that wait without a worker)."""
    tried: set[int] = set()
    while limit is None or len(tried) < limit:
        job_id = db.session.scalar(db.select(Job.id).where(Job.status == JobStatus.QUEUED.value,
                                                           Job.id.not_in(tried)).order_by(Job.id).limit(1))
        if job_id is None:
            break
        tried.add(job_id)
        execute_job(job_id, f"inline:{os.getpid()}")
    return len(tried)


def renew_leases() -> None:
    with _running_lock:
        ids = list(_running_here)
    if ids:
        lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
        db.session.execute(update(Job).where(Job.id.in_(ids), Job.status == JobStatus.RUNNING.value)
                           .values(lease_expires_at=utcnow() + lease))
        db.session.commit()


def recover_stalled_jobs() -> list[int]:
    """Requeue jobs whose worker died and re-send queued jobs whose message was lost."""
    now = utcnow()
    stalled = db.session.scalars(db.select(Job).where(
        Job.status == JobStatus.RUNNING.value, Job.lease_expires_at < now)).all()
    resend: list[int] = []
    for job in stalled:
        if job.attempts >= job.max_attempts:
            job.status, job.finished_at = JobStatus.FAILED.value, now
            job.error = f"The worker stopped while running this job {job.attempts} times; giving up."
            _announce_failure(job.kind, job.target_type, job.target_id, job.error)
        else:
            job.status, job.step, job.dispatched_at = JobStatus.QUEUED.value, "retrying: its worker stopped", now
            resend.append(job.id)
    resend_before = now - timedelta(seconds=current_app.config["JOB_REDISPATCH_SECONDS"])
    for job in db.session.scalars(db.select(Job).where(
            Job.status == JobStatus.QUEUED.value, Job.dispatched_at < resend_before)):
        job.dispatched_at = now
        resend.append(job.id)
    db.session.commit()
    for job_id in resend:
        send_job(job_id)
    return resend


def beat(worker_id: str, queue: str, threads: int) -> None:
    """Record that this worker is alive, and forget workers that died without saying so."""
    dead_before = utcnow() - timedelta(seconds=10 * current_app.config["JOB_HEARTBEAT_SECONDS"])
    db.session.execute(delete(WorkerHeartbeat).where(WorkerHeartbeat.last_seen_at < dead_before))
    row = db.session.get(WorkerHeartbeat, worker_id)
    if row is None:
        db.session.add(WorkerHeartbeat(worker_id=worker_id, queue=queue, threads=threads))
    else:
        row.last_seen_at = utcnow()
    db.session.commit()


def live_workers() -> list[WorkerHeartbeat]:
    since = utcnow() - timedelta(seconds=3 * current_app.config["JOB_HEARTBEAT_SECONDS"])
    return list(db.session.scalars(db.select(WorkerHeartbeat).where(WorkerHeartbeat.last_seen_at >= since)))


def forget_worker(worker_id: str) -> None:
    row = db.session.get(WorkerHeartbeat, worker_id)
    if row is not None:
        db.session.delete(row)
        db.session.commit()


def list_jobs(status: str | None = None, limit: int = 200) -> list[Job]:
    query = db.select(Job).order_by(Job.id.desc()).limit(limit)
    if status:
        query = query.where(Job.status == status)
    return list(db.session.scalars(query))
