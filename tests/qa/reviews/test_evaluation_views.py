"""The evaluation pages: the list and its filters, who sees what, acknowledging, and the agent's dispute form."""
import copy
from datetime import timedelta

import pytest

from qa.audit.models import AuditEntry
from qa.disputes.models import Dispute, DisputeItem
from qa.extensions import db
from qa.notifications.models import Notification
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import SIMPLE_DEFINITION, make_person, published_scorecard, submitted_evaluation
from tests.support import login, post_form

WITH_AUTOQA = copy.deepcopy(SIMPLE_DEFINITION)
WITH_AUTOQA["sections"][0]["criteria"][0]["autoqa"] = {"rule": "tag_present", "tags": ["agent.greeting"]}


def signed_in(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


@pytest.fixture
def lead(app):
    return make_person(Role.QA_LEAD, name="Lena Lead")


@pytest.fixture
def agent(app):
    return make_person(Role.AGENT, name="Avery Agent")


@pytest.fixture
def evaluation(app, agent, lead):
    return submitted_evaluation(
        agent=agent, scorecard=published_scorecard(WITH_AUTOQA), answers={"greeting": "no", "empathy": "3"},
        comments={"greeting": "No hello before the question."}, overall_comment="Friendly, but slow to greet.",
        moments=[(2, "Good apology here")])


def test_an_agent_lists_and_opens_only_their_own(app, agent, evaluation):
    others = submitted_evaluation(scorecard=evaluation.version.scorecard)
    client = signed_in(app, agent)
    page = client.get("/evaluations/").get_data(as_text=True)
    assert f'href="/evaluations/{evaluation.id}"' in page and f'href="/evaluations/{others.id}"' not in page
    assert "1 evaluation" in page
    assert client.get(f"/evaluations/{others.id}").status_code == 404
    assert post_form(client, f"/evaluations/{others.id}/acknowledge").status_code == 404
    assert client.get(f"/evaluations/{evaluation.id}?agent={others.agent_id}").status_code == 200
    # Asking the list for someone else's evaluations gives nothing, not theirs.
    assert f"/evaluations/{others.id}\"" not in client.get(f"/evaluations/?agent={others.agent_id}").get_data(as_text=True)


def test_the_page_shows_the_score_answers_moments_and_history(app, agent, evaluation):
    page = signed_in(app, agent).get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    assert f"{evaluation.score:.1f}%" in page and "Opening" in page and "Resolution" in page
    assert "Did the agent greet the customer?" in page and "No hello before the question." in page
    greeting = evaluation.answer_for("greeting")
    assert f"{greeting.earned:.1f} / {greeting.possible:.1f}" in page
    assert "Friendly, but slow to greet." in page
    line = page.split('id="line-2"', 1)[1].split("</li>", 1)[0]
    assert "Good apology here" in line
    assert "Scored interaction" in page  # the submission, in the history
    assert "AutoQA" not in page and "overridden" not in page  # staff only


def test_a_reviewer_reads_their_own_draft_here_and_nobody_else_does(app, agent):
    from tests.qa.reviews.builders import draft_evaluation

    draft = draft_evaluation(agent=agent)
    page = signed_in(app, draft.reviewer).get(f"/evaluations/{draft.id}")
    assert page.status_code == 200 and "draft" in page.get_data(as_text=True)
    assert signed_in(app, agent).get(f"/evaluations/{draft.id}").status_code == 404


def test_staff_see_what_autoqa_suggested_and_that_it_was_overridden(app, lead, evaluation):
    assert evaluation.answer_for("greeting").autoqa_value == "yes"
    page = signed_in(app, lead).get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    row = page.split('data-testid="criterion-greeting"', 1)[1].split("</tr>", 1)[0]
    assert "Yes" in row and "overridden" in row


def test_filters_and_bad_filters(app, lead, agent, evaluation):
    failing = submitted_evaluation(answers={"greeting": "no", "process": "none"})
    client = signed_in(app, lead)

    def ids(query):
        page = client.get(f"/evaluations/?{query}").get_data(as_text=True)
        return {e.id for e in (evaluation, failing) if f'href="/evaluations/{e.id}"' in page}

    assert ids("") == {evaluation.id, failing.id}
    assert ids(f"agent={agent.id}") == {evaluation.id}
    assert ids(f"reviewer={failing.reviewer_id}") == {failing.id}
    assert ids("result=fail") == {evaluation.id, failing.id} - ({evaluation.id} if evaluation.passed else set())
    assert ids(f"min_score={failing.score + 1}") == {evaluation.id}
    today = utcnow().date()
    assert ids(f"date_from={today}&date_to={today}") == {evaluation.id, failing.id}
    assert ids(f"date_from={today + timedelta(days=1)}") == set()
    assert ids("disputed=yes") == set() and ids("acknowledged=no") == {evaluation.id, failing.id}
    response = client.get(f"/evaluations/?date_from={today}&date_to={today - timedelta(days=1)}")
    assert response.status_code == 400 and "The end date is before the start date." in response.get_data(as_text=True)
    for query in ("min_score=lots", "min_score=snan", "max_score=inf", f"agent={2**70}"):
        assert client.get(f"/evaluations/?{query}").status_code == 400, query
    assert client.get(f"/evaluations/{2**70}").status_code == 404
    assert client.get(f"/evaluations/?page={2**70}").status_code == 200


def test_acknowledging(app, agent, evaluation):
    client = signed_in(app, agent)
    response = post_form(client, f"/evaluations/{evaluation.id}/acknowledge", token_from=f"/evaluations/{evaluation.id}")
    assert response.status_code == 303
    db.session.expire_all()
    assert evaluation.acknowledged_at is not None
    page = client.get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    assert 'data-testid="acknowledged"' in page and "Send the dispute" not in page
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "evaluation.acknowledged"))


def dispute_form(criteria: dict[str, tuple[str, str]], reason: str = "") -> dict:
    data = {"reason": reason}
    for key, (why, proposed) in criteria.items():
        data.update({f"pick_{key}": "y", f"reason_{key}": why, f"proposed_{key}": proposed})
    return data


def stored() -> tuple[int, int]:
    count = lambda model: db.session.scalar(db.select(db.func.count()).select_from(model))  # noqa: E731
    return count(Dispute), count(DisputeItem)


@pytest.mark.parametrize("data, message", [
    ({}, "Choose at least one criterion to dispute."),
    (dispute_form({"greeting": ("", "yes")}), "Say why you dispute &#34;Did the agent greet the customer?&#34;."),
    (dispute_form({"greeting": ("I did", "maybe")}), "Not a valid choice"),
    (dispute_form({"greeting": ("I did", "no")}), "Not a valid choice"),  # the current answer is not offered
])
def test_bad_dispute_input_is_a_400_naming_the_field_and_stores_nothing(app, agent, evaluation, data, message):
    client = signed_in(app, agent)
    response = post_form(client, f"/evaluations/{evaluation.id}/dispute", data, token_from=f"/evaluations/{evaluation.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    assert 'id="dispute" open' in page  # the form is shown again with what was typed
    assert stored() == (0, 0)


def test_a_dispute_after_the_window_is_refused_with_the_date(app, agent, evaluation):
    evaluation.submitted_at = utcnow() - timedelta(days=8)
    db.session.commit()
    client = signed_in(app, agent)
    assert "Send the dispute" not in client.get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    response = post_form(client, f"/evaluations/{evaluation.id}/dispute",
                         dispute_form({"greeting": ("I did", "yes")}), token_from=f"/evaluations/{evaluation.id}")
    closed = evaluation.submitted_at + timedelta(days=7)
    assert response.status_code == 400 and f"closed on {closed:%Y-%m-%d %H:%M} UTC" in response.get_data(as_text=True)
    assert stored() == (0, 0)


def test_the_agent_disputes_and_the_lead_resolves_from_the_queue(app, agent, lead, evaluation):
    client = signed_in(app, agent)
    response = post_form(client, f"/evaluations/{evaluation.id}/dispute",
                         dispute_form({"greeting": ("I said hello first", "yes"), "empathy": ("I was kind", "")},
                                      "Please listen again"), token_from=f"/evaluations/{evaluation.id}")
    assert response.status_code == 303
    dispute = db.session.scalar(db.select(Dispute))
    assert [(i.criterion_key, i.proposed_value) for i in dispute.items] == [("greeting", "yes"), ("empathy", None)]
    page = client.get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    assert 'data-testid="dispute-status">open' in page and "I said hello first" in page
    acknowledged = post_form(client, f"/evaluations/{evaluation.id}/acknowledge", token_from=f"/evaluations/{evaluation.id}")
    assert acknowledged.status_code == 400 and "still open" in acknowledged.get_data(as_text=True)
    assert db.session.scalar(db.select(Notification).where(Notification.user_id == lead.id)).link == f"/disputes/{dispute.id}"

    resolver = signed_in(app, lead)
    assert f'href="/disputes/{dispute.id}"' in resolver.get("/disputes/").get_data(as_text=True)
    path = f"/disputes/{dispute.id}"
    missing = post_form(resolver, path, {"decision_greeting": "accept"}, token_from=path)
    assert missing.status_code == 400 and "Accept or reject &#34;How empathetic was the agent?&#34;." in missing.get_data(as_text=True)
    no_note = post_form(resolver, path, {"decision_greeting": "accept", "decision_empathy": "reject"}, token_from=path)
    assert no_note.status_code == 400 and "a rejected criterion needs a reason" in no_note.get_data(as_text=True)
    db.session.expire_all()
    assert dispute.status == "open"
    before = evaluation.score
    done = post_form(resolver, path, {"decision_greeting": "accept", "decision_empathy": "reject",
                                      "note": "Empathy stays: the apology came late."}, token_from=path)
    assert done.status_code == 303
    db.session.expire_all()
    assert dispute.status == "partly_accepted" and evaluation.score > before
    page = client.get(f"/evaluations/{evaluation.id}").get_data(as_text=True)
    assert f"{before:.1f}% → {evaluation.score:.1f}%" in page  # the history shows both scores
    assert "Empathy stays: the apology came late." in page and "partly accepted" in page
    assert '<span class="before">No</span> → <span class="after">Yes</span>' in page  # and the answer it changed
    assert f"{before:.1f}%" in resolver.get("/disputes/?status=all").get_data(as_text=True)


def test_a_reviewer_sees_only_the_disputes_they_resolve_or_scored(app, agent, lead, evaluation):
    from qa.disputes.services import open_dispute

    dispute = open_dispute(evaluation.id, agent.id, [("greeting", "I did", "yes")], "")
    db.session.commit()
    stranger = signed_in(app, make_person(Role.REVIEWER))
    assert stranger.get(f"/disputes/{dispute.id}").status_code == 404
    assert f"/disputes/{dispute.id}\"" not in stranger.get("/disputes/").get_data(as_text=True)
    scorer = signed_in(app, evaluation.reviewer)
    page = scorer.get(f"/disputes/{dispute.id}")
    assert page.status_code == 200 and 'data-testid="resolve-form"' not in page.get_data(as_text=True)
    assert post_form(scorer, f"/disputes/{dispute.id}", {"decision_greeting": "accept"}).status_code == 403
    assert signed_in(app, agent).get("/disputes/").status_code == 403
    leads = signed_in(app, lead)
    assert leads.get("/disputes/?status=closed").status_code == 400
    assert leads.get(f"/disputes/?page={2**70}").status_code == 400 and leads.get(f"/disputes/{2**70}").status_code == 404
