"""Grading an attempt against gold: pass, fail and where the reviewer diverged; taking it again; a new gold set.

On SIMPLE_DEFINITION (Opening 40: greeting, verified; Resolution 60: empathy 1–5 weight 1, process
weight 2) gold is 100 on every interaction here. Empathy "4" makes Resolution (0.75 + 2) / 3 = 91.67 %,
so the total is 40 + 55 = 95 (−5 points). Greeting "no" halves Opening: 20 + 60 = 80 (−20).
"""
import pytest

from qa.audit.models import AuditEntry
from qa.calibration.certification import is_certified, start_certification
from qa.calibration.certification_grading import grade_certification
from qa.calibration.models import Certification, SessionStatus
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.reviews.models import Evaluation
from qa.roles import Role
from tests.qa.calibration.certification_builders import gold_set, require_certification, take_certification
from tests.qa.reviews.builders import make_person


def _kinds(user) -> list[str]:
    return list(db.session.scalars(db.select(Notification.kind).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def test_close_enough_passes_and_lists_the_one_divergence(app):
    gold = gold_set()
    require_certification(gold, tolerance=10, share=0.8)
    reviewer = make_person(Role.REVIEWER)
    certification = take_certification(reviewer, gold.scorecard, [{}, {"empathy": "4"}])
    result = certification.result
    assert certification.status == "passed" and certification.finished_at is not None
    assert (result["compared"], result["matching"], result["matching_share"]) == (8, 7, 7 / 8)
    first, second = result["interactions"]
    assert (first["gold_total"], first["total"], first["points"], first["criteria"]) == (100, 100, 0, [])
    assert (second["gold_total"], second["total"], second["within"]) == (100, 95, True)
    assert second["points"] == pytest.approx(-5) and second["direction"] == "strict"
    [diverged] = second["criteria"]
    assert {k: diverged[k] for k in ("key", "gold", "answer", "gold_label", "answer_label")} == {
        "key": "empathy", "gold": "5", "answer": "4", "gold_label": "5 – Warm", "answer_label": "4"}
    assert diverged["question"] == "How empathetic was the agent?" and diverged["gold_note"] == "Agreed: empathy"
    assert diverged["points"] == pytest.approx(-5)
    assert certification.session.status == SessionStatus.CLOSED.value
    assert is_certified(reviewer.id, gold.scorecard.id)
    assert _kinds(reviewer) == ["certification.passed"] and _kinds(gold.lead) == []  # leads hear of failures only
    assert db.session.scalar(db.select(AuditEntry.action).where(AuditEntry.target_type == "certification")
                             .order_by(AuditEntry.id.desc())) == "certification.passed"


def test_a_total_outside_the_tolerance_fails_and_the_leads_are_told(app):
    gold = gold_set()
    require_certification(gold, tolerance=10, share=0.5)
    reviewer, other_lead = make_person(Role.REVIEWER), make_person(Role.QA_LEAD)
    certification = take_certification(reviewer, gold.scorecard, [{}, {"greeting": "no"}])
    assert certification.status == "failed" and certification.result["matching_share"] == 7 / 8
    outside = certification.result["interactions"][1]
    assert (outside["total"], outside["within"], outside["points"]) == (80, False, -20)
    assert [(c["key"], c["gold_label"], c["answer_label"], c["points"]) for c in outside["criteria"]] == [
        ("greeting", "Yes", "No", -20)]
    assert not is_certified(reviewer.id, gold.scorecard.id)
    assert _kinds(reviewer) == ["certification.failed"]
    assert "certification.failed" in _kinds(gold.lead) and "certification.failed" in _kinds(other_lead)
    message = db.session.scalar(db.select(Notification.message).where(Notification.user_id == other_lead.id))
    assert reviewer.name in message and "1 interaction(s) outside 10 points" in message


def test_too_few_matching_answers_fail_even_within_the_tolerance(app):
    gold = gold_set()
    require_certification(gold, tolerance=10, share=0.9)
    certification = take_certification(make_person(Role.REVIEWER), gold.scorecard, [{}, {"empathy": "4"}])
    assert all(row["within"] for row in certification.result["interactions"])
    assert certification.status == "failed" and certification.result["min_matching_share"] == 0.9


def test_grading_waits_for_every_interaction_and_happens_once(app):
    gold = gold_set()
    require_certification(gold)
    certification = take_certification(make_person(Role.REVIEWER), gold.scorecard, submit=1)
    assert certification.status == "in_progress" and "interactions" not in certification.result
    with pytest.raises(Refused, match="once every one of its interactions is submitted"):
        grade_certification(certification.id)
    db.session.rollback()
    done = take_certification(certification.reviewer, gold.scorecard)
    assert done.id == certification.id and done.status == "passed"
    with pytest.raises(Refused, match="graded already"):
        grade_certification(done.id)


def test_a_failed_reviewer_takes_it_again_and_passes(app):
    gold = gold_set()
    require_certification(gold)
    reviewer = make_person(Role.REVIEWER)
    failed = take_certification(reviewer, gold.scorecard, [{"greeting": "no"}, {"process": "none"}])
    assert failed.status == "failed"
    again = take_certification(reviewer, gold.scorecard)
    assert again.id != failed.id and again.session_id != failed.session_id and again.status == "passed"
    assert is_certified(reviewer.id, gold.scorecard.id)
    assert db.session.get(Certification, failed.id).status == "failed"  # the first attempt stays as it was


def test_a_new_gold_set_voids_passes_and_stops_attempts_but_new_numbers_do_not(app):
    gold = gold_set(answers=[{}, {}, {}])
    first_two, third = gold.item_ids[:2], gold.item_ids[2:]
    require_certification(gold, item_ids=first_two)
    certified, midway = make_person(Role.REVIEWER), make_person(Role.REVIEWER)
    take_certification(certified, gold.scorecard)
    attempt = take_certification(midway, gold.scorecard, submit=1)
    require_certification(gold, item_ids=first_two, tolerance=2, share=1)  # stricter numbers only
    assert is_certified(certified.id, gold.scorecard.id)
    require_certification(gold, item_ids=first_two + third)
    assert not is_certified(certified.id, gold.scorecard.id)
    stopped = db.session.get(Certification, attempt.id)
    assert stopped.status == "failed" and "gold interactions changed" in stopped.result["stopped"]
    assert "certification.stopped" in _kinds(midway)
    drafts = db.session.scalars(db.select(Evaluation).where(Evaluation.reviewer_id == midway.id,
                                                            Evaluation.status == "draft")).all()
    assert drafts == []  # the stopped attempt's drafts are gone from the reviewer's queue
    fresh = start_certification(midway.id, gold.scorecard.id)
    assert fresh.id != attempt.id and len(fresh.session.items) == 3
