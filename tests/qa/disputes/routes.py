"""The dispute pages' routes for the access matrix (tests/qa/test_access_matrix.py)."""
from qa.disputes.services import open_dispute
from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import make_person, submitted_evaluation

EXPECTED = {
    "disputes.index": frozenset({Role.ADMIN, Role.QA_LEAD, Role.REVIEWER}),
    "disputes.show": frozenset({Role.ADMIN, Role.QA_LEAD, Role.REVIEWER}),  # GET and the resolving POST
}


def targets(make_user) -> dict:
    make_person(Role.QA_LEAD)  # the resolver
    evaluation = submitted_evaluation(answers={"greeting": "no"})
    dispute = open_dispute(evaluation.id, evaluation.agent_id, [("greeting", "I greeted the customer", "yes")], "")
    db.session.commit()
    return {"dispute_id": dispute.id}
