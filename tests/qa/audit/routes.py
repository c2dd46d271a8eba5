"""The audit log's routes for the access matrix (tests/qa/test_access_matrix.py)."""
from qa.roles import Role

EXPECTED = {
    "audit.index": frozenset({Role.ADMIN, Role.QA_LEAD}),
}


def targets(make_user) -> dict:
    return {}
