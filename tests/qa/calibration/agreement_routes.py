"""The pooled agreement page's routes for the access matrix (tests/qa/test_access_matrix.py): QA leads and
admins only, like the quality pages. What they show is tested in test_agreement_pages.py."""
from qa.roles import Role

LEADS = frozenset({Role.QA_LEAD, Role.ADMIN})

EXPECTED = {
    "calibration.agreement": LEADS,            # without a version: the chooser
    "calibration.agreement_compute": LEADS,    # POST without a version: a 400 for leads, a 403 for everyone else
    "calibration.agreement_answers": LEADS,    # the CSV: without a version a 400 for leads
}


def targets(make_user) -> dict:
    return {}  # the routes take no URL parameters
