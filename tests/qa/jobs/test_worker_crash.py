"""A real `callibrate worker` is killed mid-job; a second worker finishes the job exactly once."""
import signal
import socket

import pytest

from qa.accounts.models import Team
from qa.extensions import db
from qa.jobs import services
from qa.jobs.models import Job, WorkerHeartbeat
from tests.workers import start_worker, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.queue]


def job_row(job_id: int) -> Job:
    return db.session.get(Job, job_id, populate_existing=True)


def test_killed_worker_job_is_finished_exactly_once_by_another(app_factory, backend_queue_url, tmp_path):
    app = app_factory(QUEUE_URL=backend_queue_url)
    log_path = tmp_path / "worker.log"
    with app.app_context():
        app.extensions["huey"].flush()
        job = services.enqueue_job("test.two_steps", payload={"sleep_first_attempt": 120})
        db.session.commit()

        first = start_worker(app, log_path)
        try:
            wait_for(lambda: job_row(job.id).step == "sleeping", 60, "the first worker to reach step two", log_path)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            first.kill()
        interrupted = job_row(job.id)
        assert (interrupted.status, interrupted.attempts, interrupted.steps_done) == ("running", 1, ["first"])

        second = start_worker(app, log_path)
        try:
            wait_for(lambda: job_row(job.id).status == "succeeded", 60, "the second worker to finish", log_path)
            second_id = f"{socket.gethostname()}:{second.pid}"
            assert db.session.get(WorkerHeartbeat, second_id) is not None
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=20)

        done = job_row(job.id)
        assert done.attempts == 2 and done.steps_done == ["first", "second"]
        names = db.session.scalars(db.select(Team.name).where(Team.name.like(f"job-{job.id}-%"))).all()
        assert sorted(names) == [f"job-{job.id}-first", f"job-{job.id}-second"]
        db.session.rollback()
        assert db.session.get(WorkerHeartbeat, second_id) is None, "a stopped worker should remove its heartbeat"
