"""What happened to a session, oldest first, read from the audit log its services write (scheduled,
rescheduled, held, confirmed, reopened, cancelled): one list both sides read on the session page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from qa.audit.models import AuditEntry
from qa.extensions import db
from training.sessions.models import CoachingSession

TITLES = {
    "coaching_session.scheduled": "Scheduled",
    "coaching_session.rescheduled": "Rescheduled",
    "coaching_session.held": "Held and written up",
    "coaching_session.confirmed": "Confirmed",
    "coaching_session.reopened": "Changed after confirmation",
    "coaching_session.cancelled": "Cancelled",
}


@dataclass(frozen=True)
class TimelineEvent:
    at: datetime
    title: str
    who: str | None
    detail: str


def session_timeline(session: CoachingSession) -> list[TimelineEvent]:
    entries = db.session.scalars(db.select(AuditEntry).where(
        AuditEntry.target_type == "coaching_session", AuditEntry.target_id == session.id,
        AuditEntry.action.in_(TITLES)).order_by(AuditEntry.at, AuditEntry.id))
    return [TimelineEvent(entry.at, TITLES[entry.action], entry.actor.name if entry.actor else None,
                          _detail(entry)) for entry in entries]


def _detail(entry: AuditEntry) -> str:
    after = entry.after or {}
    if entry.action in ("coaching_session.scheduled", "coaching_session.rescheduled") and after.get("scheduled_at"):
        start = datetime.fromisoformat(after["scheduled_at"])
        end = start + timedelta(minutes=after.get("duration_minutes") or 0)
        return f"for {start:%Y-%m-%d, %H:%M}\u2013{end:%H:%M} UTC"
    if entry.action == "coaching_session.confirmed":
        return f"as the {after.get('side', 'participant')}"
    if entry.action == "coaching_session.reopened":
        return f"the {after.get('changed', 'record')} changed; the agent confirms again"
    if entry.action == "coaching_session.cancelled":
        return after.get("reason", "")
    return ""
