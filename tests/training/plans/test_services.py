"""Plans' services: who may write them, what a plan must hold, the state machine, stale edits, the audit."""
import pytest

from qa.audit.models import AuditEntry
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.training.plans.builders import (active_plan, evaluated_agent, plan_input, proposed_plan,
                                           published_module)
from training.modules.services import ModuleInput, create_module
from training.plans.models import PlanModuleStatus, PlanSource, PlanStatus
from training.plans.progress import mark_module_done, start_module
from training.plans.services import (PlanInput, assign_plan, can_see, cancel_plan, complete_plan, create_plan,
                                     dismiss_plan, update_plan)


@pytest.fixture
def trainer(app):
    return make_person(Role.TRAINER, name="Theo Trainer")


def audit_actions(plan_id: int) -> list[str]:
    return list(db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.target_type == "coaching_plan", AuditEntry.target_id == plan_id).order_by(AuditEntry.id)))


def test_a_hand_written_plan_snapshots_the_agents_current_profile(trainer):
    agent = evaluated_agent(5, tone="2")
    module = published_module()
    plan = proposed_plan(agent, trainer, [module], focus=("compliance_verification", "empathy"))
    assert (plan.status, plan.source, plan.created_by_id) == (PlanStatus.PROPOSED.value, PlanSource.MANUAL.value,
                                                              trainer.id)
    assert plan.focus == ["empathy", "compliance_verification"]  # weakest first, by the snapshot's scores
    empathy = plan.evidence["competencies"]["empathy"]
    assert (empathy["score"], empathy["n_evaluations"], empathy["label"]) == (43.75, 5, "Empathy")
    assert plan.evidence["competencies"]["compliance_verification"]["score"] == 100.0
    assert plan.evidence["threshold"] == 75
    assert [pm.module_id for pm in plan.modules] == [module.id]


@pytest.mark.parametrize("role", [Role.AGENT, Role.QA_LEAD, Role.REVIEWER])
def test_only_trainers_and_admins_write_plans(app, role):
    agent, actor = make_person(Role.AGENT), make_person(role)
    with pytest.raises(Refused, match="Only trainers and admins"):
        create_plan(agent.id, plan_input(), actor.id)
    admin = make_person(Role.ADMIN)
    plan = proposed_plan(agent, admin)
    for call in (lambda: assign_plan(plan.id, actor.id), lambda: dismiss_plan(plan.id, "no", actor.id),
                 lambda: update_plan(plan.id, plan_input(), plan.revision, actor.id)):
        with pytest.raises(Refused, match="Only trainers and admins"):
            call()


@pytest.mark.parametrize("change, message", [
    ({"title": " "}, "title of at most"),
    ({"focus": ["kindness"]}, "kindness is not a competency"),
    ({"goal_competency": "documentation"}, "must be one of the plan's focus competencies"),
    ({"goal_target": 101.0}, "target score from 0 to 100"),
    ({"goal_competency": None, "goal_target": 80.0}, "Choose the competency the target score is for"),
    ({"note": "x" * 5001}, "at most 5000 fit"),
])
def test_a_plan_must_make_sense(trainer, change, message):
    data = plan_input()
    for name, value in change.items():
        setattr(data, name, value)
    with pytest.raises(Refused, match=message):
        create_plan(make_person(Role.AGENT).id, data, trainer.id)


def test_only_published_modules_are_added_and_only_agents_get_plans(trainer):
    draft = create_module(ModuleInput("Draft", ["empathy"]), trainer.id)
    db.session.commit()
    with pytest.raises(Refused, match="The module 'Draft' is draft; only published modules can be added"):
        create_plan(make_person(Role.AGENT).id, plan_input([draft]), trainer.id)
    with pytest.raises(Refused, match="is not an agent"):
        create_plan(make_person(Role.REVIEWER).id, plan_input(), trainer.id)


def test_assigning_needs_a_module_or_a_goal_and_tells_the_agent(trainer):
    agent = make_person(Role.AGENT)
    empty = proposed_plan(agent, trainer, goal=None)
    with pytest.raises(Refused, match="at least one module or a goal"):
        assign_plan(empty.id, trainer.id)
    plan = proposed_plan(agent, trainer, [published_module()], goal=None)
    assign_plan(plan.id, trainer.id)
    db.session.commit()
    assert (plan.status, plan.trainer_id) == (PlanStatus.ACTIVE.value, trainer.id) and plan.assigned_at
    [notice] = db.session.scalars(db.select(Notification).where(Notification.user_id == agent.id))
    assert notice.link == f"/coaching/my/plans/{plan.id}" and "Theo Trainer assigned you" in notice.message
    assert audit_actions(plan.id) == ["coaching_plan.assigned"]
    with pytest.raises(Refused, match="The plan is active; only a proposed plan can be assigned"):
        assign_plan(plan.id, trainer.id)


def test_a_goal_alone_is_enough_to_assign(trainer):
    plan = proposed_plan(make_person(Role.AGENT), trainer)
    assert assign_plan(plan.id, trainer.id).status == PlanStatus.ACTIVE.value


def test_dismissing_needs_a_reason_and_is_audited_with_it(trainer):
    plan = proposed_plan(make_person(Role.AGENT), trainer)
    with pytest.raises(Refused, match="Say why"):
        dismiss_plan(plan.id, "  ", trainer.id)
    dismiss_plan(plan.id, "Covered in her onboarding next week", trainer.id)
    db.session.commit()
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "coaching_plan.dismissed"))
    assert entry.after["reason"] == "Covered in her onboarding next week" and entry.actor_id == trainer.id
    with pytest.raises(Refused, match="only a proposed plan can be assigned"):
        assign_plan(plan.id, trainer.id)


def test_cancel_and_complete_only_an_active_plan(trainer):
    agent = make_person(Role.AGENT)
    proposal = proposed_plan(agent, trainer)
    with pytest.raises(Refused, match="only an active plan can be cancelled"):
        cancel_plan(proposal.id, "", trainer.id)
    with pytest.raises(Refused, match="can be completed"):
        complete_plan(proposal.id, trainer.id)
    plan = active_plan(agent, trainer, [published_module()])
    complete_plan(plan.id, trainer.id)  # a trainer closes it with the module still to do
    db.session.commit()
    assert plan.status == PlanStatus.COMPLETED.value and plan.completed_at
    other = active_plan(agent, trainer)
    cancel_plan(other.id, "Moved team", trainer.id)
    db.session.commit()
    assert audit_actions(plan.id)[-1] == "coaching_plan.completed"
    assert audit_actions(other.id)[-1] == "coaching_plan.cancelled"
    assert not can_see(other, agent) and can_see(plan, agent)


def test_the_agent_completes_their_plan_once_every_module_is_done(trainer):
    agent = make_person(Role.AGENT)
    first, second = published_module("One"), published_module("Two")
    plan = active_plan(agent, trainer, [first, second])
    with pytest.raises(Refused, match="Mark every module done first"):
        complete_plan(plan.id, agent.id)
    for pm in plan.modules:
        mark_module_done(pm.id, agent.id)
    complete_plan(plan.id, agent.id)
    db.session.commit()
    assert plan.status == PlanStatus.COMPLETED.value
    notice = db.session.scalar(db.select(Notification).where(Notification.user_id == trainer.id))
    assert notice.link == f"/coaching/plans/{plan.id}"
    with pytest.raises(Refused, match="of yours"):
        complete_plan(active_plan(make_person(Role.AGENT), trainer).id, agent.id)


def test_an_edit_against_an_old_revision_is_refused_with_who_saved_when(trainer):
    plan = proposed_plan(make_person(Role.AGENT), trainer)
    loaded = plan.revision
    colleague = make_person(Role.TRAINER, name="Tess Colleague")
    update_plan(plan.id, plan_input(title="Her version"), loaded, colleague.id)
    db.session.commit()
    with pytest.raises(Refused, match=r"Tess Colleague saved this plan at \d\d:\d\d UTC since you opened it"):
        update_plan(plan.id, plan_input(title="My version"), loaded, trainer.id)
    db.session.rollback()
    assert plan.title == "Her version" and plan.revision == loaded + 1
    update_plan(plan.id, plan_input(title="My version"), plan.revision, trainer.id)
    db.session.commit()
    assert plan.title == "My version" and audit_actions(plan.id) == ["coaching_plan.edited"] * 2


def test_editing_keeps_progress_and_keeps_a_started_module(trainer):
    agent = evaluated_agent(5, tone="2")
    kept, dropped, added = published_module("Kept"), published_module("Dropped"), published_module("Added")
    plan = active_plan(agent, trainer, [kept, dropped])
    start_module(plan.modules[0].id, agent.id)
    db.session.commit()
    with pytest.raises(Refused, match="has started Kept; it stays in the plan"):
        update_plan(plan.id, plan_input([dropped]), plan.revision, trainer.id)
    db.session.rollback()
    update_plan(plan.id, plan_input([added, kept], focus=("empathy", "compliance_verification")), plan.revision,
                trainer.id)
    db.session.commit()
    assert [(pm.module.title, pm.status) for pm in plan.modules] == [
        ("Added", PlanModuleStatus.TODO.value), ("Kept", PlanModuleStatus.STARTED.value)]
    assert plan.evidence["competencies"]["compliance_verification"]["score"] == 100.0  # added with today's numbers


def test_a_closed_plan_is_not_edited(trainer):
    plan = proposed_plan(make_person(Role.AGENT), trainer)
    dismiss_plan(plan.id, "Not now", trainer.id)
    with pytest.raises(Refused, match="The plan is dismissed; only a proposed or active plan can be edited"):
        update_plan(plan.id, PlanInput(title="Again"), plan.revision, trainer.id)
