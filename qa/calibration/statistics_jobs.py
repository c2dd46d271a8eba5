"""The jobs that compute agreement statistics ahead of the pages, into qa.calibration.statistics_cache.

- `calibration.statistics` warms one session's statistics as soon as it is revealed: queued when the last
  participant's counted score reveals it (qa.reviews' evaluation_submitted), and by the workers' supervisor
  for sessions whose deadline passed within WARM_WITHIN without a computation since. So the facilitator
  normally opens a revealed session to statistics already there; on a miss the page computes them itself.
- `calibration.agreement_report` computes the statistics pooled over a version's sessions in a period
  (qa.calibration.pooled), queued by the pooled page on a cache miss; the page waits for it.

Neither is queued while one for the same session (or the same report key) is waiting or running. The check
and the queueing happen under a lock on the session's (or the version's) row, so on PostgreSQL two requests
or supervisors queue one job; SQLite has no row locks, and there a race can at worst queue a second job,
which finds the statistics fresh and does nothing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import String, and_, cast, literal, or_

from qa.calibration.models import AgreementCache, CalibrationItem, CalibrationSession, SessionKind
from qa.calibration.pooled import (PoolBasis, PooledReport, compute_pooled, pool_basis, report_from_payload,
                                   report_payload)
from qa.calibration.services import counted, counted_evaluations, revealed
from qa.calibration.side_by_side import build_board
from qa.calibration.statistics_cache import board_statistics, cached_payload, store_payload
from qa.extensions import db
from qa.jobs import job_handler
from qa.jobs.models import Job, JobStatus
from qa.jobs.registry import JobContext
from qa.jobs.services import enqueue_job
from qa.reviews.models import Evaluation
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.models import ScorecardVersion

SESSION_JOB = "calibration.statistics"
REPORT_JOB = "calibration.agreement_report"
PENDING = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
# The supervisor warms sessions whose deadline passed this recently; an older one is computed when opened.
WARM_WITHIN = timedelta(days=7)
# Pooled reports of other periods nobody asked for in this long are deleted when a new one is stored.
KEEP_REPORTS = timedelta(days=30)
log = logging.getLogger(__name__)


def _pending(kind: str, target_id: int, key: str | None = None) -> Job | None:
    jobs = db.session.scalars(db.select(Job).where(Job.kind == kind, Job.target_id == target_id,
                                                   Job.status.in_(PENDING)).order_by(Job.id))
    return next((job for job in jobs if key is None or job.payload.get("key") == key), None)


def _lock(model, row_id: int) -> None:
    # Serialises the check for a pending job and the queueing (FOR UPDATE; SQLite leaves it out).
    db.session.execute(db.select(model.id).where(model.id == row_id).with_for_update())


def enqueue_session_statistics(session_id: int) -> Job | None:
    """Queue the warm-up of the session's statistics; None when one is waiting or running already."""
    _lock(CalibrationSession, session_id)
    if _pending(SESSION_JOB, session_id) is not None:
        return None
    return enqueue_job(SESSION_JOB, target_type="calibration_session", target_id=session_id)


@job_handler(SESSION_JOB)
def warm_session_statistics(context: JobContext) -> None:
    if context.needs("compute"):
        session = db.session.get(CalibrationSession, context.target_id)
        # A session deleted since, or (never queued so) still blind: nothing to show, nothing to compute.
        if session is not None and revealed(session):
            board_statistics(build_board(session, counted_evaluations(session), session.items))
        context.complete_step("compute", 100)


def on_evaluation_submitted(evaluation: Evaluation, **_) -> None:
    """qa.reviews' evaluation_submitted receiver: the counted score that reveals a session queues its warm-up."""
    if evaluation.calibration_item_id is None:
        return
    item = db.session.get(CalibrationItem, evaluation.calibration_item_id)
    if item is None or item.session.kind != SessionKind.CALIBRATION.value or not counted(item.session, evaluation):
        return
    # Locked before looking: two participants submitting the last two scores at once take turns, so the
    # second sees the first's score and queues, instead of each seeing the other's draft and neither queueing.
    _lock(CalibrationSession, item.session_id)
    if revealed(item.session):
        enqueue_session_statistics(item.session_id)


def sessions_to_warm(now: datetime) -> list[int]:
    """Calibration sessions whose deadline passed within WARM_WITHIN with neither statistics computed nor a
    warm-up queued since (nor one pending): one query, so every supervisor pass can ask."""
    key = literal("session:", String).concat(cast(CalibrationSession.id, String))
    computed = db.select(AgreementCache.key).where(AgreementCache.key == key,
                                                   AgreementCache.computed_at >= CalibrationSession.deadline_at)
    queued = db.select(Job.id).where(Job.kind == SESSION_JOB, Job.target_id == CalibrationSession.id, or_(
        Job.status.in_(PENDING), Job.created_at >= CalibrationSession.deadline_at))
    return list(db.session.scalars(db.select(CalibrationSession.id).where(
        CalibrationSession.kind == SessionKind.CALIBRATION.value,
        and_(CalibrationSession.deadline_at <= now, CalibrationSession.deadline_at > now - WARM_WITHIN),
        ~computed.exists(), ~queued.exists()).order_by(CalibrationSession.id)))


def enqueue_due_warmups(now: datetime | None = None) -> list[int]:
    """Queue the warm-up of every session `sessions_to_warm` names; the ids of the jobs queued."""
    queued = []
    for session_id in sessions_to_warm(now or utcnow()):
        job = enqueue_session_statistics(session_id)
        db.session.commit()  # one session at a time: its lock is held only while its job is queued
        if job is not None:
            queued.append(job.id)
    return queued


def on_supervisor_tick(sender, **_) -> None:
    # Caught here: an exception would stop the tick's other receivers (scheduled runs) for this pass.
    try:
        queued = enqueue_due_warmups()
    except Exception:
        log.exception("Queueing calibration statistics failed; the supervisor tries again on its next pass")
        db.session.rollback()
        return
    if queued:
        log.info("Queued calibration statistics: jobs %s", queued)


@dataclass(frozen=True)
class ReportState:
    """What the pooled page shows: the report, or that it is being computed, or why its job failed."""
    report: PooledReport | None = None
    job: Job | None = None
    error: str | None = None

    @property
    def computing(self) -> bool:
        return self.report is None and self.error is None and self.job is not None


def report_state(basis: PoolBasis, user_id: int | None) -> ReportState:
    """The cached report when fresh; else the pending job, the error of the job that failed on these very
    answers, or a job queued now (flushed; the caller commits)."""
    definition = parse_definition(basis.version.definition)
    payload = cached_payload(basis.key, basis.fingerprint)
    if payload is not None:
        try:
            return ReportState(report=report_from_payload(payload, definition))
        except (KeyError, TypeError):
            pass  # another shape: compute it again
    latest = _latest_report_job(basis)
    if latest is not None and latest.status in PENDING:
        return ReportState(job=latest)
    if (latest is not None and latest.status == JobStatus.FAILED.value
            and latest.payload.get("fingerprint") == basis.fingerprint):
        return ReportState(job=latest, error=(latest.error or "").split("\n\n")[0])
    return ReportState(job=enqueue_report(basis, user_id))


def _latest_report_job(basis: PoolBasis) -> Job | None:
    jobs = db.session.scalars(db.select(Job).where(Job.kind == REPORT_JOB, Job.target_id == basis.version.id)
                              .order_by(Job.id.desc()).limit(200))
    return next((job for job in jobs if job.payload.get("key") == basis.key), None)


def enqueue_report(basis: PoolBasis, user_id: int | None) -> Job:
    """Queue the pooled report of the basis, or return the job already waiting or running for its key."""
    _lock(ScorecardVersion, basis.version.id)
    pending = _pending(REPORT_JOB, basis.version.id, basis.key)
    if pending is not None:
        return pending
    return enqueue_job(REPORT_JOB, target_type="scorecard_version", target_id=basis.version.id,
                       created_by_id=user_id,
                       payload={"key": basis.key, "fingerprint": basis.fingerprint,
                                "from": basis.date_from.isoformat(), "to": basis.date_to.isoformat()})


@job_handler(REPORT_JOB)
def compute_report(context: JobContext) -> None:
    if context.needs("compute"):
        version = db.session.get(ScorecardVersion, context.target_id)
        if version is None:
            raise LookupError(f"Scorecard version {context.target_id} no longer exists.")
        # Read again: answers may have changed since the page asked, and the stored fingerprint must be theirs.
        basis = pool_basis(version, date.fromisoformat(context.payload["from"]),
                           date.fromisoformat(context.payload["to"]))
        if cached_payload(basis.key, basis.fingerprint) is None:
            store_payload(basis.key, basis.fingerprint, report_payload(compute_pooled(basis)))
            _forget_old_reports(version.id, basis.key)
        context.complete_step("compute", 100)


def _forget_old_reports(version_id: int, keep: str) -> None:
    db.session.execute(db.delete(AgreementCache).where(
        AgreementCache.key.like(f"version:{version_id}:%"), AgreementCache.key != keep,
        AgreementCache.computed_at < utcnow() - KEEP_REPORTS))

