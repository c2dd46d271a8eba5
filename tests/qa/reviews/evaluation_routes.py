"""The evaluation pages' and the evaluations and scorecards APIs' routes for the access matrix
(tests/qa/test_access_matrix.py). Who sees which evaluation is tested in test_evaluation_views/test_api."""
from qa.extensions import db
from qa.roles import Role
from tests.qa.reviews.builders import submitted_evaluation
from tests.route_roles import SIGNED_IN, Api

SCORECARD_READERS = frozenset({Role.ADMIN, Role.QA_LEAD, Role.REVIEWER})

EXPECTED = {
    "evaluations.index": SIGNED_IN,
    "evaluations.show": SIGNED_IN,          # only what visible_evaluations allows; anything else is a 404
    "evaluations.acknowledge": SIGNED_IN,   # the service lets only the evaluation's agent
    "evaluations.dispute": SIGNED_IN,       # likewise
    "evaluations_api.index": Api(Role),
    "evaluations_api.show": Api(Role),
    "scorecards_api.index": Api(SCORECARD_READERS),
    "scorecards_api.show": Api(SCORECARD_READERS),
}


def targets(make_user) -> dict:
    evaluation = submitted_evaluation(answers={"greeting": "no"})
    db.session.commit()
    return {"evaluation_id": evaluation.id, "scorecard_id": evaluation.version.scorecard_id}
