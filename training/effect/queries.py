"""The effect of a plan and of each module, read from the database (the method: training.effect.effect).

Each page reads the answer rows once: `module_effects` asks `answer_rows` for every agent over the span
from the earliest completion's before window to the latest's after window, and sums them per evaluation
and competency once; each module then only adds up its competencies' sums.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from qa.accounts.models import User
from qa.extensions import db
from qa.timeutil import utcnow
from scorecards.competencies import COMPETENCIES
from training.effect.effect import (DAY, AgentEffect, Interval, by_evaluation, evaluation_scores,
                                    measure_agent, scores_by_agent, targeted_scores)
from training.effect.cache import effects_fingerprint, remembered
from training.effect.group import Completion, GroupEffect, across_agents
from training.modules.models import CoachingModule
from training.plans.models import CoachingPlan, PlanModule, PlanModuleStatus, PlanStatus
from training.scores import answer_rows

# answer_rows' `until` is exclusive and the after window includes its last moment.
JUST_AFTER = timedelta(microseconds=1)


def effect_days() -> int:
    return current_app.config["COACHING_EFFECT_DAYS"]


@dataclass(frozen=True)
class PlanEffect:
    plan_id: int
    agent_id: int
    competencies: tuple[tuple[str, str], ...]   # (key, label) of the plan's focus
    window_days: int
    effect: AgentEffect | None                  # None with a reason: not assigned, nothing to measure
    reason: str | None = None


def plan_effect(plan: CoachingPlan, *, now: datetime | None = None) -> PlanEffect:
    """The agent's scores on the plan's focus competencies before and after it was assigned."""
    days = effect_days()
    competencies = tuple((key, COMPETENCIES.get(key, key)) for key in plan.focus or ())
    made = {"plan_id": plan.id, "agent_id": plan.agent_id, "competencies": competencies, "window_days": days}
    if plan.assigned_at is None:
        return PlanEffect(**made, effect=None, reason="The plan has not been assigned yet; its effect is measured "
                                                      "from the day it is assigned.")
    if not competencies:
        return PlanEffect(**made, effect=None, reason="The plan names no focus competencies, so there are no "
                                                      "criteria to measure it on.")
    pivot = plan.assigned_at
    rows = answer_rows(agent_ids=[plan.agent_id], since=pivot - days * DAY, until=pivot + days * DAY + JUST_AFTER)
    scores = evaluation_scores(rows, [key for key, _ in competencies])
    return PlanEffect(**made, effect=measure_agent(scores, pivot, days, now or utcnow(), plan.agent_id))


@dataclass(frozen=True)
class ModuleEffect:
    module_id: int
    title: str
    status: str
    competencies: tuple[tuple[str, str], ...]
    window_days: int
    group: GroupEffect

    @property
    def effect(self) -> Interval:
        return self.group.effect

    @property
    def did(self) -> Interval:
        return self.group.did


# The effect page's orders, by their columns' headings.
SORTS = {"did": "Against the comparison group", "change": "Change", "agents": "Agents measured",
         "title": "Module"}
_KEYS = {"did": lambda e: e.did.estimate, "change": lambda e: e.effect.estimate, "agents": lambda e: e.effect.n}


def sort_effects(effects: Iterable[ModuleEffect], sort: str) -> list[ModuleEffect]:
    """Largest first (by title for "title"); modules without that number go last, by title."""
    by_title = sorted(effects, key=lambda e: (e.title.lower(), e.module_id))
    if sort not in _KEYS:
        return by_title
    key = _KEYS[sort]
    return (sorted((e for e in by_title if key(e) is not None), key=key, reverse=True)
            + [e for e in by_title if key(e) is None])


def module_effects(module_ids: Iterable[int] | None = None, *, team_id: int | None = None,
                   now: datetime | None = None) -> dict[int, ModuleEffect]:
    """Every module done in at least one assigned plan (or those of `module_ids`): its effect across the agents
    who did it, against the agents not coached on its competencies then. With `team_id`, coached and comparison
    agents alike are that team's."""
    now, days = now or utcnow(), effect_days()
    members = None if team_id is None else set(db.session.scalars(db.select(User.id).where(User.team_id == team_id)))
    done = _completions(module_ids, members)
    if not done:
        return {}
    modules = db.session.scalars(db.select(CoachingModule).where(
        CoachingModule.id.in_({module_id for module_id, _, _ in done})).order_by(CoachingModule.id)).all()
    pivots = [at for _, _, at in done]
    since, until = min(pivots) - days * DAY, min(max(pivots) + days * DAY, now) + JUST_AFTER
    spans = coaching_spans()
    mark = effects_fingerprint(done=done, modules=modules, spans=spans, members=members, since=since, until=until,
                               now=now, days=days)
    facts = [(m.id, m.title, m.status, list(m.competencies or ())) for m in modules]
    return dict(remembered(mark, lambda: _effects(facts, done, spans, members, since, until, now, days)))


def _effects(modules, done, spans, members, since, until, now, days) -> dict[int, ModuleEffect]:
    evaluations = by_evaluation(answer_rows(agent_ids=members, since=since, until=until))
    completions: dict[int, list[Completion]] = defaultdict(list)
    for module_id, agent_id, at in done:
        completions[module_id].append(Completion(agent_id, at))
    effects = {}
    for module_id, title, status, keys in modules:
        targeted = set(keys)
        series = scores_by_agent(targeted_scores(evaluations, targeted))
        coached = defaultdict(list)
        for agent_id, competencies, start, end in spans:
            if competencies & targeted:
                coached[agent_id].append((start, end))
        effects[module_id] = ModuleEffect(
            module_id, title, status, tuple((key, COMPETENCIES.get(key, key)) for key in keys), days,
            across_agents(completions[module_id], series, coached, days, now))
    return effects


def _completions(module_ids: Iterable[int] | None, members: set[int] | None) -> list[tuple[int, int, datetime]]:
    """(module, agent, completed_at) of every module done in a plan that was assigned."""
    query = (db.select(PlanModule.module_id, CoachingPlan.agent_id, PlanModule.completed_at)
             .join(CoachingPlan, CoachingPlan.id == PlanModule.plan_id)
             .where(PlanModule.status == PlanModuleStatus.DONE.value, PlanModule.completed_at.is_not(None),
                    CoachingPlan.assigned_at.is_not(None)))
    if module_ids is not None:
        query = query.where(PlanModule.module_id.in_(list(module_ids)))
    if members is not None:
        query = query.where(CoachingPlan.agent_id.in_(members))
    return [tuple(row) for row in db.session.execute(query.order_by(PlanModule.completed_at, PlanModule.id))]


def coaching_spans() -> list[tuple[int, frozenset[str], datetime, datetime]]:
    """(agent, competencies, start, end) of all coaching there was: each assigned plan on its focus, from its
    assignment to its completion (a cancelled one to its last change; an open one to no end), and each module
    done, at the moment it was done, on the module's competencies."""
    spans = []
    plans = db.session.execute(db.select(CoachingPlan.agent_id, CoachingPlan.focus, CoachingPlan.status,
                                         CoachingPlan.assigned_at, CoachingPlan.completed_at,
                                         CoachingPlan.updated_at).where(CoachingPlan.assigned_at.is_not(None)))
    for agent_id, focus, status, assigned_at, completed_at, updated_at in plans:
        end = completed_at or (updated_at if status == PlanStatus.CANCELLED.value else datetime.max)
        spans.append((agent_id, frozenset(focus or ()), assigned_at, end))
    done = db.session.execute(
        db.select(CoachingPlan.agent_id, CoachingModule.competencies, PlanModule.completed_at)
        .join(PlanModule, PlanModule.plan_id == CoachingPlan.id)
        .join(CoachingModule, CoachingModule.id == PlanModule.module_id)
        .where(PlanModule.status == PlanModuleStatus.DONE.value, PlanModule.completed_at.is_not(None)))
    for agent_id, competencies, completed_at in done:
        spans.append((agent_id, frozenset(competencies or ()), completed_at, completed_at))
    return spans
