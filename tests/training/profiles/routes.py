"""Competency profile routes for the access matrix (tests/qa/test_access_matrix.py): trainers, QA leads and
admins read every agent's profile; an agent reads only their own (another agent's id is a 404, which the
matrix counts as let in: the 404 itself is tested in test_views); reviewers reach none of it."""
from qa.roles import Role
from tests.qa.reviews.builders import make_person

READERS = frozenset({Role.TRAINER, Role.QA_LEAD, Role.ADMIN})

EXPECTED = {
    "training_profiles.agents": READERS,
    "training_profiles.agent_profile": READERS | {Role.AGENT},
    "training_profiles.my_profile": frozenset({Role.AGENT}),
}


def targets(make_user) -> dict:
    return {"agent_id": make_person(Role.AGENT, email="profile-agent@test.example.com").id}
