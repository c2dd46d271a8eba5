"""People, plans and sessions for the session tests.

    coach, agent = trainer(name="Theo Trainer"), make_person(name="Jordan Agent")
    plan = assigned_plan(agent, evidence=EVIDENCE, modules=["Acknowledging feelings"])
    session = booked(coach, agent, hours=2)           # through schedule_session, committed

Plans are rows written directly: what a session reads of one is its fields, not how the plans part made it.
"""
from __future__ import annotations

from datetime import date, timedelta

from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from training.modules.models import CoachingModule, ModuleStatus
from training.plans.models import CoachingPlan, PlanModule, PlanModuleStatus, PlanStatus
from training.sessions.models import CoachingSession
from training.sessions.services import schedule_session

# A snapshot as the plans part stores it (dataclasses.asdict of the profile's types, per focus competency).
EVIDENCE = {
    "as_of": "2026-02-01", "threshold": 75,
    "competencies": {
        "empathy": {"label": "Empathy", "score": 61.7, "low": 52.0, "high": 71.4, "adjusted": None,
                    "n_evaluations": 7, "team_median": 78.0, "evidence": [
                        {"evaluation_id": 11, "interaction_id": 101, "submitted_at": "2026-01-20T10:00:00",
                         "criterion_key": "empathy", "question": "How empathetic was the agent?", "share": 0.5,
                         "moment_position": None, "moment_time": None, "moment_text": None},
                        {"evaluation_id": 12, "interaction_id": 102, "submitted_at": "2026-01-21T09:30:00",
                         "criterion_key": "empathy", "question": "How empathetic was the agent?", "share": 0.0,
                         "moment_position": 4, "moment_time": 83.2, "moment_text": "Cut the customer off:\n\"not my problem\""},
                        {"evaluation_id": 13, "interaction_id": 103, "submitted_at": "2026-01-22T15:00:00",
                         "criterion_key": "empathy", "question": "How empathetic was the agent?", "share": 0.25,
                         "moment_position": None, "moment_time": None, "moment_text": None},
                        {"evaluation_id": 14, "interaction_id": 104, "submitted_at": "2026-01-23T15:00:00",
                         "criterion_key": "empathy", "question": "How empathetic was the agent?", "share": 0.75,
                         "moment_position": None, "moment_time": None, "moment_text": None}]},
        "compliance_verification": {"label": "Compliance and verification", "score": 70.0, "low": None,
                                    "high": None, "adjusted": 68.4, "n_evaluations": 1, "team_median": None,
                                    "evidence": []},
    },
}


def trainer(name: str | None = None):
    return make_person(Role.TRAINER, name=name)


def assigned_plan(agent, *, evidence=None, focus=("empathy", "compliance_verification"), modules=(), done=(),
                  status: str = PlanStatus.ACTIVE.value, goal_due: date | None = date(2026, 4, 30)) -> CoachingPlan:
    plan = CoachingPlan(agent_id=agent.id, status=status, title="Empathy first", focus=list(focus),
                        goal_competency=focus[0] if focus else None, goal_target=80, goal_due=goal_due,
                        evidence=EVIDENCE if evidence is None else evidence, assigned_at=utcnow())
    for position, title in enumerate([*modules, *done]):
        module = CoachingModule(title=title, competencies=["empathy"], status=ModuleStatus.PUBLISHED.value)
        state = PlanModuleStatus.DONE.value if title in done else PlanModuleStatus.TODO.value
        plan.modules.append(PlanModule(module=module, position=position, status=state))
    db.session.add(plan)
    db.session.commit()
    return plan


def booked(coach, agent, *, hours: float = 24, minutes: int = 30, plan=None, agenda=None,
           actor=None) -> CoachingSession:
    """A session starting `hours` from now (negative: it already started), committed."""
    session = schedule_session(agent.id, coach.id, at(hours), minutes, actor_id=(actor or coach).id,
                               plan_id=plan.id if plan else None, agenda=agenda)
    db.session.commit()
    return session


def at(hours: float):
    return utcnow().replace(second=0, microsecond=0) + timedelta(hours=hours)
