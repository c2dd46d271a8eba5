"""Opening and resolving disputes: the window, one open at a time, who resolves, every decision, rescoring."""
from datetime import timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.disputes.models import Dispute, DisputeItem
from qa.disputes.services import open_dispute, resolve_dispute
from qa.errors import Refused
from qa.extensions import db
from qa.notifications.models import Notification
from qa.reviews.models import EvaluationAnswer
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import draft_evaluation, make_person, submitted_evaluation


@pytest.fixture
def lead(app):
    return make_person(Role.QA_LEAD, name="Lena Lead")


@pytest.fixture
def evaluation(app, lead):
    return submitted_evaluation(answers={"greeting": "no", "empathy": "3"})


def entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def notifications_of(user_id: int, kind: str) -> list[Notification]:
    return list(db.session.scalars(db.select(Notification).where(
        Notification.user_id == user_id, Notification.kind == kind)))


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def dispute_greeting(evaluation, proposed="yes", reason="I greeted them in line 1"):
    dispute = open_dispute(evaluation.id, evaluation.agent_id, [("greeting", reason, proposed)], "Please look again")
    db.session.commit()
    return dispute


def test_the_agent_disputes_and_the_resolver_hears_of_it(evaluation, lead):
    dispute = dispute_greeting(evaluation)
    assert dispute.status == "open" and dispute.resolver_id == lead.id and dispute.score_before == evaluation.score
    [item] = dispute.items
    assert (item.criterion_key, item.original_value, item.proposed_value) == ("greeting", "no", "yes")
    [note] = notifications_of(lead.id, "dispute.opened")
    assert note.link == f"/disputes/{dispute.id}" and "greeting" in note.message
    [entry] = entries("dispute.opened")
    assert (entry.actor_id, entry.target_id) == (evaluation.agent_id, dispute.id)
    assert entry.after["items"] == [{"criterion": "greeting", "answer": "no", "proposed": "yes",
                                     "reason": "I greeted them in line 1"}]


def test_after_the_window_the_refusal_says_when_it_closed(app, evaluation):
    evaluation.submitted_at = utcnow() - timedelta(days=7, minutes=1)
    db.session.commit()
    closed = evaluation.submitted_at + timedelta(days=7)
    with pytest.raises(Refused, match=f"closed on {closed:%Y-%m-%d %H:%M} UTC, 7 days after"):
        dispute_greeting(evaluation)
    app.config["DISPUTE_WINDOW_DAYS"] = 30
    assert dispute_greeting(evaluation).status == "open"


def test_one_open_dispute_at_a_time(evaluation, lead):
    first = dispute_greeting(evaluation)
    with pytest.raises(Refused, match="already has an open dispute"):
        open_dispute(evaluation.id, evaluation.agent_id, [("empathy", "I was kind", "5")], "")
    db.session.rollback()
    resolve_dispute(first.id, lead.id, {"greeting": (False, None)}, "The greeting came after the customer spoke.")
    db.session.commit()
    again = open_dispute(evaluation.id, evaluation.agent_id, [("empathy", "I was kind", "5")], "")
    assert again.id != first.id


def test_the_database_keeps_one_open_dispute_even_past_the_service(evaluation, lead):
    dispute_greeting(evaluation)
    db.session.add(Dispute(evaluation_id=evaluation.id, resolver_id=lead.id, status="open"))
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()


def test_only_the_evaluated_agent_disputes_a_submitted_live_evaluation(app, evaluation, lead):
    other_agent = make_person(Role.AGENT)
    with pytest.raises(Refused, match="Only the agent who was evaluated"):
        open_dispute(evaluation.id, other_agent.id, [("greeting", "mine", None)], "")
    draft = draft_evaluation(scorecard=evaluation.version.scorecard)
    with pytest.raises(Refused, match="Only a submitted evaluation"):
        open_dispute(draft.id, draft.agent_id, [("greeting", "why", None)], "")
    calibration = submitted_evaluation(kind="calibration")
    with pytest.raises(Refused, match="Only a submitted evaluation"):
        open_dispute(calibration.id, calibration.agent_id, [("greeting", "why", None)], "")
    assert count(Dispute) == 0


@pytest.mark.parametrize("items, message", [
    ([], "at least one criterion"),
    ([("nope", "why", None)], '"nope" is not a criterion'),
    ([("greeting", "  ", None)], "Say why you dispute"),
    ([("greeting", "why", "maybe")], '"maybe" is not an answer'),
    ([("greeting", "why", "no")], "already the answer"),
    ([("greeting", "why", None), ("greeting", "again", None)], "named twice"),
    ([("empathy", "x" * 5001, None)], "at most 5000 characters"),
])
def test_bad_items_are_refused_and_nothing_is_stored(evaluation, lead, items, message):
    with pytest.raises(Refused, match=message):
        open_dispute(evaluation.id, evaluation.agent_id, items, "")
    db.session.rollback()
    assert count(Dispute) == 0 and count(DisputeItem) == 0 and not entries("dispute.opened")


def test_an_acknowledged_evaluation_cannot_be_disputed(evaluation, lead):
    from qa.reviews.services import acknowledge_evaluation

    acknowledge_evaluation(evaluation.id, evaluation.agent_id)
    with pytest.raises(Refused, match="acknowledged this evaluation"):
        dispute_greeting(evaluation)


def test_the_least_busy_qa_lead_who_is_not_the_reviewer_resolves(app, lead):
    busy = submitted_evaluation()
    dispute_greeting(busy, proposed=None)  # goes to Lena, the only QA lead
    idle = make_person(Role.QA_LEAD, name="Ida Idle")
    reviewing_lead = make_person(Role.QA_LEAD, name="Rita Reviewer")
    evaluation = submitted_evaluation(reviewer=reviewing_lead)
    assert dispute_greeting(evaluation, proposed=None).resolver_id == idle.id


def test_the_reviewer_resolves_their_own_evaluation_when_it_is_the_only_qa_lead(app):
    reviewing_lead = make_person(Role.QA_LEAD)
    evaluation = submitted_evaluation(reviewer=reviewing_lead)
    assert dispute_greeting(evaluation, proposed=None).resolver_id == reviewing_lead.id


def test_resolver_setting_reviewer_and_arbitrator(app, lead):
    app.config["DISPUTE_RESOLVER"] = "reviewer"
    evaluation = submitted_evaluation()
    assert dispute_greeting(evaluation, proposed=None).resolver_id == evaluation.reviewer_id
    arbitrator = make_person(Role.REVIEWER, email="arbiter@test.example.com")
    app.config.update(DISPUTE_RESOLVER="arbitrator", DISPUTE_ARBITRATOR="arbiter@test.example.com")
    assert dispute_greeting(submitted_evaluation(), proposed=None).resolver_id == arbitrator.id
    # An arbitrator who left (or never existed) does not block disputes: a QA lead takes them.
    arbitrator.active = False
    db.session.commit()
    assert dispute_greeting(submitted_evaluation(), proposed=None).resolver_id == lead.id


def test_the_disputing_agent_is_never_the_resolver(app):
    agent_and_lead = make_person(Role.AGENT, Role.QA_LEAD)
    app.config.update(DISPUTE_RESOLVER="arbitrator", DISPUTE_ARBITRATOR=agent_and_lead.email)
    evaluation = submitted_evaluation(agent=agent_and_lead, answers={"greeting": "no"})
    with pytest.raises(Refused, match="Nobody can resolve this dispute"):
        dispute_greeting(evaluation)
    db.session.rollback()
    assert count(Dispute) == 0
    admin = make_person(Role.ADMIN)
    assert dispute_greeting(evaluation).resolver_id == admin.id


def test_accepting_rescores_and_the_history_keeps_the_earlier_answers(evaluation, lead):
    before = evaluation.score
    dispute = open_dispute(evaluation.id, evaluation.agent_id,
                           [("greeting", "I greeted them", "yes"), ("empathy", "I was kind", None)], "")
    db.session.commit()
    resolve_dispute(dispute.id, lead.id, {"greeting": (True, None), "empathy": (True, "4")}, "")
    db.session.commit()
    db.session.expire_all()
    assert dispute.status == "accepted" and dispute.resolved_by_id == lead.id
    assert [(i.decision, i.final_value) for i in dispute.items] == [("accepted", "yes"), ("accepted", "4")]
    assert evaluation.score > before and (dispute.score_before, dispute.score_after) == (before, evaluation.score)
    assert evaluation.answer_for("greeting").value == "yes" and evaluation.answer_for("empathy").value == "4"
    [rescored] = entries("evaluation.rescored")
    assert rescored.before["answers"]["greeting"] == "no" and rescored.before["score"] == before
    assert rescored.after["answers"]["greeting"] == "yes" and rescored.after["score"] == evaluation.score
    [resolved] = entries("dispute.resolved")
    assert resolved.before == {"status": "open", "score": before, "answers": {"greeting": "no", "empathy": "3"}}
    assert resolved.after["answers"] == {"greeting": "yes", "empathy": "4"}
    assert resolved.after["status"] == "accepted" and resolved.after["score"] == evaluation.score
    for user_id in (evaluation.agent_id, evaluation.reviewer_id):
        [note] = notifications_of(user_id, "dispute.resolved")
        assert note.link == f"/evaluations/{evaluation.id}" and "accepted" in note.message
    assert not notifications_of(lead.id, "dispute.resolved")


def test_partly_accepting_needs_a_note_and_changes_only_the_accepted(evaluation, lead):
    dispute = open_dispute(evaluation.id, evaluation.agent_id,
                           [("greeting", "I greeted them", "yes"), ("empathy", "I was kind", "5")], "")
    db.session.commit()
    with pytest.raises(Refused, match="rejected criterion needs a reason"):
        resolve_dispute(dispute.id, lead.id, {"greeting": (True, None), "empathy": (False, None)}, " ")
    db.session.rollback()
    resolve_dispute(dispute.id, lead.id, {"greeting": (True, None), "empathy": (False, None)}, "Tone was flat.")
    db.session.commit()
    assert dispute.status == "partly_accepted" and dispute.resolution_note == "Tone was flat."
    assert evaluation.answer_for("greeting").value == "yes" and evaluation.answer_for("empathy").value == "3"
    assert [(i.decision, i.final_value) for i in dispute.items] == [("accepted", "yes"), ("rejected", None)]


def test_rejecting_leaves_the_score_alone(evaluation, lead):
    score = evaluation.score
    dispute = dispute_greeting(evaluation)
    resolve_dispute(dispute.id, lead.id, {"greeting": (False, None)}, "No greeting in the transcript.")
    db.session.commit()
    assert dispute.status == "rejected" and (dispute.score_before, dispute.score_after) == (score, score)
    assert evaluation.score == score and not entries("evaluation.rescored")
    assert entries("dispute.resolved")[0].after["decisions"] == {"greeting": "rejected"}


@pytest.mark.parametrize("decisions, note, message", [
    ({}, "", "still undecided: greeting, empathy"),
    ({"greeting": (True, None)}, "", "still undecided: empathy"),
    ({"greeting": (True, None), "empathy": (True, None), "process": (True, "full")}, "", "not about process"),
    ({"greeting": (True, None), "empathy": (True, None)}, "", "the agent proposed none"),
    ({"greeting": (True, "perhaps"), "empathy": (False, None)}, "n", '"perhaps" is not an answer'),
    ({"greeting": (True, "no"), "empathy": (False, None)}, "n", "accepting it changes nothing"),
])
def test_every_item_needs_a_valid_decision(evaluation, lead, decisions, note, message):
    dispute = open_dispute(evaluation.id, evaluation.agent_id,
                           [("greeting", "I greeted them", "yes"), ("empathy", "I was kind", None)], "")
    db.session.commit()
    with pytest.raises(Refused, match=message):
        resolve_dispute(dispute.id, lead.id, decisions, note)
    db.session.rollback()
    db.session.expire_all()
    assert dispute.status == "open" and all(item.decision is None for item in dispute.items)
    assert evaluation.answer_for("greeting").value == "no" and not entries("dispute.resolved")


def test_who_may_resolve(evaluation, lead):
    dispute = dispute_greeting(evaluation)
    other_reviewer = make_person(Role.REVIEWER)
    for user_id in (evaluation.agent_id, other_reviewer.id):
        with pytest.raises(Refused):
            resolve_dispute(dispute.id, user_id, {"greeting": (True, None)}, "")
        db.session.rollback()
    second_lead = make_person(Role.QA_LEAD)  # not assigned, but a QA lead may step in
    resolve_dispute(dispute.id, second_lead.id, {"greeting": (True, None)}, "")
    db.session.commit()
    assert dispute.resolved_by_id == second_lead.id
    with pytest.raises(Refused, match="resolved already"):
        resolve_dispute(dispute.id, lead.id, {"greeting": (True, None)}, "")


def test_an_agent_who_is_also_a_qa_lead_cannot_resolve_their_own_dispute(app, lead):
    agent_and_lead = make_person(Role.AGENT, Role.QA_LEAD)
    evaluation = submitted_evaluation(agent=agent_and_lead, answers={"greeting": "no"})
    dispute = dispute_greeting(evaluation)
    assert dispute.resolver_id == lead.id
    with pytest.raises(Refused, match="cannot resolve their own dispute"):
        resolve_dispute(dispute.id, agent_and_lead.id, {"greeting": (True, None)}, "")
    db.session.rollback()
    assert db.session.get(EvaluationAnswer, evaluation.answer_for("greeting").id).value == "no"


def test_a_dispute_opened_at_the_same_moment_is_refused_by_the_database(evaluation, lead, monkeypatch):
    import qa.disputes.services as services

    other = Dispute(evaluation_id=evaluation.id, raised_by_id=evaluation.agent_id, resolver_id=lead.id)
    db.session.add(other)
    db.session.commit()
    monkeypatch.setattr(services, "open_dispute_of", lambda evaluation_id: None)  # the other request's view
    with pytest.raises(Refused, match="already has an open dispute"):
        dispute_greeting(evaluation)
    db.session.rollback()
    assert count(Dispute) == 1 and not entries("dispute.opened")


def test_a_dispute_resolved_at_the_same_moment_is_refused(evaluation, lead):
    dispute = dispute_greeting(evaluation)
    db.session.execute(db.update(Dispute).where(Dispute.id == dispute.id).values(status="rejected")
                       .execution_options(synchronize_session=False))  # another resolver, in another request
    with pytest.raises(Refused, match="at the same moment"):
        resolve_dispute(dispute.id, lead.id, {"greeting": (True, None)}, "")
    db.session.rollback()
    assert evaluation.answer_for("greeting").value == "no" and not entries("evaluation.rescored")
