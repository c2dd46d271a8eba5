"""Scheduling coaching sessions (one-to-ones): schedule, reschedule, cancel, and who may see which.

Rules, in one place:
- Trainers and admins coach; QA leads read every session but change none. The agent is an active agent.
- Only the session's coach or an admin reschedules or cancels it (an admin steps in when a trainer is away).
- A session may start up to a day ago, so a one-to-one that just happened can be recorded afterwards, and at
  most a year ahead; it lasts 5 to 240 minutes.
- It may not overlap another session, scheduled or held, of the coach or of the agent (cancelled ones free
  their time).
- Its plan, if any, is the agent's own and assigned (active or completed): agents never see proposed plans,
  and the agenda made from one would show it.
The write-up (notes, actions, held, confirmations) is in training.sessions.writeup. Each function flushes;
the caller commits.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import selectinload

from qa.accounts.models import User
from qa.audit import record
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.services import notify
from qa.roles import Role
from qa.timeutil import utcnow
from training.plans.models import CoachingPlan, PlanModuleStatus, PlanStatus
from training.sessions.agenda import AgendaSource, plan_agenda
from training.sessions.models import CoachingSession, CoachingSessionStatus as Status

COACH_ROLES = (Role.TRAINER, Role.ADMIN)
READER_ROLES = (Role.TRAINER, Role.QA_LEAD, Role.ADMIN)
MIN_MINUTES, MAX_MINUTES = 5, 240
EARLIEST = timedelta(days=1)    # how long ago a session may be recorded as having started
LATEST = timedelta(days=366)
AGENDA_MAX = 5000
REASON_MAX = 500
PLAN_STATUSES = (PlanStatus.ACTIVE.value, PlanStatus.COMPLETED.value)
PAST_LIMIT = 200


def find_session(session_id: int) -> CoachingSession:
    session = db.session.get(CoachingSession, session_id)
    if session is None:
        raise Refused(f"There is no coaching session {session_id}.")
    return session


def can_open(session: CoachingSession, user: User) -> bool:
    """Coaching staff open every session; an agent only their own (others are a 404 to them)."""
    return user.has_any_role(READER_ROLES) or session.agent_id == user.id


def can_change(session: CoachingSession, user: User) -> bool:
    return user.id == session.coach_id or user.has_role(Role.ADMIN)


def schedule_session(agent_id: int, coach_id: int, scheduled_at: datetime, duration_minutes: int, *,
                     actor_id: int, plan_id: int | None = None, agenda: str | None = None) -> CoachingSession:
    """A new session; with a plan and no agenda given, the agenda is made from the plan's evidence."""
    actor = _coach(actor_id, "schedule")
    agent, coach = _agent(agent_id), _coach(coach_id, "coach")
    if agent.id == coach.id:
        raise Refused("The coach and the agent must be two people.")
    _check_time(scheduled_at, duration_minutes)
    plan = _plan_of(agent, plan_id)
    _lock_and_check_overlap(coach, agent, scheduled_at, duration_minutes, None)
    text = _agenda_text(agenda) if agenda and agenda.strip() else (default_agenda(plan) if plan else "")
    session = CoachingSession(agent_id=agent.id, coach_id=coach.id, plan_id=plan.id if plan else None,
                              scheduled_at=scheduled_at, duration_minutes=duration_minutes, agenda=text)
    db.session.add(session)
    db.session.flush()
    record("coaching_session.scheduled", "coaching_session", session.id, actor.id,
           f"{coach.name} with {agent.name} on {when(session)}", after=_timing(session))
    notify([agent.id], "coaching.session_scheduled",
           f"{coach.name} scheduled a coaching session with you on {when(session)}.", link_to(session))
    return session


def reschedule_session(session_id: int, scheduled_at: datetime, duration_minutes: int, *, actor_id: int,
                       coach_id: int | None = None, agenda: str | None = None) -> CoachingSession:
    """Move a scheduled session, hand it to another coach, or change its agenda (None keeps it)."""
    session = find_session(session_id)
    actor = _changer(session, actor_id, "reschedule")
    if session.status != Status.SCHEDULED:
        raise Refused(f"The session is {session.status}; only a scheduled session can be rescheduled.")
    coach = _coach(coach_id, "coach") if coach_id is not None else session.coach
    if coach is None:
        raise Refused("Choose the coach: the session's coach no longer has an account.")
    if coach.id == session.agent_id:
        raise Refused("The coach and the agent must be two people.")
    _check_time(scheduled_at, duration_minutes)
    _lock_and_check_overlap(coach, session.agent, scheduled_at, duration_minutes, session.id)
    before = _timing(session)
    moved = (scheduled_at, duration_minutes, coach.id) != (session.scheduled_at, session.duration_minutes,
                                                           session.coach_id)
    session.scheduled_at, session.duration_minutes, session.coach_id = scheduled_at, duration_minutes, coach.id
    session.coach = coach
    if agenda is not None:
        session.agenda = _agenda_text(agenda)
    db.session.flush()
    if moved:
        record("coaching_session.rescheduled", "coaching_session", session.id, actor.id,
               f"{coach.name} with {session.agent.name} moved to {when(session)}", before=before,
               after=_timing(session))
        notify([session.agent_id], "coaching.session_rescheduled",
               f"Your coaching session with {coach.name} is now on {when(session)}.", link_to(session))
        if coach.id != before["coach_id"] and coach.id != actor.id:
            notify([coach.id], "coaching.session_rescheduled",
                   f"{actor.name} gave you the coaching session with {session.agent.name} on {when(session)}.",
                   link_to(session))
    return session


def cancel_session(session_id: int, reason: str, *, actor_id: int) -> CoachingSession:
    session = find_session(session_id)
    actor = _changer(session, actor_id, "cancel")
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused("Say why the session is cancelled; the agent is told.")
    if len(reason) > REASON_MAX:
        raise Refused(f"Keep the reason to {REASON_MAX} characters.")
    if session.status != Status.SCHEDULED:
        raise Refused(f"The session is {session.status}; only a scheduled session can be cancelled.")
    session.status = Status.CANCELLED.value
    db.session.flush()
    record("coaching_session.cancelled", "coaching_session", session.id, actor.id,
           f"Session of {when(session)} with {session.agent.name} cancelled: {reason}",
           before={"status": Status.SCHEDULED.value}, after={"status": session.status, "reason": reason})
    told = [session.agent_id] + ([session.coach_id] if session.coach_id not in (None, actor.id) else [])
    notify(told, "coaching.session_cancelled",
           f"The coaching session of {when(session)} is cancelled: {reason}", link_to(session))
    return session


def default_agenda(plan: CoachingPlan) -> str:
    return plan_agenda(AgendaSource(
        title=plan.title, focus=list(plan.focus or []), evidence=plan.evidence or {},
        goal_competency=plan.goal_competency, goal_target=plan.goal_target, goal_due=plan.goal_due,
        modules_to_do=tuple(m.module.title for m in plan.modules if m.status != PlanModuleStatus.DONE)))


def sessions_for_agent(agent_id: int) -> list[CoachingSession]:
    """Upcoming (scheduled) sessions first, soonest first; then the rest, latest first."""
    return list_sessions(agent_id=agent_id)


def sessions_for_coach(coach_id: int) -> list[CoachingSession]:
    return list_sessions(coach_id=coach_id)


def list_sessions(*, coach_id: int | None = None, agent_id: int | None = None) -> list[CoachingSession]:
    # The lists show each session's people, plan and open actions: loaded in a few queries, not one per row.
    query = db.select(CoachingSession).options(
        selectinload(CoachingSession.agent), selectinload(CoachingSession.coach),
        selectinload(CoachingSession.plan), selectinload(CoachingSession.actions))
    if coach_id is not None:
        query = query.where(CoachingSession.coach_id == coach_id)
    if agent_id is not None:
        query = query.where(CoachingSession.agent_id == agent_id)
    scheduled = CoachingSession.status == Status.SCHEDULED.value
    upcoming = db.session.scalars(query.where(scheduled).order_by(CoachingSession.scheduled_at,
                                                                  CoachingSession.id))
    past = db.session.scalars(query.where(~scheduled).order_by(CoachingSession.scheduled_at.desc(),
                                                               CoachingSession.id.desc()).limit(PAST_LIMIT))
    return [*upcoming, *past]


def ends_at(session: CoachingSession) -> datetime:
    return session.scheduled_at + timedelta(minutes=session.duration_minutes)


def awaits_write_up(session: CoachingSession) -> bool:
    """A scheduled session whose time is over: the coach has notes to write and "held" to mark."""
    return session.status == Status.SCHEDULED and ends_at(session) <= utcnow()


def when(session: CoachingSession) -> str:
    return f"{session.scheduled_at:%Y-%m-%d}, {span(session.scheduled_at, session.duration_minutes)} UTC"


def span(start: datetime, minutes: int) -> str:
    return f"{start:%H:%M}\u2013{start + timedelta(minutes=minutes):%H:%M}"


def link_to(session: CoachingSession) -> str:
    return f"/coaching/sessions/{session.id}"


def coaches() -> list[User]:
    return _active_with(COACH_ROLES)


def agents() -> list[User]:
    return _active_with((Role.AGENT,))


def assigned_plans(agent_id: int | None = None) -> list[CoachingPlan]:
    """The plans a session may be about: assigned (active or completed), newest first."""
    query = db.select(CoachingPlan).where(CoachingPlan.status.in_(PLAN_STATUSES))
    if agent_id is not None:
        query = query.where(CoachingPlan.agent_id == agent_id)
    return list(db.session.scalars(query.order_by(CoachingPlan.id.desc())))


def _active_with(roles) -> list[User]:
    return [user for user in db.session.scalars(db.select(User).where(User.active.is_(True)).order_by(User.name))
            if user.has_any_role(roles)]


def _coach(user_id: int, doing: str) -> User:
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or not user.has_any_role(COACH_ROLES):
        raise Refused("Only an active trainer or admin can coach." if doing == "coach"
                      else f"Only trainers and admins can {doing} coaching sessions.")
    return user


def _agent(user_id: int) -> User:
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active or not user.has_role(Role.AGENT):
        raise Refused("Choose an active agent to coach.")
    return user


def _changer(session: CoachingSession, actor_id: int, doing: str) -> User:
    actor = db.session.get(User, actor_id)
    if actor is None or not can_change(session, actor):
        raise Refused(f"Only the session's coach or an admin can {doing} it.")
    return actor


def _check_time(scheduled_at: datetime, duration_minutes: int) -> None:
    if scheduled_at is None:
        raise Refused("Give the date and time the session starts.")
    now = utcnow()
    if scheduled_at < now - EARLIEST:
        raise Refused("The session would have started more than a day ago; give a time from yesterday on.")
    if scheduled_at > now + LATEST:
        raise Refused("Schedule sessions at most a year ahead.")
    if duration_minutes is None or not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        raise Refused(f"A session lasts {MIN_MINUTES} to {MAX_MINUTES} minutes.")


def _plan_of(agent: User, plan_id: int | None) -> CoachingPlan | None:
    if plan_id is None:
        return None
    plan = db.session.get(CoachingPlan, plan_id)
    if plan is None or plan.agent_id != agent.id:
        raise Refused(f"Plan {plan_id} is not one of {agent.name}'s plans.")
    if plan.status not in PLAN_STATUSES:
        raise Refused(f"The plan is {plan.status}; a session can only be about an assigned plan.")
    return plan


def _lock_and_check_overlap(coach: User, agent: User, start: datetime, minutes: int,
                            session_id: int | None) -> None:
    """Refuse a time either person already has a session at. The two users' rows are locked first (on
    PostgreSQL), so two trainers booking the same person at once cannot both pass the check."""
    db.session.execute(db.select(User.id).where(User.id.in_(sorted({coach.id, agent.id})))
                       .order_by(User.id).with_for_update())
    end = start + timedelta(minutes=minutes)
    people = (coach.id, agent.id)
    candidates = db.session.scalars(db.select(CoachingSession).where(
        CoachingSession.status != Status.CANCELLED.value,
        CoachingSession.scheduled_at < end,
        CoachingSession.scheduled_at > start - timedelta(minutes=MAX_MINUTES),
        (CoachingSession.coach_id.in_(people)) | (CoachingSession.agent_id.in_(people)))
        .order_by(CoachingSession.scheduled_at))
    for other in candidates:
        if other.id == session_id or ends_at(other) <= start:
            continue
        busy = coach if coach.id in (other.coach_id, other.agent_id) else agent
        partner = other.agent if busy.id == other.coach_id else other.coach
        raise Refused(f"{busy.name} already has a session with {partner.name if partner else 'a former coach'} "
                      f"{span(other.scheduled_at, other.duration_minutes)} UTC on {other.scheduled_at:%Y-%m-%d}.")


def _agenda_text(agenda: str) -> str:
    text = agenda.replace("\r\n", "\n").strip()
    if len(text) > AGENDA_MAX:
        raise Refused(f"Keep the agenda to {AGENDA_MAX} characters.")
    return text


def _timing(session: CoachingSession) -> dict:
    return {"scheduled_at": session.scheduled_at, "duration_minutes": session.duration_minutes,
            "coach_id": session.coach_id}
