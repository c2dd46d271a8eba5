"""The Huey queue: SQLite file by default, Redis when QUEUE_URL says so.

Only job ids travel through the queue. A message is sent after the transaction that created
the job commits, so a worker never sees a job id whose row does not exist yet.
"""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, current_app
from huey import Huey, RedisHuey, SqliteHuey
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING_KEY = "callibrate_jobs_to_dispatch"


def build_huey(queue_url: str) -> Huey:
    if queue_url.startswith("sqlite:///"):
        path = Path(queue_url[len("sqlite:///"):])
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey("callibrate", filename=str(path), results=False)
    return RedisHuey("callibrate", url=queue_url, results=False)


def queue_kind(queue_url: str) -> str:
    return "sqlite" if queue_url.startswith("sqlite") else "redis"


def register_queue(app: Flask, execute_job) -> None:
    huey = build_huey(app.config["QUEUE_URL"])

    @huey.task(name="callibrate.run_job")
    def run_job(job_id: int) -> None:
        with app.app_context():
            execute_job(job_id)

    app.extensions["huey"] = huey
    app.extensions["huey_run_job"] = run_job


def send_job(job_id: int) -> None:
    """Put a job id on the queue now. A failure is logged: the recovery sweep re-sends it."""
    try:
        current_app.extensions["huey_run_job"](job_id)
    except Exception:
        log.exception("Could not send job %s to the queue; it will be re-sent by a worker's sweep", job_id)


def send_after_commit(session: Session, job_id: int) -> None:
    session.info.setdefault(PENDING_KEY, []).append(job_id)


@event.listens_for(Session, "after_commit")
def _send_committed_jobs(session: Session) -> None:
    for job_id in session.info.pop(PENDING_KEY, []):
        send_job(job_id)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_jobs(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
