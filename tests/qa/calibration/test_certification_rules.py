"""Setting a scorecard's certification rule (what can be gold, and bad numbers) and starting an attempt."""
import pytest

from qa.audit.models import AuditEntry
from qa.calibration.certification import (certification_evaluations, find_rule, is_certified,
                                          set_certification_rule, start_certification)
from qa.calibration.models import CalibrationSession, Certification, SessionKind, SessionStatus
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.reviews.models import EvaluationKind, EvaluationStatus
from qa.roles import Role
from scorecards.services import publish_version, start_new_draft
from tests.qa.calibration.certification_builders import gold_set, require_certification, take_certification
from tests.qa.reviews.builders import make_person, ready_chat


def _refused(gold, item_ids, match, *, tolerance=10, share=0.8, required=True):
    with pytest.raises(Refused, match=match):
        set_certification_rule(gold.scorecard.id, required, item_ids, tolerance, share, gold.lead.id)
    db.session.rollback()
    assert find_rule(gold.scorecard.id) is None


def test_a_rule_names_closed_gold_of_this_scorecard_and_is_audited(app):
    gold = gold_set()
    rule = require_certification(gold, tolerance=7.5, share=0.9)
    assert (rule.required, rule.gold_item_ids, rule.tolerance_points, rule.min_matching_share) == (
        True, gold.item_ids, 7.5, 0.9)
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "certification.rule_saved"))
    assert entry.target_id == gold.scorecard.id and entry.actor_id == gold.lead.id
    assert entry.after["gold_item_ids"] == gold.item_ids and entry.before is None


def test_gold_must_be_closed_calibration_gold_on_the_scorecard(app):
    gold = gold_set()
    still_open = gold_set(gold.scorecard, answers=[{}], title="Still open", close=False)
    _refused(gold, [still_open.item_ids[0]], r"Interaction \d+ of 'Still open': the session is still open")
    elsewhere = gold_set(answers=[{}], title="Other card")
    _refused(gold, [elsewhere.item_ids[0]], r"'Other card' was calibrated on .* not on " + gold.scorecard.name)
    _refused(gold, [999999], "There is no calibration interaction item 999999")


def test_a_certification_attempt_is_not_gold(app):
    gold = gold_set()
    require_certification(gold, required=False)
    attempt = start_certification(make_person(Role.REVIEWER).id, gold.scorecard.id)
    db.session.commit()
    with pytest.raises(Refused, match="is a certification attempt"):
        set_certification_rule(gold.scorecard.id, True, [attempt.session.items[0].id], 10, 0.8, gold.lead.id)


def test_gold_from_two_versions_is_refused(app):
    gold = gold_set()
    draft = start_new_draft(gold.scorecard.id, gold.lead.id)
    publish_version(draft.id, gold.lead.id)
    db.session.commit()
    newer = gold_set(gold.scorecard, answers=[{}], lead=gold.lead, version_id=draft.id, title="On v2")
    _refused(gold, gold.item_ids + newer.item_ids, "come from sessions on v1, v2; choose gold recorded on one version")
    assert require_certification(newer).gold_item_ids == newer.item_ids  # v2's gold alone is fine


def test_one_interaction_twice_is_refused(app):
    gold = gold_set()
    again = gold_set(gold.scorecard, lead=gold.lead, interactions=[gold.items[0].interaction], answers=[{}],
                     title="Again")
    _refused(gold, [gold.item_ids[0], again.item_ids[0]], f"Interaction {gold.items[0].interaction_id} is chosen twice")


@pytest.mark.parametrize("tolerance, share, message", [
    (-1, 0.8, "tolerance is between 0 and 100"), (101, 0.8, "tolerance is between 0 and 100"),
    (10, -0.1, "share of matching answers is between 0 and 1"), (10, 1.5, "share of matching answers")])
def test_numbers_out_of_range_are_refused(app, tolerance, share, message):
    gold = gold_set()
    _refused(gold, gold.item_ids, message, tolerance=tolerance, share=share)


def test_requiring_needs_a_gold_interaction_but_a_rule_without_is_allowed(app):
    gold = gold_set()
    _refused(gold, [], "Choose at least one gold interaction")
    rule = require_certification(gold, item_ids=[], required=False)
    assert rule.gold_item_ids == [] and is_certified(make_person(Role.REVIEWER).id, gold.scorecard.id)


def test_start_makes_a_certification_session_for_the_reviewer_alone(app):
    gold = gold_set()
    require_certification(gold)
    reviewer = make_person(Role.REVIEWER)
    before = db.session.scalar(db.select(db.func.count()).select_from(Notification))
    certification = start_certification(reviewer.id, gold.scorecard.id)
    db.session.commit()
    session = certification.session
    assert certification.status == "in_progress" and certification.result["gold_item_ids"] == sorted(gold.item_ids)
    assert (session.kind, session.status, session.scorecard_version_id) == (
        SessionKind.CERTIFICATION.value, SessionStatus.OPEN.value, gold.session.scorecard_version_id)
    assert [p.reviewer_id for p in session.participants] == [reviewer.id]
    assert [i.interaction_id for i in session.items] == [i.interaction_id for i in gold.items]
    drafts = certification_evaluations(certification)
    assert [(e.kind, e.status, e.reviewer_id) for e in drafts] == [
        (EvaluationKind.CALIBRATION.value, EvaluationStatus.DRAFT.value, reviewer.id)] * 2
    assert db.session.scalar(db.select(db.func.count()).select_from(Notification)) == before  # nobody is told
    assert start_certification(reviewer.id, gold.scorecard.id).id == certification.id  # the same attempt again
    assert db.session.scalar(db.select(db.func.count()).select_from(CalibrationSession).where(
        CalibrationSession.kind == SessionKind.CERTIFICATION.value)) == 1


def test_start_is_refused_without_gold_for_non_reviewers_and_once_certified(app):
    gold = gold_set()
    reviewer = make_person(Role.REVIEWER)
    with pytest.raises(Refused, match="has no certification set up yet"):
        start_certification(reviewer.id, gold.scorecard.id)
    require_certification(gold)
    for role in (Role.AGENT, Role.TRAINER):
        with pytest.raises(Refused, match="Only an active reviewer or QA lead"):
            start_certification(make_person(role).id, gold.scorecard.id)
    take_certification(reviewer, gold.scorecard)
    with pytest.raises(Refused, match="certified on .* already"):
        start_certification(reviewer.id, gold.scorecard.id)
    assert db.session.scalar(db.select(db.func.count()).select_from(Certification)) == 1


def test_the_agent_of_a_gold_interaction_cannot_take_it(app):
    gold = gold_set()
    require_certification(gold)
    agent_reviewer = make_person(Role.REVIEWER, Role.AGENT)
    other = gold_set(gold.scorecard, lead=gold.lead, answers=[{}], interactions=[ready_chat(agent_reviewer)],
                     title="Their own chat")
    require_certification(gold, item_ids=other.item_ids)
    with pytest.raises(Refused, match="Nobody reviews their own interaction"):
        start_certification(agent_reviewer.id, gold.scorecard.id)
