"""Job kinds and the context a handler works through.

A handler is split into steps. Each finished step is committed together with the mark that it
is done, under a fence that checks this worker still owns the job; so a job interrupted by a
crash is retried from its first unfinished step and its effects land exactly once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable

from blinker import Namespace
from flask import current_app
from sqlalchemy import update

from qa.extensions import db
from qa.jobs.models import Job, JobStatus
from qa.timeutil import utcnow

HANDLERS: dict[str, Callable[["JobContext"], None]] = {}

# Sent (with kind, target_type, target_id, message) after a job is marked failed, so the package
# that owns the target can show the failure on it.
job_failed = Namespace().signal("job-failed")
# Sent (sender: the app) on every pass of the workers' supervisor, inside an app context, so packages
# can do periodic work (such as queueing scheduled runs) without a scheduler of their own.
supervisor_tick = Namespace().signal("supervisor-tick")


class JobLost(Exception):
    """Another worker took the job over (our lease ran out); our uncommitted work is discarded."""


class UnknownJobKind(Exception):
    pass


def job_handler(kind: str) -> Callable:
    def register(handler: Callable[[JobContext], None]) -> Callable[[JobContext], None]:
        if kind in HANDLERS and HANDLERS[kind] is not handler:
            raise ValueError(f"Job kind {kind!r} is registered twice")
        HANDLERS[kind] = handler
        return handler
    return register


def handler_for(kind: str) -> Callable[[JobContext], None]:
    try:
        return HANDLERS[kind]
    except KeyError:
        raise UnknownJobKind(f"No handler for job kind {kind!r}; is its module loaded by the worker?") from None


@dataclass
class JobContext:
    job_id: int
    kind: str
    attempt: int
    target_type: str | None = None
    target_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    steps_done: list[str] = field(default_factory=list)

    def needs(self, step: str) -> bool:
        return step not in self.steps_done

    def progress(self, percent: int, step: str) -> None:
        """Show progress; commits, so call it between units of work, never half-way through one."""
        self.commit_owned(progress=max(0, min(100, percent)), step=step[:120])

    def complete_step(self, step: str, percent: int) -> None:
        """Commit the step's work and its 'done' mark in one transaction."""
        self.steps_done = [*self.steps_done, step]
        self.commit_owned(progress=max(0, min(100, percent)), step=step[:120], steps_done=self.steps_done)

    def commit_owned(self, **values: Any) -> None:
        lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
        fenced = db.session.execute(
            update(Job)
            .where(Job.id == self.job_id, Job.attempts == self.attempt, Job.status == JobStatus.RUNNING.value)
            .values(**{"lease_expires_at": utcnow() + lease, **values})
        )
        if fenced.rowcount != 1:
            db.session.rollback()
            raise JobLost(f"Job {self.job_id} attempt {self.attempt} no longer owns the job")
        db.session.commit()
