"""Who may see and change which module.

Trainers and admins write modules in every status; QA leads read them all. Every other signed-in user (agents,
reviewers) reads published modules, the library; a draft or archived module is, to them, a module that does not
exist. One exception keeps assigned work open: an agent reads a module that is in one of their own assigned
(active or completed) plans even after it was archived, since plans that have a module keep it.
"""
from __future__ import annotations

from qa.accounts.models import User
from qa.extensions import db
from qa.roles import Role
from training.modules.models import CoachingModule, ModuleStatus

WRITERS = frozenset({Role.TRAINER, Role.ADMIN})
READ_ALL = WRITERS | {Role.QA_LEAD}


def can_write(user: User) -> bool:
    return user.has_any_role(WRITERS)


def can_read_all(user: User) -> bool:
    return user.has_any_role(READ_ALL)


def can_read(user: User, module: CoachingModule) -> bool:
    if can_read_all(user) or module.status == ModuleStatus.PUBLISHED.value:
        return True
    return module.status == ModuleStatus.ARCHIVED.value and _in_own_plan(user, module)


def readable_module(user: User, module_id: int) -> CoachingModule | None:
    module = db.session.get(CoachingModule, module_id)
    return module if module is not None and can_read(user, module) else None


def _in_own_plan(user: User, module: CoachingModule) -> bool:
    from training.plans.models import CoachingPlan, PlanModule
    from training.plans.services import AGENT_STATUSES

    return db.session.scalar(db.select(db.exists().where(
        PlanModule.module_id == module.id, PlanModule.plan_id == CoachingPlan.id,
        CoachingPlan.agent_id == user.id, CoachingPlan.status.in_(AGENT_STATUSES)))) or False
