"""A real `callibrate worker` is killed mid-job; a second worker finishes the job exactly once."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func

from qa.accounts.models import Team
from qa.extensions import db
from qa.jobs import services
from qa.jobs.models import Job, WorkerHeartbeat

pytestmark = [pytest.mark.slow, pytest.mark.queue]
ROOT = Path(__file__).resolve().parents[3]
CALLIBRATE = Path(sys.executable).parent / "callibrate"


def worker_environment(app) -> dict:
    config = app.config
    env = {key: value for key, value in os.environ.items() if not key.startswith("CALLIBRATE_")}
    env.update({
        "PYTHONPATH": str(ROOT),
        "CALLIBRATE_INSTANCE_PATH": app.instance_path,
        "CALLIBRATE_DATABASE_URL": config["DATABASE_URL"],
        "CALLIBRATE_QUEUE_URL": config["QUEUE_URL"],
        "CALLIBRATE_STORAGE_PATH": config["STORAGE_PATH"],
        "CALLIBRATE_SECRET_KEY": config["SECRET_KEY"],
        "CALLIBRATE_JOB_MODULES": json.dumps(config["JOB_MODULES"]),
        "CALLIBRATE_JOB_LEASE_SECONDS": "2",
        "CALLIBRATE_JOB_HEARTBEAT_SECONDS": "1",
    })
    return env


def start_worker(app, log_path: Path) -> subprocess.Popen:
    log = log_path.open("ab")
    return subprocess.Popen([str(CALLIBRATE), "worker", "--threads", "2"], env=worker_environment(app),
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)


def wait_for(condition, timeout: float, what: str, log_path: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # see other processes' commits
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}; worker log:\n{log_path.read_text()}")


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
