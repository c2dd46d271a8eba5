"""Scenes for the effect and dashboard tests: evaluations on a scorecard whose criteria train competencies,
submitted at chosen times through the real review services, and modules and plans done at chosen times.

    sheet = competency_scorecard()
    scored(agent, sheet, when, empathy="3", monkeypatch=monkeypatch)   # empathy score 50 at `when`
    plan = coaching_plan(agent, ["empathy"], assigned_at=when, done={module: when + 3 days})
"""
from __future__ import annotations

import itertools
from datetime import date, datetime

from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import make_person, published_scorecard, ready_chat, submitted_evaluation
from training.modules.models import CoachingModule, ModuleStatus
from training.plans.models import CoachingPlan, PlanModule, PlanModuleStatus, PlanStatus

# Empathy is scored by a 1–5 scale (1 → 0, 3 → 50, 5 → 100) and a yes/no of weight 1 each; a greeting trains
# communication. So an evaluation's empathy score is the mean of the scale's share and the yes/no.
COMPETENCY_DEFINITION = {
    "pass_mark": 70,
    "sections": [
        {"key": "care", "name": "Care", "weight": 70, "criteria": [
            {"key": "warmth", "question": "How warm was the agent?", "answer_type": "scale", "weight": 1,
             "competency": "empathy", "scale": {"min": 1, "max": 5}},
            {"key": "acknowledged", "question": "Did the agent acknowledge the problem?", "answer_type": "yes_no",
             "weight": 1, "competency": "empathy"}]},
        {"key": "opening", "name": "Opening", "weight": 30, "criteria": [
            {"key": "greeting", "question": "Did the agent greet the customer?", "answer_type": "yes_no",
             "weight": 1, "competency": "communication"}]},
    ],
}
# The scale's answer for an empathy score when "acknowledged" is yes: (share + 1) / 2 × 100.
WARMTH_FOR = {50: "1", 62.5: "2", 75: "3", 87.5: "4", 100: "5"}
_numbers = itertools.count(1)


def competency_scorecard():
    return published_scorecard(COMPETENCY_DEFINITION)


def scored(agent, scorecard, when: datetime, *, empathy: float = 100, greeting: str = "yes", reviewer=None,
           monkeypatch):
    """A live evaluation submitted at `when` whose empathy score is `empathy` (one of WARMTH_FOR)."""
    reviewer = reviewer or make_person(Role.REVIEWER)
    with monkeypatch.context() as patched:
        patched.setattr("qa.reviews.services.utcnow", lambda: when)
        return submitted_evaluation(agent=agent, reviewer=reviewer, scorecard=scorecard, interaction=ready_chat(agent),
                                    answers={"warmth": WARMTH_FOR[empathy], "acknowledged": "yes",
                                             "greeting": greeting})


def coaching_module(title: str = "", competencies=("empathy",), status: str = ModuleStatus.PUBLISHED.value,
                    minutes: int = 15) -> CoachingModule:
    module = CoachingModule(title=title or f"Module {next(_numbers)}", competencies=list(competencies),
                            status=status, estimated_minutes=minutes)
    db.session.add(module)
    db.session.commit()
    return module


def coaching_plan(agent, focus, *, assigned_at: datetime | None = None, status: str | None = None,
                  modules=(), done: dict | None = None, spent: dict | None = None, goal_due: date | None = None,
                  trainer=None, completed_at: datetime | None = None) -> CoachingPlan:
    """A plan for `agent` on `focus`; `modules` in order, those in `done` completed at the given times."""
    done, spent = done or {}, spent or {}
    status = status or (PlanStatus.ACTIVE.value if assigned_at else PlanStatus.PROPOSED.value)
    plan = CoachingPlan(agent_id=agent.id, trainer_id=trainer.id if trainer else None, status=status,
                        title=f"Plan {next(_numbers)}", focus=list(focus), goal_competency=focus[0] if focus else None,
                        goal_target=80, goal_due=goal_due, assigned_at=assigned_at, completed_at=completed_at)
    for position, module in enumerate(list(modules) + [m for m in done if m not in modules]):
        finished = done.get(module)
        plan.modules.append(PlanModule(module_id=module.id, position=position,
                                       status=PlanModuleStatus.DONE.value if finished else PlanModuleStatus.TODO.value,
                                       started_at=finished, completed_at=finished,
                                       seconds_spent=spent.get(module, 600 if finished else 0)))
    db.session.add(plan)
    db.session.commit()
    return plan
