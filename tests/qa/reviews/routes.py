"""The review pages' routes for the access matrix (tests/qa/test_access_matrix.py)."""
from qa.roles import Role
from tests.qa.reviews.builders import submitted_evaluation

REVIEWERS = frozenset({Role.ADMIN, Role.QA_LEAD, Role.REVIEWER})
LEADS = frozenset({Role.ADMIN, Role.QA_LEAD})

EXPECTED = {
    "reviews.queue": REVIEWERS,
    "reviews.start": REVIEWERS,
    "reviews.review": REVIEWERS,
    "reviews.autosave": REVIEWERS,
    "reviews.submit": REVIEWERS,
    "reviews.switch": REVIEWERS,
    "reviews.pin": REVIEWERS,
    "reviews.unpin": REVIEWERS,
    "reviews.impact": LEADS,
}


def targets(make_user) -> dict:
    """Another reviewer's submitted evaluation (a reviewer's own pages answer 404 for it) and its version."""
    evaluation = submitted_evaluation(moments=[(0, "Greeting here")])
    return {"evaluation_id": evaluation.id, "moment_id": evaluation.moments[0].id,
            "version_id": evaluation.scorecard_version_id}
