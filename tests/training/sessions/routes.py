"""Coaching session routes for the access matrix (tests/qa/test_access_matrix.py): trainers, QA leads and
admins read every session, trainers and admins schedule and write them up, an agent opens, confirms and ticks
actions of their own only (the matrix's session is another agent's: a 404, which the matrix counts as let in;
the 404 itself is tested in test_views); reviewers reach none of it."""
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.training.sessions.builders import booked
from training.sessions.writeup import add_action

READERS = frozenset({Role.TRAINER, Role.QA_LEAD, Role.ADMIN})
COACHES = frozenset({Role.TRAINER, Role.ADMIN})
OPENERS = READERS | {Role.AGENT}
CONFIRMERS = COACHES | {Role.AGENT}

EXPECTED = {
    "training_sessions.index": READERS,
    "training_sessions.new": COACHES,
    "training_sessions.show": OPENERS,
    "training_sessions.calendar": OPENERS,
    "training_sessions.edit": COACHES,
    "training_sessions.cancel": COACHES,
    "training_sessions.notes": COACHES,
    "training_sessions.confirm": CONFIRMERS,
    "training_sessions.add_action": COACHES,
    "training_sessions.tick_action": CONFIRMERS,
    "training_sessions.remove_action": COACHES,
}


def targets(make_user) -> dict:
    coach = make_person(Role.TRAINER, email="session-coach@test.example.com")
    agent = make_person(Role.AGENT, email="session-agent@test.example.com")
    session = booked(coach, agent, hours=48)
    action = add_action(session.id, "Matrix action", agent.id, actor_id=coach.id)
    return {"session_id": session.id, "action_id": action.id}
