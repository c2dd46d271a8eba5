"""The write-up: notes, held, both sides' confirmations (and when a change clears one), and the actions."""
from datetime import timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.training.sessions.builders import booked, trainer
from training.sessions.services import cancel_session
from training.sessions.writeup import (add_action, complete_action, confirm_session, mark_held, record_notes,
                                       remove_action)


@pytest.fixture
def people(app):
    return trainer("Theo Trainer"), make_person(Role.AGENT, name="Jordan Agent")


@pytest.fixture
def held(people):
    coach, agent = people
    session = booked(coach, agent, hours=-1)
    mark_held(session.id, actor_id=coach.id, notes="Talked about holds.")
    db.session.commit()
    return session


def _kinds(user):
    return list(db.session.scalars(db.select(Notification.kind).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def _audit(action):
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)))


def test_only_the_coach_writes_notes_and_not_on_a_cancelled_session(people):
    coach, agent = people
    session = booked(coach, agent)
    for someone in (agent, trainer(), make_person(Role.ADMIN)):
        with pytest.raises(Refused, match="Only the session's coach writes it up"):
            record_notes(session.id, "Mine", actor_id=someone.id)
    assert record_notes(session.id, "  Prepared\r\npoints  ", actor_id=coach.id).notes == "Prepared\npoints"
    with pytest.raises(Refused, match="20000 characters"):
        record_notes(session.id, "x" * 20001, actor_id=coach.id)
    cancel_session(session.id, "Moved team", actor_id=coach.id)
    with pytest.raises(Refused, match="cancelled"):
        record_notes(session.id, "Late", actor_id=coach.id)


def test_held_needs_notes_and_the_start_time_to_have_come(people):
    coach, agent = people
    future, past = booked(coach, agent, hours=3), booked(coach, agent, hours=-2)
    with pytest.raises(Refused, match="Write the notes before marking the session held"):
        mark_held(past.id, actor_id=coach.id)
    with pytest.raises(Refused, match="Write the notes"):
        mark_held(past.id, actor_id=coach.id, notes="   ")
    with pytest.raises(Refused, match="mark it held once it has taken place"):
        mark_held(future.id, actor_id=coach.id, notes="Too early")
    with pytest.raises(Refused, match="Only the session's coach"):
        mark_held(past.id, actor_id=agent.id, notes="Me")
    mark_held(past.id, actor_id=coach.id, notes="Went well")
    db.session.commit()
    assert past.status == "held"
    assert _kinds(agent)[-1] == "coaching.session_notes"
    [entry] = _audit("coaching_session.held")
    assert entry.after["notes"] == "Went well" and entry.actor_id == coach.id
    with pytest.raises(Refused, match="already marked held"):
        mark_held(past.id, actor_id=coach.id)
    with pytest.raises(Refused, match="only a scheduled session can be cancelled"):
        cancel_session(past.id, "Oops", actor_id=coach.id)


def test_each_side_confirms_once_after_it_is_held(people, held):
    coach, agent = people
    scheduled = booked(coach, agent, hours=5)
    with pytest.raises(Refused, match="once it is held"):
        confirm_session(scheduled.id, actor_id=agent.id)
    for outsider in (trainer(), make_person(Role.ADMIN), make_person(Role.AGENT)):
        with pytest.raises(Refused, match="Only the session's coach and agent confirm it"):
            confirm_session(held.id, actor_id=outsider.id)
    confirm_session(held.id, actor_id=agent.id)
    db.session.commit()
    assert held.agent_confirmed_at and held.coach_confirmed_at is None
    assert _kinds(coach)[-1] == "coaching.session_confirmed"
    with pytest.raises(Refused, match="You confirmed this session on"):
        confirm_session(held.id, actor_id=agent.id)
    confirm_session(held.id, actor_id=coach.id)
    db.session.commit()
    assert held.coach_confirmed_at
    assert [e.after["side"] for e in _audit("coaching_session.confirmed")] == ["agent", "coach"]


@pytest.mark.parametrize("change", ["notes", "add action", "remove action"])
def test_a_change_after_the_agent_confirmed_clears_their_confirmation(people, held, change):
    coach, agent = people
    action = add_action(held.id, "Listen back to two calls", agent.id, actor_id=coach.id)
    confirm_session(held.id, actor_id=agent.id)
    confirm_session(held.id, actor_id=coach.id)
    db.session.commit()
    before = len(_kinds(agent))
    if change == "notes":
        record_notes(held.id, "Talked about holds and refunds.", actor_id=coach.id)
    elif change == "add action":
        add_action(held.id, "Shadow Theo", agent.id, actor_id=coach.id)
    else:
        remove_action(action.id, actor_id=coach.id)
    db.session.commit()
    assert held.agent_confirmed_at is None and held.coach_confirmed_at is not None
    assert _kinds(agent)[before:] == ["coaching.session_notes"]
    assert len(_audit("coaching_session.reopened")) == 1
    confirm_session(held.id, actor_id=agent.id)  # and they may confirm again
    assert held.agent_confirmed_at is not None


def test_saving_the_same_notes_or_ticking_an_action_clears_nothing(people, held):
    coach, agent = people
    action = add_action(held.id, "Listen back", agent.id, actor_id=coach.id)
    confirm_session(held.id, actor_id=agent.id)
    record_notes(held.id, "Talked about holds.\n", actor_id=coach.id)
    complete_action(action.id, actor_id=agent.id)
    db.session.commit()
    assert held.agent_confirmed_at is not None and action.done_at is not None


def test_action_rules(people):
    coach, agent = people
    session = booked(coach, agent, hours=24)
    day = session.scheduled_at.date()
    action = add_action(session.id, "  Read   the refund policy ", agent.id, actor_id=coach.id, due_on=day)
    assert (action.text, action.owner_id, action.due_on) == ("Read the refund policy", agent.id, day)
    assert add_action(session.id, "Send the call list", coach.id, actor_id=coach.id).due_on is None
    with pytest.raises(Refused, match="before the session"):
        add_action(session.id, "Late", agent.id, actor_id=coach.id, due_on=day - timedelta(days=1))
    with pytest.raises(Refused, match="the agent's or the coach's"):
        add_action(session.id, "Someone else", trainer().id, actor_id=coach.id)
    with pytest.raises(Refused, match="Say what is to be done"):
        add_action(session.id, " ", agent.id, actor_id=coach.id)
    with pytest.raises(Refused, match="500 characters"):
        add_action(session.id, "x" * 501, agent.id, actor_id=coach.id)
    assert add_action(session.id, "x" * 500, agent.id, actor_id=coach.id)
    with pytest.raises(Refused, match="Only the session's coach"):
        add_action(session.id, "Mine", agent.id, actor_id=agent.id)
    with pytest.raises(Refused, match="Only the session's coach"):
        remove_action(action.id, actor_id=agent.id)
    db.session.commit()


def test_the_owner_or_the_coach_ticks_an_action_done_and_undone(people):
    coach, agent = people
    session = booked(coach, agent, hours=24)
    agents_own = add_action(session.id, "Practise the greeting", agent.id, actor_id=coach.id)
    coachs_own = add_action(session.id, "Find two golden calls", coach.id, actor_id=coach.id)
    with pytest.raises(Refused, match="Only the action's owner or the coach"):
        complete_action(coachs_own.id, actor_id=agent.id)
    with pytest.raises(Refused, match="Only the action's owner or the coach"):
        complete_action(agents_own.id, actor_id=make_person(Role.ADMIN).id)
    first = complete_action(agents_own.id, actor_id=agent.id).done_at
    assert first is not None and complete_action(agents_own.id, actor_id=agent.id).done_at == first  # once
    assert complete_action(agents_own.id, actor_id=coach.id, done=False).done_at is None
    assert complete_action(coachs_own.id, actor_id=coach.id).done_at is not None
    cancel_session(session.id, "Agent left", actor_id=coach.id)
    with pytest.raises(Refused, match="cancelled"):
        complete_action(agents_own.id, actor_id=agent.id)
    with pytest.raises(Refused, match="There is no action 999"):
        complete_action(999, actor_id=agent.id)
