"""The agent's side of a plan: opening a module, the capped time, marking it done, reflections; only on their
own active plan, and a proposal stays invisible to them."""
import pytest

from qa.errors import Refused
from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.training.plans.builders import active_plan, proposed_plan, published_module
from training.plans.models import PlanModuleStatus, PlanReflection
from training.plans.progress import (MAX_SECONDS_PER_CALL, REFLECTION_MAX, add_reflection, mark_module_done,
                                     record_time, start_module)
from training.plans.services import cancel_plan


@pytest.fixture
def people(app):
    return make_person(Role.AGENT), make_person(Role.TRAINER)


def test_opening_starts_the_module_once(people):
    agent, trainer = people
    pm = active_plan(agent, trainer, [published_module()]).modules[0]
    start_module(pm.id, agent.id)
    first = pm.started_at
    start_module(pm.id, agent.id)
    assert pm.status == PlanModuleStatus.STARTED.value and pm.started_at == first


def test_time_is_capped_per_call_and_stops_once_done(people):
    agent, trainer = people
    pm = active_plan(agent, trainer, [published_module()]).modules[0]
    record_time(pm.id, 45, agent.id)
    record_time(pm.id, 10_000, agent.id)  # a tab left open: at most the cap
    record_time(pm.id, -30, agent.id)
    assert pm.seconds_spent == 45 + MAX_SECONDS_PER_CALL
    assert pm.status == PlanModuleStatus.STARTED.value  # time on the clock means it was opened
    mark_module_done(pm.id, agent.id, seconds=500)
    db.session.commit()
    assert pm.seconds_spent == 45 + 2 * MAX_SECONDS_PER_CALL and pm.status == PlanModuleStatus.DONE.value
    record_time(pm.id, 60, agent.id)
    mark_module_done(pm.id, agent.id, seconds=60)
    assert pm.seconds_spent == 45 + 2 * MAX_SECONDS_PER_CALL


def test_a_trainer_may_mark_done_and_reflect_but_not_run_the_agents_clock(people):
    agent, trainer = people
    plan = active_plan(agent, trainer, [published_module()])
    pm = plan.modules[0]
    for call in (lambda: start_module(pm.id, trainer.id), lambda: record_time(pm.id, 30, trainer.id)):
        with pytest.raises(Refused, match="of yours"):
            call()
    mark_module_done(pm.id, trainer.id, seconds=90)
    add_reflection(plan.id, "Went through it together in our session.", trainer.id)
    assert pm.status == PlanModuleStatus.DONE.value and pm.seconds_spent == 0


def test_another_agent_reaches_nothing(people):
    agent, trainer = people
    plan = active_plan(agent, trainer, [published_module()])
    stranger = make_person(Role.AGENT)
    for call in (lambda: start_module(plan.modules[0].id, stranger.id),
                 lambda: record_time(plan.modules[0].id, 5, stranger.id),
                 lambda: mark_module_done(plan.modules[0].id, stranger.id),
                 lambda: add_reflection(plan.id, "Mine now", stranger.id)):
        with pytest.raises(Refused, match="of yours"):
            call()


def test_a_proposal_does_not_exist_for_its_agent(people):
    agent, trainer = people
    plan = proposed_plan(agent, trainer, [published_module("Secret title")])
    with pytest.raises(Refused) as refused:
        start_module(plan.modules[0].id, agent.id)
    assert "of yours" in str(refused.value) and "Secret title" not in str(refused.value)
    with pytest.raises(Refused, match="of yours"):
        add_reflection(plan.id, "Hello", agent.id)


def test_a_cancelled_plan_no_longer_moves(people):
    agent, trainer = people
    plan = active_plan(agent, trainer, [published_module()])
    cancel_plan(plan.id, "", trainer.id)
    with pytest.raises(Refused, match="of yours"):
        mark_module_done(plan.modules[0].id, agent.id)
    with pytest.raises(Refused, match="reflections are written while it is active"):
        add_reflection(plan.id, "Late thoughts", trainer.id)


def test_reflections_have_a_length_limit_and_belong_to_the_plans_modules(people):
    agent, trainer = people
    plan = active_plan(agent, trainer, [published_module()])
    with pytest.raises(Refused, match="Write your reflection first"):
        add_reflection(plan.id, "   ", agent.id)
    with pytest.raises(Refused, match=f"at most {REFLECTION_MAX} fit"):
        add_reflection(plan.id, "x" * (REFLECTION_MAX + 1), agent.id)
    other = active_plan(agent, trainer, [published_module("Other")])
    with pytest.raises(Refused, match="not part of this plan"):
        add_reflection(plan.id, "On the other one", agent.id, plan_module_id=other.modules[0].id)
    reflection = add_reflection(plan.id, "x" * REFLECTION_MAX, agent.id, plan_module_id=plan.modules[0].id)
    db.session.commit()
    assert db.session.get(PlanReflection, reflection.id).author_id == agent.id
