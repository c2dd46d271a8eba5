"""The trainer dashboard's route for the access matrix (tests/qa/test_access_matrix.py): trainers, QA leads and
admins; reviewers and agents are refused (403), as on every staff page. What it shows: test_dashboard.py."""
from qa.roles import Role

EXPECTED = {"training_dashboard.index": frozenset({Role.TRAINER, Role.QA_LEAD, Role.ADMIN})}


def targets(make_user) -> dict:
    return {}  # the route takes no URL parameters
