"""The gate: live work on a scorecard that requires certification reaches only reviewers who passed it.
Assignments by hand, sampling runs, reassignment and ad hoc reviews are all held back; calibration is not."""
from datetime import datetime, timedelta

import pytest

from qa.calibration.services import create_session, start_scoring
from qa.errors import Refused
from qa.extensions import db
from qa.reviews.services import start_evaluation
from qa.roles import Role
from qa.sampling import runs
from qa.sampling.services import assign_interaction, reassign_assignment
from qa.timeutil import utcnow
from tests.qa.calibration.certification_builders import gold_set, require_certification, take_certification
from tests.qa.reviews.builders import make_person, ready_chat
from tests.qa.sampling.builders import chats, rule

WEEK = datetime(2024, 3, 4)  # a Monday


@pytest.fixture
def gated(app):
    """A scorecard requiring certification, its gold, and a ready chat of an agent to review."""
    gold = gold_set()
    require_certification(gold)
    return gold, ready_chat(gold.agent)


def test_assigning_to_an_uncertified_reviewer_is_refused_until_they_pass(gated):
    gold, chat = gated
    reviewer = make_person(Role.REVIEWER, name="Nora New")
    with pytest.raises(Refused, match=f"Nora New is not certified on {gold.scorecard.name} yet"):
        assign_interaction(chat.id, reviewer.id, gold.scorecard.id)
    db.session.rollback()
    take_certification(reviewer, gold.scorecard, [{"greeting": "no"}, {}])  # failed: still held back
    with pytest.raises(Refused, match="not certified"):
        assign_interaction(chat.id, reviewer.id, gold.scorecard.id)
    db.session.rollback()
    take_certification(reviewer, gold.scorecard)
    assert assign_interaction(chat.id, reviewer.id, gold.scorecard.id).reviewer_id == reviewer.id


def test_no_gate_when_the_rule_is_not_required_and_none_for_leads(gated):
    gold, chat = gated
    lead = make_person(Role.QA_LEAD)
    assert assign_interaction(chat.id, lead.id, gold.scorecard.id).reviewer_id == lead.id
    require_certification(gold, required=False)
    reviewer = make_person(Role.REVIEWER)
    assert assign_interaction(chat.id, reviewer.id, gold.scorecard.id).reviewer_id == reviewer.id


def test_a_sampling_run_passes_over_the_uncertified_reviewer_and_counts_them(gated):
    gold, _ = gated
    certified, uncertified = make_person(Role.REVIEWER), make_person(Role.REVIEWER)
    take_certification(certified, gold.scorecard)
    chats(gold.agent, [WEEK + timedelta(days=n, hours=9) for n in range(4)])
    run = runs.run_rule(rule(gold.scorecard, [uncertified, certified], quota=3).id, WEEK, trigger="manual",
                        now=WEEK + timedelta(days=8))
    db.session.commit()
    assert run.summary["not_certified"] == 1 and run.summary["assigned"] == 3
    assert {a.reviewer_id for a in runs.run_assignments(run.id)} == {certified.id}


def test_a_run_with_only_uncertified_reviewers_assigns_nothing(gated):
    gold, _ = gated
    chats(gold.agent, [WEEK + timedelta(hours=9)])
    run = runs.run_rule(rule(gold.scorecard, [make_person(Role.REVIEWER)], quota=1).id, WEEK, trigger="manual",
                        now=WEEK + timedelta(days=8))
    assert (run.assigned, run.summary["not_certified"], run.summary["no_reviewer"]) == (0, 1, 1)


def test_reassigning_to_an_uncertified_reviewer_is_refused(gated):
    gold, chat = gated
    certified, uncertified = make_person(Role.REVIEWER), make_person(Role.REVIEWER, name="Una Uncertified")
    take_certification(certified, gold.scorecard)
    assignment = assign_interaction(chat.id, certified.id, gold.scorecard.id)
    db.session.commit()
    with pytest.raises(Refused, match="Una Uncertified is not certified"):
        reassign_assignment(assignment.id, uncertified.id, "Holiday", gold.lead.id)
    db.session.rollback()
    assert db.session.get(type(assignment), assignment.id).reviewer_id == certified.id


def test_a_live_ad_hoc_review_is_refused_but_calibration_scoring_is_not(gated):
    gold, chat = gated
    reviewer, colleague = make_person(Role.REVIEWER), make_person(Role.REVIEWER)
    with pytest.raises(Refused, match="not certified"):
        start_evaluation(chat.id, reviewer.id, scorecard_id=gold.scorecard.id)
    db.session.rollback()
    session = create_session("Weekly", gold.scorecard.versions[0].id, [chat.id], [reviewer.id, colleague.id],
                             utcnow() + timedelta(days=1), gold.lead.id, False)
    db.session.commit()
    evaluation = start_scoring(session.id, session.items[0].id, reviewer.id)
    assert evaluation.kind == "calibration" and evaluation.reviewer_id == reviewer.id
    take_certification(reviewer, gold.scorecard)
    assert start_evaluation(chat.id, reviewer.id, scorecard_id=gold.scorecard.id).kind == "live"


def test_an_assignment_from_before_the_rule_cannot_be_started_uncertified(app):
    gold = gold_set()
    reviewer = make_person(Role.REVIEWER)
    assignment = assign_interaction(ready_chat(gold.agent).id, reviewer.id, gold.scorecard.id)
    db.session.commit()
    require_certification(gold)
    with pytest.raises(Refused, match="not certified"):
        start_evaluation(0, reviewer.id, assignment_id=assignment.id)
