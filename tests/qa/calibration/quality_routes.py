"""The quality pages' routes for the access matrix (tests/qa/test_access_matrix.py): QA leads and admins only.
What the pages show is tested in test_quality_*.py."""
from qa.roles import Role

LEADS = frozenset({Role.QA_LEAD, Role.ADMIN})

EXPECTED = {
    "quality.index": LEADS,
    "quality.answers": LEADS,   # the CSV: without a scorecard a 400 for leads, a 403 for everyone else
}


def targets(make_user) -> dict:
    return {}  # the routes take no URL parameters
