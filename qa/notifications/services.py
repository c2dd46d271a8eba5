"""Creating notifications and reading or marking a user's own. Each flushes; the caller commits."""
from __future__ import annotations

from datetime import datetime
from typing import Iterable

from flask import current_app
from sqlalchemy import func, update

from qa.accounts.models import User
from qa.extensions import db
from qa.jobs.services import enqueue_job
from qa.notifications.models import Notification
from qa.timeutil import utcnow

EMAIL_JOB = "notifications.email"
PAGE_SIZE = 50


def notify(user_ids: Iterable[int], kind: str, message: str, link: str | None) -> list[Notification]:
    """One notification per user (each named once). With SMTP configured, each active user with an
    e-mail address also gets a message, sent by a job once the caller's transaction commits."""
    if link is not None and not (link.startswith("/") and not link.startswith("//")):
        raise ValueError(f"A notification links to a path inside the app, not {link!r}")
    recipients = list(dict.fromkeys(user_ids))
    notifications = [Notification(user_id=user_id, kind=kind, message=message, link=link)
                     for user_id in recipients]
    db.session.add_all(notifications)
    db.session.flush()
    if current_app.config["SMTP_HOST"] and notifications:
        reachable = set(db.session.scalars(db.select(User.id).where(
            User.id.in_(recipients), User.active.is_(True), User.email != "")))
        for notification in notifications:
            if notification.user_id in reachable:
                enqueue_job(EMAIL_JOB, target_type="notification", target_id=notification.id)
    return notifications


def unread_count(user_id: int) -> int:
    return db.session.scalar(db.select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))


def list_notifications(user_id: int, before_id: int | None = None,
                       limit: int = PAGE_SIZE) -> tuple[list[Notification], int | None]:
    """The user's own, newest first; and the id to page on from (None on the last page)."""
    query = db.select(Notification).where(Notification.user_id == user_id)
    if before_id is not None:
        query = query.where(Notification.id < before_id)
    rows = list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1].id if more else None


def find_own_notification(user_id: int, notification_id: int) -> Notification | None:
    """None for another user's notification as for a missing one, so ids reveal nothing."""
    return db.session.scalar(db.select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user_id))


def mark_read(notification: Notification, at: datetime | None = None) -> Notification:
    if notification.read_at is None:
        notification.read_at = at or utcnow()
        db.session.flush()
    return notification


def mark_all_read(user_id: int) -> int:
    """Mark every unread notification of the user read; returns how many."""
    result = db.session.execute(
        update(Notification).where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session="fetch"))
    db.session.flush()
    return result.rowcount
