"""Calibration sessions' routes for the access matrix (tests/qa/test_access_matrix.py): reviewers take part,
QA leads and admins run sessions and schedules; agents and trainers reach none of it."""
from datetime import timedelta

from qa.calibration.schedules import ScheduleSettings, save_schedule
from qa.calibration.services import create_session
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import published_scorecard, ready_chat

TAKING_PART = frozenset({Role.REVIEWER, Role.QA_LEAD, Role.ADMIN})
LEADS = frozenset({Role.QA_LEAD, Role.ADMIN})

EXPECTED = {
    "calibration.index": TAKING_PART,
    "calibration.new_session": LEADS,
    "calibration.show": TAKING_PART,
    "calibration.score": TAKING_PART,
    "calibration.item": TAKING_PART,
    "calibration.gold": LEADS,
    "calibration.close": LEADS,
    "calibration.answers": LEADS,
    "calibration.schedules": LEADS,
    "calibration.new_schedule": LEADS,
    "calibration.edit_schedule": LEADS,
    "calibration.run_now": LEADS,
}


def targets(make_user) -> dict:
    lead = make_user(Role.QA_LEAD, email="calibration-lead@test.example.com")
    agent = make_user(Role.AGENT, email="calibration-agent@test.example.com")
    reviewers = [make_user(Role.REVIEWER, email=f"calibration-{n}@test.example.com") for n in (1, 2)]
    card = published_scorecard(name="Calibration matrix")
    session = create_session("Matrix calibration", card.versions[0].id, [ready_chat(agent).id],
                             [r.id for r in reviewers], utcnow() + timedelta(days=1), lead.id, False)
    schedule = save_schedule(None, ScheduleSettings("Matrix schedule", card.id, [r.id for r in reviewers]), lead.id)
    db.session.commit()
    return {"session_id": session.id, "item_id": session.items[0].id, "schedule_id": schedule.id}
