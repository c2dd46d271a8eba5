"""Writing a session up: the coach's notes, the agreed actions, "held", and both sides' confirmations.

Rules:
- Only the session's coach writes notes, adds or removes actions and marks it held; nothing of a cancelled
  session changes.
- Held needs notes, and the session's start time to have come.
- Once held, the coach and the agent each confirm once. When the coach changes the notes or the actions after
  the agent confirmed, the agent's confirmation is cleared and they are asked again: they confirmed what was
  written then. Ticking an action done is follow-up, not a change of the record, and clears nothing.
- An action's owner is the agent or the coach; its due date, if any, is not before the session's day. The
  owner or the coach ticks it done (or undone).
Each function flushes; the caller commits.
"""
from __future__ import annotations

from datetime import date

from qa.accounts.models import User
from qa.audit import record
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.services import notify
from qa.timeutil import utcnow
from training.sessions.models import CoachingSession, CoachingSessionStatus as Status, SessionAction
from training.sessions.services import find_session, link_to, when

NOTES_MAX = 20000
ACTION_MAX = 500


def record_notes(session_id: int, notes: str, *, actor_id: int) -> CoachingSession:
    session = _writable(session_id, actor_id)
    text = (notes or "").replace("\r\n", "\n").strip()
    if len(text) > NOTES_MAX:
        raise Refused(f"Keep the notes to {NOTES_MAX} characters.")
    if text != session.notes:
        session.notes = text
        _changed_after_confirmation(session, "notes")
    db.session.flush()
    return session


def mark_held(session_id: int, *, actor_id: int, notes: str | None = None) -> CoachingSession:
    """The session took place: with its notes (given here or saved before), the agent is asked to confirm."""
    if notes is not None:
        record_notes(session_id, notes, actor_id=actor_id)
    session = _writable(session_id, actor_id)
    if session.status != Status.SCHEDULED:
        raise Refused("The session is already marked held.")
    if not session.notes:
        raise Refused("Write the notes before marking the session held; the agent confirms them.")
    if session.scheduled_at > utcnow():
        raise Refused(f"The session starts {when(session)}; mark it held once it has taken place.")
    session.status = Status.HELD.value
    db.session.flush()
    record("coaching_session.held", "coaching_session", session.id, actor_id,
           f"Session of {when(session)} with {session.agent.name} held",
           before={"status": Status.SCHEDULED.value}, after={"status": session.status, "notes": session.notes,
                                                            "actions": [a.text for a in session.actions]})
    notify([session.agent_id], "coaching.session_notes",
           f"{session.coach.name} wrote up your coaching session of {when(session)}: the notes await your "
           f"confirmation.", link_to(session))
    return session


def confirm_session(session_id: int, *, actor_id: int) -> CoachingSession:
    """The coach or the agent confirms the held session's notes and actions, once each."""
    session = find_session(session_id)
    if actor_id == session.coach_id:
        side, field = "coach", "coach_confirmed_at"
    elif actor_id == session.agent_id:
        side, field = "agent", "agent_confirmed_at"
    else:
        raise Refused("Only the session's coach and agent confirm it.")
    if session.status != Status.HELD:
        raise Refused("A session is confirmed once it is held and written up.")
    if getattr(session, field) is not None:
        raise Refused(f"You confirmed this session on {getattr(session, field):%Y-%m-%d %H:%M} UTC.")
    setattr(session, field, utcnow())
    db.session.flush()
    actor = db.session.get(User, actor_id)
    record("coaching_session.confirmed", "coaching_session", session.id, actor_id,
           f"{actor.name} confirmed the session of {when(session)} as the {side}",
           after={"side": side, "notes": session.notes, "actions": [a.text for a in session.actions]})
    if side == "agent" and session.coach_id is not None:
        notify([session.coach_id], "coaching.session_confirmed",
               f"{actor.name} confirmed the notes of your coaching session of {when(session)}.", link_to(session))
    return session


def add_action(session_id: int, text: str, owner_id: int, *, actor_id: int,
               due_on: date | None = None) -> SessionAction:
    session = _writable(session_id, actor_id)
    text = " ".join((text or "").split())
    if not text:
        raise Refused("Say what is to be done.")
    if len(text) > ACTION_MAX:
        raise Refused(f"Keep an action to {ACTION_MAX} characters.")
    if owner_id not in (session.agent_id, session.coach_id):
        raise Refused("An action is the agent's or the coach's.")
    if due_on is not None and due_on < session.scheduled_at.date():
        raise Refused(f"The due date is before the session ({session.scheduled_at:%Y-%m-%d}); give a later one.")
    action = SessionAction(session=session, text=text, owner_id=owner_id, due_on=due_on)
    db.session.add(action)
    _changed_after_confirmation(session, "actions")
    db.session.flush()
    return action


def complete_action(action_id: int, *, actor_id: int, done: bool = True) -> SessionAction:
    action = _action(action_id)
    session = action.session
    if actor_id not in (action.owner_id, session.coach_id):
        raise Refused("Only the action's owner or the coach ticks it done.")
    if session.status == Status.CANCELLED:
        raise Refused("The session is cancelled; its actions no longer change.")
    if done and action.done_at is None:
        action.done_at = utcnow()
    elif not done:
        action.done_at = None
    db.session.flush()
    return action


def remove_action(action_id: int, *, actor_id: int) -> CoachingSession:
    action = _action(action_id)
    session = _writable(action.session_id, actor_id)
    session.actions.remove(action)
    _changed_after_confirmation(session, "actions")
    db.session.flush()
    return session


def find_action(action_id: int) -> SessionAction:
    return _action(action_id)


def _action(action_id: int) -> SessionAction:
    action = db.session.get(SessionAction, action_id)
    if action is None:
        raise Refused(f"There is no action {action_id}.")
    return action


def _writable(session_id: int, actor_id: int) -> CoachingSession:
    session = find_session(session_id)
    if actor_id != session.coach_id:
        raise Refused("Only the session's coach writes it up.")
    if session.status == Status.CANCELLED:
        raise Refused("The session is cancelled; nothing of it changes any more.")
    return session


def _changed_after_confirmation(session: CoachingSession, what: str) -> None:
    """The coach changed the record: the agent's confirmation was of the old one."""
    if session.agent_confirmed_at is None:
        return
    session.agent_confirmed_at = None
    record("coaching_session.reopened", "coaching_session", session.id, session.coach_id,
           f"The {what} changed after {session.agent.name} confirmed; their confirmation is cleared",
           after={"changed": what})
    notify([session.agent_id], "coaching.session_notes",
           f"{session.coach.name} changed the {what} of your coaching session of {when(session)} after you "
           f"confirmed: they await your confirmation again.", link_to(session))
