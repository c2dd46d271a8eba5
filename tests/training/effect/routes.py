"""The effect pages' routes for the access matrix (tests/qa/test_access_matrix.py): trainers, QA leads and admins;
reviewers and agents are refused (403), as on every staff page. What the pages show: test_pages.py."""
from qa.roles import Role
from tests.training.effect.builders import coaching_module

READERS = frozenset({Role.TRAINER, Role.QA_LEAD, Role.ADMIN})

EXPECTED = {
    "training_effect.index": READERS,
    "training_effect.module": READERS,
}


def targets(make_user) -> dict:
    return {"module_id": coaching_module("Matrix module").id}
