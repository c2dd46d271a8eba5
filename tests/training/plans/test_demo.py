"""`callibrate demo` leaves both sides of a coaching plan: Jordan's real proposal from reviewed chats, waiting for
the trainer, and Alex's assigned plan with a module under My coaching; loading it again adds nothing."""
from qa.demo import load_demo
from qa.extensions import db
from qa.reviews.models import Evaluation
from training.modules.models import CoachingModule, ModuleClip, ModuleStatus
from training.plans.models import CoachingPlan, PlanSource, PlanStatus


def _counts():
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(model))
                 for model in (CoachingPlan, CoachingModule, ModuleClip, Evaluation))


def test_the_demo_has_a_proposal_with_evidence_and_an_assigned_plan_and_loads_twice_the_same(app):
    users = load_demo()["users"]
    db.session.commit()
    jordan, alex = users["jordan@example.com"], users["agent@example.com"]
    [proposal] = db.session.scalars(db.select(CoachingPlan).where(CoachingPlan.agent_id == jordan.id))
    assert (proposal.status, proposal.source) == (PlanStatus.PROPOSED.value, PlanSource.PROPOSED.value)
    assert proposal.focus[0] == "empathy" and proposal.goal_competency == "empathy"
    empathy = proposal.evidence["competencies"]["empathy"]
    assert empathy["n_evaluations"] >= 5 and empathy["score"] < 75
    assert any(e["moment_text"] for e in empathy["evidence"])
    assert "Acknowledge before you fix" in [pm.module.title for pm in proposal.modules]

    [assigned] = db.session.scalars(db.select(CoachingPlan).where(CoachingPlan.agent_id == alex.id))
    assert assigned.status == PlanStatus.ACTIVE.value and assigned.trainer_id == users["trainer@example.com"].id
    [module] = [pm.module for pm in assigned.modules]
    assert module.status == ModuleStatus.PUBLISHED.value and module.clips and module.clips[0].transcript

    before = _counts()
    load_demo()
    db.session.commit()
    assert _counts() == before
