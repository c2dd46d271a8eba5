"""Certification's routes for the access matrix (tests/qa/test_access_matrix.py): reviewers, QA leads and
admins; the rule page for QA leads and admins. The scorecard_id comes from the scorecard routes' targets."""
from qa.roles import Role
from tests.qa.calibration.certification_builders import gold_set, require_certification, take_certification
from tests.qa.reviews.builders import make_person

REVIEWERS = frozenset({Role.ADMIN, Role.QA_LEAD, Role.REVIEWER})
LEADS = frozenset({Role.ADMIN, Role.QA_LEAD})

EXPECTED = {
    "certification.index": REVIEWERS,
    "certification.manage": LEADS,
    "certification.start": REVIEWERS,
    "certification.show": REVIEWERS,
}


def targets(make_user) -> dict:
    """Another reviewer's graded attempt: a reviewer reading it gets a 404, a lead the page."""
    gold = gold_set()
    require_certification(gold)
    return {"certification_id": take_certification(make_person(Role.REVIEWER), gold.scorecard).id}
