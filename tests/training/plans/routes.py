"""Coaching plans' routes for the access matrix (tests/qa/test_access_matrix.py): trainers and admins write
plans, QA leads read them, agents reach only the My coaching pages (where another agent's plan is a 404)."""
from qa.extensions import db
from qa.roles import Role
from tests.training.plans.builders import active_plan, published_module

READERS = frozenset({Role.TRAINER, Role.ADMIN, Role.QA_LEAD})
MANAGERS = frozenset({Role.TRAINER, Role.ADMIN})
AGENTS = frozenset({Role.AGENT})

EXPECTED = {
    "training_plans.plans": READERS,
    "training_plans.propose_now": MANAGERS,
    "training_plans.new_plan": MANAGERS,
    "training_plans.show": READERS,
    "training_plans.edit": MANAGERS,
    "training_plans.assign": MANAGERS,
    "training_plans.dismiss": MANAGERS,
    "training_plans.cancel": MANAGERS,
    "training_plans.complete": MANAGERS,
    "training_plans.reflect": MANAGERS,
    "training_plans.my": AGENTS,
    "training_plans.my_plan": AGENTS,
    "training_plans.my_reflection": AGENTS,
    "training_plans.my_complete": AGENTS,
    "training_plans.my_module": AGENTS,
    "training_plans.my_time": AGENTS,
    "training_plans.my_done": AGENTS,
}


def targets(make_user) -> dict:
    agent = make_user(Role.AGENT, email="plans-agent@test.example.com")
    trainer = make_user(Role.TRAINER, email="plans-trainer@test.example.com")
    plan = active_plan(agent, trainer, [published_module("Matrix module")])
    db.session.commit()
    return {"plan_id": plan.id, "plan_module_id": plan.modules[0].id}
