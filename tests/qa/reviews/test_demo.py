"""`callibrate demo` leaves a QA loop to click through: the shipped scorecard, a rule, assignments, a review."""
from qa.demo import load_demo
from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationStatus
from qa.sampling.models import Assignment, SamplingRule
from scorecards.models import Scorecard, VersionStatus


def _counts():
    return tuple(db.session.scalar(db.select(db.func.count()).select_from(model))
                 for model in (Scorecard, SamplingRule, Assignment, Evaluation))


def test_the_demo_has_a_published_scorecard_assignments_and_a_review_and_loads_twice_the_same(app):
    users = load_demo()["users"]
    db.session.commit()
    [scorecard] = db.session.scalars(db.select(Scorecard)).all()
    assert scorecard.name == "Customer Care Specialist"
    assert [v.status for v in scorecard.versions] == [VersionStatus.PUBLISHED.value]
    assignments = db.session.scalars(db.select(Assignment)).all()
    assert {a.reviewer_id for a in assignments} == {users["reviewer@example.com"].id} and len(assignments) == 2
    # The coaching demo reviews five more chats of Jordan's; the QA loop's own review is Alex's.
    [evaluation] = db.session.scalars(
        db.select(Evaluation).where(Evaluation.agent_id == users["agent@example.com"].id)).all()
    assert evaluation.status == EvaluationStatus.SUBMITTED.value
    assert evaluation.agent_id == users["agent@example.com"].id and 80 <= evaluation.score < 100
    assert evaluation.answer_for("summary").comment
    before = _counts()
    load_demo()
    db.session.commit()
    assert _counts() == before == (1, 1, 2, 6)
