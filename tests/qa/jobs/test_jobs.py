from datetime import timedelta

import pytest
from sqlalchemy import func, update

from qa.accounts.models import Team
from qa.extensions import db
from qa.jobs import services
from qa.jobs.models import Job, JobStatus
from qa.jobs.registry import JobLost, UnknownJobKind
from qa.timeutil import utcnow


def team_count(prefix: str) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Team).where(Team.name.like(f"{prefix}%")))


def reload(job_id: int) -> Job:
    return db.session.get(Job, job_id, populate_existing=True)


@pytest.fixture
def queue_app(app_factory, backend_queue_url):
    """An app on each queue backend (SQLite, and Redis when configured)."""
    app = app_factory(QUEUE_URL=backend_queue_url)
    with app.app_context():
        app.extensions["huey"].flush()
        yield app


def test_job_is_sent_to_the_queue_only_after_commit(queue_app):
    huey = queue_app.extensions["huey"]
    job = services.enqueue_job("test.two_steps")
    assert huey.pending_count() == 0, "sent before its row was committed"
    db.session.commit()
    assert huey.pending_count() == 1
    assert reload(job.id).status == JobStatus.QUEUED


def test_a_rolled_back_job_is_never_sent(queue_app):
    huey = queue_app.extensions["huey"]
    services.enqueue_job("test.two_steps")
    db.session.rollback()
    db.session.commit()
    assert huey.pending_count() == 0
    assert db.session.scalar(db.select(func.count()).select_from(Job)) == 0


def test_unknown_job_kind_is_refused_when_enqueued(app):
    with pytest.raises(UnknownJobKind, match="no.such.kind"):
        services.enqueue_job("no.such.kind")


def test_job_runs_its_steps_and_records_progress(app):
    job = services.enqueue_job("test.two_steps", target_type="team", target_id=7)
    db.session.commit()
    assert services.run_pending_jobs() == 1
    done = reload(job.id)
    assert (done.status, done.progress, done.step, done.attempts) == ("succeeded", 100, "done", 1)
    assert done.steps_done == ["first", "second"]
    assert done.finished_at >= done.started_at
    assert team_count(f"job-{job.id}-") == 2


def test_a_second_delivery_of_a_finished_job_does_nothing(app):
    job = services.enqueue_job("test.two_steps")
    db.session.commit()
    assert services.execute_job(job.id, "worker-a") is True
    assert services.execute_job(job.id, "worker-b") is False
    assert team_count(f"job-{job.id}-") == 2
    assert reload(job.id).attempts == 1


def test_a_failing_job_keeps_its_error_and_none_of_its_writes(app):
    job = services.enqueue_job("test.fails_after_write")
    db.session.commit()
    services.run_pending_jobs()
    failed = reload(job.id)
    assert failed.status == JobStatus.FAILED
    assert "RuntimeError: the disk is on fire" in failed.error
    assert team_count(f"job-{job.id}-") == 0


def test_a_failed_job_can_be_retried_from_its_first_unfinished_step(app):
    job = services.enqueue_job("test.two_steps")
    db.session.commit()
    db.session.execute(update(Job).where(Job.id == job.id).values(
        status="failed", steps_done=["first"], attempts=3, error="earlier failure"))
    db.session.commit()
    services.retry_job(job.id)
    db.session.commit()
    services.run_pending_jobs()
    done = reload(job.id)
    assert done.status == "succeeded" and done.error is None
    assert team_count(f"job-{job.id}-first") == 0, "a finished step ran again"
    assert team_count(f"job-{job.id}-second") == 1


def test_only_failed_jobs_can_be_retried(app):
    job = services.enqueue_job("test.two_steps")
    db.session.commit()
    with pytest.raises(ValueError, match="failed"):
        services.retry_job(job.id)


def test_a_worker_that_lost_its_lease_cannot_commit(app):
    job = services.enqueue_job("test.two_steps")
    db.session.commit()
    first = services._claim(job.id, "worker-a")
    db.session.execute(update(Job).where(Job.id == job.id).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    second = services._claim(job.id, "worker-b")
    assert (first.attempt, second.attempt) == (1, 2)
    db.session.add(Team(name="written-by-the-stale-worker"))
    with pytest.raises(JobLost):
        first.complete_step("first", 50)
    assert team_count("written-by-the-stale-worker") == 0


def test_recovery_requeues_a_job_whose_worker_stopped(queue_app):
    huey = queue_app.extensions["huey"]
    job = services.enqueue_job("test.two_steps")
    db.session.commit()
    services._claim(job.id, "dead-worker")
    huey.flush()
    db.session.execute(update(Job).where(Job.id == job.id).values(lease_expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert services.recover_stalled_jobs() == [job.id]
    assert reload(job.id).status == JobStatus.QUEUED
    assert huey.pending_count() == 1


def test_recovery_gives_up_after_the_last_attempt(app):
    job = services.enqueue_job("test.two_steps")
    db.session.commit()
    db.session.execute(update(Job).where(Job.id == job.id).values(
        status="running", attempts=job.max_attempts, lease_expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert services.recover_stalled_jobs() == []
    failed = reload(job.id)
    assert failed.status == JobStatus.FAILED and "stopped" in failed.error


def test_recovery_resends_a_queued_job_whose_message_was_lost(queue_app):
    huey = queue_app.extensions["huey"]
    job = services.enqueue_job("test.two_steps")
    db.session.commit()
    huey.flush()
    assert services.recover_stalled_jobs() == [], "resent too early"
    db.session.execute(update(Job).where(Job.id == job.id).values(dispatched_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert services.recover_stalled_jobs() == [job.id]
    assert huey.pending_count() == 1
