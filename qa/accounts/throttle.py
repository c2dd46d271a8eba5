"""Sign-in throttling kept in the database, so it holds across web processes and restarts."""
from __future__ import annotations

import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func

from qa.accounts.models import LoginAttempt
from qa.extensions import db
from qa.timeutil import utcnow


class LoginThrottled(Exception):
    def __init__(self, retry_after_seconds: int):
        minutes = max(1, math.ceil(retry_after_seconds / 60))
        super().__init__(f"Too many failed sign-ins. Try again in {minutes} minute{'s' * (minutes != 1)}.")
        self.retry_after_seconds = retry_after_seconds


def _window_start():
    return utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])


def check_login_allowed(email: str, remote_addr: str) -> None:
    config = current_app.config
    since = _window_start()
    for column, value, limit in (
        (LoginAttempt.email, email, config["LOGIN_MAX_FAILURES_PER_EMAIL"]),
        (LoginAttempt.remote_addr, remote_addr, config["LOGIN_MAX_FAILURES_PER_IP"]),
    ):
        count, oldest = db.session.execute(
            db.select(func.count(), func.min(LoginAttempt.attempted_at))
            .where(column == value, LoginAttempt.attempted_at >= since)
        ).one()
        if count >= limit:
            retry_after = (oldest - since).total_seconds()
            raise LoginThrottled(int(retry_after) + 1)


def record_failed_login(email: str, remote_addr: str) -> None:
    db.session.add(LoginAttempt(email=email, remote_addr=remote_addr))
    db.session.flush()


def clear_failed_logins(email: str) -> None:
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
