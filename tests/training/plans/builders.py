"""Agents with real evaluations behind their profiles, modules and plans, built through the services.

    agent = evaluated_agent(5, tone="2")     # five submitted evaluations: empathy 43.75, compliance 100
    module = published_module("Empathy basics", ["empathy"])
    plan = proposed_plan(agent, trainer, [module])      # PROPOSED, written by the trainer
    plan = active_plan(agent, trainer, [module])        # and assigned

Scores come from tests.training.profiles.builders.PROFILE_DEFINITION: an evaluation's empathy score is
(empathy_words + 3 × empathy_tone's share) ÷ 4 × 100, so with empathy_words "yes" the tone "1" gives 25,
"2" 43.75, "3" 62.5, "4" 81.25 and "5" 100.
"""
from __future__ import annotations

from datetime import timedelta

from qa.accounts.models import User
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from scorecards.models import Scorecard
from tests.qa.reviews.builders import make_person
from tests.training.profiles.builders import profile_scorecard, scored
from training.modules.models import CoachingModule
from training.modules.services import ModuleInput, create_module, publish_module
from training.plans.models import CoachingPlan
from training.plans.services import PlanInput, assign_plan, create_plan

EMPATHY_FOR_TONE = {"1": 25.0, "2": 43.75, "3": 62.5, "4": 81.25, "5": 100.0}


def evaluated_agent(n: int, *, tone: str = "2", agent: User | None = None, scorecard: Scorecard | None = None,
                    reviewer: User | None = None, moment: bool = False, **fields) -> User:
    """An agent (made unless given) with `n` live evaluations submitted over the last days, empathy's tone `tone`.
    With `moment`, the first evaluation has a comment pinned on its second line about the tone."""
    agent = agent or make_person(Role.AGENT, **fields)
    scorecard = scorecard or profile_scorecard()
    reviewer = reviewer or make_person(Role.REVIEWER)
    for day in range(n):
        moments = [(1, "Flat tone when the customer was upset", "empathy_tone")] if moment and day == 0 else None
        scored(agent, reviewer, scorecard, {"empathy_tone": tone}, when=utcnow() - timedelta(days=day + 1),
               moments=moments)
    return agent


def published_module(title: str = "Empathy in practice", competencies=("empathy",), minutes: int = 10,
                     body: str = "Name the feeling before you solve the problem.") -> CoachingModule:
    module = create_module(ModuleInput(title, list(competencies), minutes, body=body), None)
    publish_module(module.id, None)
    db.session.commit()
    return module


def plan_input(modules=(), *, focus=("empathy",), goal: str | None = "empathy", target: float | None = 75,
               title: str = "Warmer conversations", note: str = "") -> PlanInput:
    return PlanInput(title=title, focus=list(focus), goal_competency=goal, goal_target=target if goal else None,
                     goal_due=utcnow().date() + timedelta(weeks=6), module_ids=[m.id for m in modules], note=note)


def proposed_plan(agent: User, trainer: User, modules=(), **options) -> CoachingPlan:
    plan = create_plan(agent.id, plan_input(modules, **options), trainer.id)
    db.session.commit()
    return plan


def active_plan(agent: User, trainer: User, modules=(), **options) -> CoachingPlan:
    plan = proposed_plan(agent, trainer, modules, **options)
    assign_plan(plan.id, trainer.id)
    db.session.commit()
    return plan
