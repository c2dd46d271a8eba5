"""Scheduling rules: who coaches whom, when, for how long, on which plan; overlaps; rescheduling and
cancelling; the lists; the agent is told and the audit log records it."""
from datetime import timedelta

import pytest

from qa.accounts.services import set_user_active
from qa.audit.models import AuditEntry
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.training.sessions.builders import assigned_plan, at, booked, trainer
from training.plans.models import PlanStatus
from training.sessions.models import CoachingSessionStatus
from training.sessions.services import (cancel_session, reschedule_session, schedule_session, sessions_for_agent,
                                        sessions_for_coach)


@pytest.fixture
def people(app):
    return trainer("Theo Trainer"), make_person(Role.AGENT, name="Jordan Agent")


def _notes_of(user):
    return list(db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def test_scheduling_tells_the_agent_and_is_audited(people):
    coach, agent = people
    session = booked(coach, agent, hours=48, minutes=45)
    assert (session.status, session.duration_minutes, session.agenda) == ("scheduled", 45, "")
    [note] = _notes_of(agent)
    assert note.kind == "coaching.session_scheduled" and note.link == f"/coaching/sessions/{session.id}"
    assert "Theo Trainer scheduled a coaching session with you on" in note.message
    assert db.session.scalar(db.select(AuditEntry.action).where(AuditEntry.target_type == "coaching_session",
                                                                AuditEntry.target_id == session.id)) == \
        "coaching_session.scheduled"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.TRAINER])
def test_trainers_and_admins_coach(people, role):
    _, agent = people
    coach = make_person(role)
    assert booked(coach, agent).coach_id == coach.id


@pytest.mark.parametrize("role", [Role.QA_LEAD, Role.REVIEWER, Role.AGENT])
def test_others_neither_coach_nor_schedule(people, role):
    coach, agent = people
    other = make_person(role)
    with pytest.raises(Refused, match="Only an active trainer or admin can coach"):
        schedule_session(agent.id, other.id, at(24), 30, actor_id=coach.id)
    with pytest.raises(Refused, match="Only trainers and admins can schedule"):
        schedule_session(agent.id, coach.id, at(24), 30, actor_id=other.id)


def test_the_agent_is_an_active_agent_and_not_the_coach(people):
    coach, agent = people
    both = make_person(Role.TRAINER, Role.AGENT)
    for someone in (make_person(Role.REVIEWER), coach):
        with pytest.raises(Refused, match="Choose an active agent"):
            schedule_session(someone.id, both.id, at(24), 30, actor_id=coach.id)
    with pytest.raises(Refused, match="two people"):
        schedule_session(both.id, both.id, at(24), 30, actor_id=coach.id)
    set_user_active(agent.id, False, make_person(Role.ADMIN).id)
    with pytest.raises(Refused, match="Choose an active agent"):
        schedule_session(agent.id, coach.id, at(24), 30, actor_id=coach.id)


def test_a_session_that_just_happened_can_be_recorded_but_not_one_from_the_day_before(people):
    coach, agent = people
    assert booked(coach, agent, hours=-23).status == "scheduled"
    with pytest.raises(Refused, match="more than a day ago"):
        schedule_session(agent.id, coach.id, at(-25), 30, actor_id=coach.id)
    with pytest.raises(Refused, match="at most a year ahead"):
        schedule_session(agent.id, coach.id, at(24 * 367), 30, actor_id=coach.id)
    with pytest.raises(Refused, match="Give the date and time"):
        schedule_session(agent.id, coach.id, None, 30, actor_id=coach.id)


@pytest.mark.parametrize("minutes, ok", [(4, False), (5, True), (240, True), (241, False), (None, False)])
def test_a_session_lasts_5_to_240_minutes(people, minutes, ok):
    coach, agent = people
    if ok:
        assert booked(coach, agent, minutes=minutes).duration_minutes == minutes
    else:
        with pytest.raises(Refused, match="5 to 240 minutes"):
            schedule_session(agent.id, coach.id, at(24), minutes, actor_id=coach.id)


def test_the_plan_is_the_agents_own_and_assigned(people):
    coach, agent = people
    other = make_person(Role.AGENT, name="Other Agent")
    with pytest.raises(Refused, match="is not one of Jordan Agent's plans"):
        booked(coach, agent, plan=assigned_plan(other))
    for status in (PlanStatus.PROPOSED, PlanStatus.DISMISSED, PlanStatus.CANCELLED):
        with pytest.raises(Refused, match=f"The plan is {status}"):
            booked(coach, agent, plan=assigned_plan(agent, status=status.value))
    db.session.rollback()
    assert booked(coach, agent, plan=assigned_plan(agent, status="completed")).plan.status == "completed"


def test_the_agenda_is_made_from_the_plan_unless_one_is_given(people):
    coach, agent = people
    plan = assigned_plan(agent, modules=["Acknowledging feelings"], done=["Listening basics"])
    made = booked(coach, agent, plan=plan, hours=24)
    lines = made.agenda.split("\n")
    assert lines[0] == "Plan: Empathy first" and lines[1].startswith("Empathy: 62 of 100 on 7 evaluations")
    assert "Module to do: Acknowledging feelings" in lines and not any("Listening basics" in x for x in lines)
    given = booked(coach, agent, plan=plan, hours=48, agenda="  Talk about holds\r\nThen about refunds  ")
    assert given.agenda == "Talk about holds\nThen about refunds"
    assert booked(coach, agent, plan=plan, hours=72, agenda="   ").agenda == made.agenda
    with pytest.raises(Refused, match="5000 characters"):
        booked(coach, agent, hours=96, agenda="x" * 5001)


def test_overlapping_sessions_of_the_coach_or_the_agent_are_refused(people):
    coach, agent = people
    other_agent, other_coach = make_person(Role.AGENT, name="Sam Agent"), trainer("Uma Trainer")
    first = booked(coach, agent, hours=24, minutes=30)
    start = first.scheduled_at
    span = f"{start:%H:%M}\u2013{start + timedelta(minutes=30):%H:%M} UTC on {start:%Y-%m-%d}"
    with pytest.raises(Refused, match=f"Theo Trainer already has a session with Jordan Agent {span}"):
        schedule_session(other_agent.id, coach.id, start + timedelta(minutes=29), 30, actor_id=coach.id)
    with pytest.raises(Refused, match=f"Jordan Agent already has a session with Theo Trainer {span}"):
        schedule_session(agent.id, other_coach.id, start - timedelta(minutes=10), 15, actor_id=other_coach.id)
    with pytest.raises(Refused, match="already has a session"):  # one that wraps the other entirely
        schedule_session(agent.id, other_coach.id, start - timedelta(minutes=60), 240, actor_id=other_coach.id)
    # back to back is fine, and so is another pair at the same time
    assert booked(coach, other_agent, hours=24.5).id
    assert schedule_session(agent.id, other_coach.id, start - timedelta(minutes=30), 30, actor_id=other_coach.id)
    assert schedule_session(make_person(Role.AGENT).id, trainer().id, start, 30, actor_id=coach.id)


def test_a_cancelled_session_frees_its_time_and_a_held_one_does_not(people):
    coach, agent = people
    first = booked(coach, agent, hours=24)
    cancel_session(first.id, "Off sick", actor_id=coach.id)
    assert booked(coach, agent, hours=24).status == "scheduled"
    held = booked(coach, agent, hours=-3)
    held.status = CoachingSessionStatus.HELD.value
    db.session.commit()
    with pytest.raises(Refused, match="already has a session"):
        schedule_session(agent.id, trainer().id, held.scheduled_at, 30, actor_id=coach.id)


def test_rescheduling_moves_checks_and_tells(people):
    coach, agent = people
    session, other = booked(coach, agent, hours=24), booked(coach, agent, hours=30)
    with pytest.raises(Refused, match="already has a session"):
        reschedule_session(session.id, other.scheduled_at, 30, actor_id=coach.id)
    later = session.scheduled_at + timedelta(minutes=15)
    moved = reschedule_session(session.id, later, 45, actor_id=coach.id)
    db.session.commit()
    assert (moved.scheduled_at, moved.duration_minutes) == (later, 45)
    assert _notes_of(agent)[-1].kind == "coaching.session_rescheduled"
    assert "now on" in _notes_of(agent)[-1].message
    # only the agenda: no "moved" notification
    count = len(_notes_of(agent))
    reschedule_session(session.id, moved.scheduled_at, 45, actor_id=coach.id, agenda="New agenda")
    assert moved.agenda == "New agenda" and len(_notes_of(agent)) == count


def test_only_the_coach_or_an_admin_reschedules_or_cancels(people):
    coach, agent = people
    session = booked(coach, agent)
    colleague, admin = trainer(), make_person(Role.ADMIN, name="Ada Admin")
    with pytest.raises(Refused, match="Only the session's coach or an admin can reschedule"):
        reschedule_session(session.id, session.scheduled_at, 60, actor_id=colleague.id)
    with pytest.raises(Refused, match="Only the session's coach or an admin can cancel"):
        cancel_session(session.id, "No", actor_id=colleague.id)
    reschedule_session(session.id, session.scheduled_at, 60, actor_id=admin.id, coach_id=colleague.id)
    db.session.commit()
    assert session.coach_id == colleague.id
    assert "Ada Admin gave you the coaching session with Jordan Agent" in _notes_of(colleague)[-1].message
    with pytest.raises(Refused, match="Only an active trainer or admin can coach"):
        reschedule_session(session.id, session.scheduled_at, 60, actor_id=admin.id, coach_id=agent.id)


def test_cancelling_needs_a_reason_tells_both_and_is_final(people):
    coach, agent = people
    session = booked(coach, agent)
    admin = make_person(Role.ADMIN)
    with pytest.raises(Refused, match="Say why"):
        cancel_session(session.id, "  ", actor_id=coach.id)
    with pytest.raises(Refused, match="500 characters"):
        cancel_session(session.id, "x" * 501, actor_id=coach.id)
    cancel_session(session.id, "Agent   on leave", actor_id=admin.id)
    db.session.commit()
    assert session.status == "cancelled"
    for person in (agent, coach):
        assert _notes_of(person)[-1].message.endswith("is cancelled: Agent on leave")
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "coaching_session.cancelled"))
    assert entry.after == {"status": "cancelled", "reason": "Agent on leave"} and entry.actor_id == admin.id
    with pytest.raises(Refused, match="only a scheduled session can be cancelled"):
        cancel_session(session.id, "Again", actor_id=coach.id)
    with pytest.raises(Refused, match="only a scheduled session can be rescheduled"):
        reschedule_session(session.id, session.scheduled_at, 30, actor_id=coach.id)


def test_lists_put_upcoming_sessions_first_soonest_first(people):
    coach, agent = people
    later, soon = booked(coach, agent, hours=72), booked(coach, agent, hours=24)
    old, older = booked(coach, agent, hours=-2), booked(coach, agent, hours=-20)
    for past in (old, older):
        cancel_session(past.id, "Done elsewhere", actor_id=coach.id)
    other = booked(trainer(), make_person(Role.AGENT), hours=24)
    db.session.commit()
    assert [s.id for s in sessions_for_agent(agent.id)] == [soon.id, later.id, old.id, older.id]
    assert [s.id for s in sessions_for_coach(coach.id)] == [soon.id, later.id, old.id, older.id]
    assert other not in sessions_for_agent(agent.id)
