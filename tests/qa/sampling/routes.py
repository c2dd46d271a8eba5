"""Sampling's routes for the access matrix (tests/qa/test_access_matrix.py): QA leads and admins only."""
from qa.extensions import db
from qa.jobs.services import execute_job
from qa.roles import Role
from qa.sampling.services import assign_interaction
from tests.qa.sampling.builders import rule, scorecard
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction

LEADS = frozenset({Role.QA_LEAD, Role.ADMIN})

EXPECTED = {
    "sampling.rules": LEADS,
    "sampling.new_rule": LEADS,
    "sampling.edit_rule": LEADS,
    "sampling.run_now": LEADS,
    "sampling.runs": LEADS,
    "sampling.assignments": LEADS,
    "sampling.reassign": LEADS,
}


def targets(make_user) -> dict:
    agent = make_user(Role.AGENT, email="sampling-agent@test.example.com")
    reviewer = make_user(Role.REVIEWER, email="sampling-reviewer@test.example.com")
    card = scorecard()
    [imported] = import_file(b"Agent: Hello\nCustomer: My bill is wrong.\n", "sampling.txt",
                             ImportOptions(agent_id=agent.id))
    db.session.commit()
    execute_job(db.session.get(Interaction, imported.interaction_id).job_id)  # only this one: ready
    assignment = assign_interaction(imported.interaction_id, reviewer.id, card.id)
    db.session.commit()
    return {"rule_id": rule(card, [reviewer]).id, "assignment_id": assignment.id}
