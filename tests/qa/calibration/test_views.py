"""The calibration pages through a test client: the list and the new-session form (bad input is a 400 naming
the field), scoring from the session page through the review page and back, the revealed page with
statistics, gold answers and closing."""
import re
from datetime import timedelta

import pytest

from qa.calibration.models import CalibrationSession, SessionStatus
from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.calibration.certification_builders import gold_set, require_certification, take_certification
from tests.qa.calibration.session_builders import score_all, score_item, session_scene
from tests.qa.reviews.builders import make_person, published_scorecard, ready_chat
from tests.support import login, post_form
from transcription.models import InteractionStatus


def client_of(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _deadline(days=2):
    return (utcnow() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def form_scene(app):
    lead, agent = make_person(Role.QA_LEAD), make_person(Role.AGENT)
    reviewers = [make_person(Role.REVIEWER, name="Rae Reviewer"), make_person(Role.REVIEWER, name="Sol Reviewer")]
    card = published_scorecard(name="Calibrated card")
    chats = [ready_chat(agent), ready_chat(agent)]
    form = {"title": "March calibration", "version_id": card.versions[0].id,
            "interaction_ids": f"{chats[0].id}, #{chats[1].id}", "reviewer_ids": [r.id for r in reviewers],
            "deadline": _deadline(), "note": "Score the refund process carefully."}
    return client_of(app, lead), form, reviewers, chats


def test_the_nav_and_the_list_show_calibration_to_reviewers_not_agents(app):
    scene = session_scene()
    page = client_of(app, scene.reviewers[0]).get("/calibration/").get_data(as_text=True)
    assert ">Calibration</a>" in page and "Weekly calibration" in page and "New session" not in page
    assert ">Calibration</a>" not in client_of(app, scene.agent).get("/").get_data(as_text=True)
    assert client_of(app, scene.agent).get("/calibration/").status_code == 403
    lead_page = client_of(app, scene.lead).get("/calibration/").get_data(as_text=True)
    assert "New session" in lead_page and "Weekly calibration" in lead_page


def test_a_lead_creates_a_session_from_the_form(form_scene):
    client, form, reviewers, chats = form_scene
    page = client.get("/calibration/new").get_data(as_text=True)
    assert "Calibrated card v1 (published)" in page and f"#{chats[1].id} · chat" in page
    response = post_form(client, "/calibration/new", form, token_from="/calibration/new")
    assert response.status_code == 302, response.get_data(as_text=True)
    session = db.session.scalar(db.select(CalibrationSession))
    assert response.headers["Location"] == f"/calibration/{session.id}"
    assert [i.interaction_id for i in session.items] == [c.id for c in chats]
    assert {p.reviewer_id for p in session.participants} == {r.id for r in reviewers}
    assert session.note == "Score the refund process carefully." and session.include_autoqa is False


@pytest.mark.parametrize("change, field, message", [
    ({"interaction_ids": "12, abc"}, "interaction_ids", "&#39;abc&#39; is not an interaction id"),
    ({"interaction_ids": ""}, "interaction_ids", "Type interaction ids or tick recent interactions."),
    ({"reviewer_ids": []}, "reviewer_ids", "Choose at least two reviewers, or one reviewer and AutoQA."),
    ({"deadline": "2001-01-01T10:00"}, "deadline", "The deadline is in the past"),
    ({"deadline": "tomorrow"}, "deadline", "Not a valid datetime value."),
    ({"title": ""}, "title", "Give the session a title."),
    ({"version_id": "999999"}, "version_id", "Not a valid choice."),
])
def test_bad_input_is_a_400_naming_the_field(form_scene, change, field, message):
    client, form, _, _ = form_scene
    response = post_form(client, "/calibration/new", {**form, **change}, token_from="/calibration/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    near_field = (rf'<div class="field has-error">\s*<label for="{field}"[^>]*>.*?{re.escape(message)}',
                  rf'<fieldset><legend>[^<]*</legend><ul class="checks" id="{field}".*?{re.escape(message)}')
    assert any(re.search(pattern, page, re.S) for pattern in near_field), page
    assert db.session.scalar(db.select(CalibrationSession)) is None


def test_a_refusal_of_the_service_is_a_400_saying_why(form_scene):
    client, form, _, chats = form_scene
    chats[0].status = InteractionStatus.PROCESSING.value
    db.session.commit()
    response = post_form(client, "/calibration/new", form, token_from="/calibration/new")
    assert response.status_code == 400
    assert f"Interaction {chats[0].id} is processing" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(CalibrationSession)) is None


def test_a_participant_scores_from_the_session_page_and_comes_back_to_it(app):
    scene = session_scene(interactions=1)
    session, reviewer = scene.session, scene.reviewers[0]
    client = client_of(app, reviewer)
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert 'data-state="todo"' in page and ">Score</button>" in page and 'data-testid="blind-note"' in page
    item = session.items[0]
    score_url = f"/calibration/{session.id}/items/{item.id}/score"
    response = post_form(client, score_url, token_from=f"/calibration/{session.id}")
    evaluation = db.session.scalar(db.select(Evaluation).where(Evaluation.reviewer_id == reviewer.id))
    assert response.headers["Location"] == f"/reviews/{evaluation.id}" and evaluation.kind == "calibration"
    assert "Continue</a>" in client.get(f"/calibration/{session.id}").get_data(as_text=True)
    form = {"answer-greeting": "yes", "answer-verified": "na", "answer-empathy": "4", "answer-process": "full",
            "base_revision": evaluation.revision, "seconds": 30}
    response = post_form(client, f"/reviews/{evaluation.id}/submit", form, token_from=f"/reviews/{evaluation.id}")
    assert response.headers["Location"] == f"/calibration/items/{item.id}"
    back = client.get(response.headers["Location"])
    assert back.headers["Location"] == f"/calibration/{session.id}#item-{item.id}"
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert 'data-state="scored"' in page and "Reviewer A: 1 of 1" in page
    again = post_form(client, score_url, token_from=f"/calibration/{session.id}")
    assert again.status_code == 400 and "a score is given once" in again.get_data(as_text=True)


def test_the_page_shows_nobody_the_answers_before_the_reveal(app):
    scene = session_scene(interactions=1)
    score_item(scene.session, scene.reviewers[0], answers={"process": "none"})
    for user in (scene.reviewers[0], scene.reviewers[1], scene.lead):
        page = client_of(app, user).get(f"/calibration/{scene.session.id}").get_data(as_text=True)
        assert "side-by-side" not in page and "Not at all" not in page and 'data-testid="statistics"' not in page
        assert 'data-testid="blind-note"' in page
    assert client_of(app, scene.lead).get(f"/calibration/{scene.session.id}/answers.csv").status_code == 409


def test_outsiders_get_a_404(app):
    scene = session_scene(interactions=1)
    outsider = client_of(app, make_person(Role.REVIEWER))
    assert outsider.get(f"/calibration/{scene.session.id}").status_code == 404
    assert outsider.get(f"/calibration/items/{scene.session.items[0].id}").status_code == 404
    assert outsider.get("/calibration/999999").status_code == 404


def test_the_revealed_page_gold_answers_and_closing(app):
    scene = session_scene()
    session = scene.session
    score_all(session, scene.reviewers[0], {"greeting": "no", "empathy": "3"})
    score_all(session, scene.reviewers[1], {"empathy": "4"})
    client = client_of(app, scene.lead)
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert 'data-testid="statistics"' in page and "Only 2 interactions were scored by two or more reviewers" in page
    assert page.count('<tr data-criterion="greeting" class="disagree">') == 2
    assert re.search(r'name="gold-process".*?<option value="full" selected>', page, re.S)  # the majority
    no_majority = r'name="gold-empathy"[^>]*>\s*<option value="">— choose —</option>(?:(?!selected).)*?</select>'
    assert re.search(no_majority, page, re.S)
    item = session.items[0]
    url = f"/calibration/{session.id}/items/{item.id}/gold"
    bad = post_form(client, url, {"gold-courtesy": "5"}, token_from=f"/calibration/{session.id}")
    assert bad.status_code == 400 and "&#34;courtesy&#34; is not a criterion of" in bad.get_data(as_text=True)
    good = {"gold-greeting": "yes", "note-greeting": "Hello in line 1", "gold-verified": "yes", "gold-empathy": "4",
            "gold-process": "full"}
    assert post_form(client, url, good, token_from=f"/calibration/{session.id}").status_code == 303
    refused = post_form(client, f"/calibration/{session.id}/close", token_from=f"/calibration/{session.id}")
    assert refused.status_code == 400 and f"interaction {session.items[1].interaction_id}: Did the agent greet" \
        in refused.get_data(as_text=True)
    post_form(client, f"/calibration/{session.id}/items/{session.items[1].id}/gold", good,
              token_from=f"/calibration/{session.id}")
    page = client.get(f"/calibration/{session.id}").get_data(as_text=True)
    assert 'data-testid="deviations"' in page and "-25.0 (strict)" in page and "+0.0 (even)" in page
    assert post_form(client, f"/calibration/{session.id}/close",
                     token_from=f"/calibration/{session.id}").status_code == 303
    db.session.expire_all()
    assert db.session.get(CalibrationSession, session.id).status == SessionStatus.CLOSED.value
    participant = client_of(app, scene.reviewers[1]).get(f"/calibration/{session.id}").get_data(as_text=True)
    assert 'data-testid="gold-greeting"' in participant and "Hello in line 1" in participant
    assert 'data-testid="statistics"' not in participant and 'gold-form' not in participant


def test_a_participant_sees_only_the_interactions_they_scored_after_the_deadline(app):
    scene = session_scene()
    session = scene.session
    scored = [*score_all(session, scene.reviewers[0]), score_item(session, scene.reviewers[1], 0)]
    session.deadline_at = utcnow() - timedelta(seconds=1)  # the deadline has just passed...
    for evaluation in scored:
        evaluation.submitted_at = session.deadline_at - timedelta(minutes=1)  # ...after they scored
    db.session.commit()
    page = client_of(app, scene.reviewers[1]).get(f"/calibration/{session.id}").get_data(as_text=True)
    assert f'id="item-{session.items[0].id}"' in page and f'id="item-{session.items[1].id}"' not in page
    assert "Not scored by the deadline" in page
    late = client_of(app, scene.reviewers[1])
    response = post_form(late, f"/calibration/{session.id}/items/{session.items[1].id}/score",
                         token_from=f"/calibration/{session.id}")
    assert response.status_code == 400 and "deadline has passed" in response.get_data(as_text=True)


def test_reviewers_cannot_record_gold_or_close(app):
    scene = session_scene(interactions=1)
    client = client_of(app, scene.reviewers[0])
    url = f"/calibration/{scene.session.id}"
    assert post_form(client, f"{url}/items/{scene.session.items[0].id}/gold", {"gold-greeting": "yes"},
                     token_from=url).status_code == 403
    assert post_form(client, f"{url}/close", token_from=url).status_code == 403
    assert client.get(f"{url}/answers.csv").status_code == 403


def test_a_certification_score_leads_to_its_certification_page_not_the_sessions_list(app):
    gold = gold_set()
    require_certification(gold)
    reviewer = make_person(Role.REVIEWER)
    certification = take_certification(reviewer, gold.scorecard, submit=1)
    client = client_of(app, reviewer)
    item_id = certification.session.items[0].id
    assert client.get(f"/calibration/items/{item_id}").headers["Location"] == f"/certification/{certification.id}"
    lead_list = client_of(app, gold.lead).get("/calibration/").get_data(as_text=True)
    assert "Gold calibration" in lead_list and "Certification of" not in lead_list
