"""Blindness and the agents' results, checked through the pages and the API: a participant never sees another
participant's calibration evaluation through /evaluations or /api/v1/evaluations (before the reveal or after:
those only ever show one's own calibration scores), and calibration scores never reach an agent."""
from datetime import timedelta

import pytest

from qa.api.services import create_api_token
from qa.extensions import db
from qa.reviews.services import submit_evaluation
from qa.timeutil import utcnow
from tests.qa.calibration.session_builders import score_all, score_item, session_scene
from tests.qa.calibration.test_views import client_of
from tests.qa.reviews.builders import submitted_evaluation


def bearer(user) -> dict:
    token, _ = create_api_token(user.id, "tests", 30)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def api_ids(client, user) -> set[int]:
    response = client.get("/api/v1/evaluations", headers=bearer(user))
    assert response.status_code == 200, response.json
    return {item["id"] for item in response.json["items"]}


@pytest.fixture
def scored(app):
    """Reviewer A has scored the session's one interaction; B has not yet. A live evaluation of the agent too."""
    scene = session_scene(interactions=1)
    a_score = score_item(scene.session, scene.reviewers[0], answers={"process": "none"})
    live = submitted_evaluation(agent=scene.agent)
    return scene, a_score, live


def test_a_participant_sees_only_their_own_calibration_score_through_the_api(app, scored):
    scene, a_score, _ = scored
    client = app.test_client()
    b_draft = score_item(scene.session, scene.reviewers[1], submit=False)
    assert a_score.id not in api_ids(client, scene.reviewers[1])
    assert client.get(f"/api/v1/evaluations/{a_score.id}", headers=bearer(scene.reviewers[1])).status_code == 404
    assert api_ids(client, scene.reviewers[0]) >= {a_score.id}
    # After the reveal (B submits: everyone has scored), the other's score is still only on the session page.
    submit_evaluation(b_draft.id, scene.reviewers[1].id)
    db.session.commit()
    assert a_score.id not in api_ids(client, scene.reviewers[1])
    assert client.get(f"/api/v1/evaluations/{a_score.id}", headers=bearer(scene.reviewers[1])).status_code == 404
    assert b_draft.id not in api_ids(client, scene.reviewers[0])


def test_a_participant_sees_no_other_calibration_score_on_the_evaluation_pages(app, scored):
    scene, a_score, _ = scored
    client = client_of(app, scene.reviewers[1])
    assert client.get(f"/evaluations/{a_score.id}").status_code == 404
    assert f'href="/evaluations/{a_score.id}"' not in client.get("/evaluations/").get_data(as_text=True)
    score_all(scene.session, scene.reviewers[1])  # the reveal
    assert client.get(f"/evaluations/{a_score.id}").status_code == 404
    assert f'href="/evaluations/{a_score.id}"' not in client.get("/evaluations/").get_data(as_text=True)
    page = client.get(f"/calibration/{scene.session.id}").get_data(as_text=True)
    assert "Not at all" in page  # A's answer, now on the session page where it belongs


def test_calibration_scores_never_reach_the_agent(app, scored):
    scene, a_score, live = scored
    score_all(scene.session, scene.reviewers[1])
    client = client_of(app, scene.agent)
    listing = client.get("/evaluations/").get_data(as_text=True)
    assert f'href="/evaluations/{live.id}"' in listing and f'href="/evaluations/{a_score.id}"' not in listing
    assert client.get(f"/evaluations/{a_score.id}").status_code == 404
    api = app.test_client()
    assert api_ids(api, scene.agent) == {live.id}
    response = api.get("/api/v1/evaluations", headers=bearer(scene.agent))
    assert response.json["total"] == 1
    assert api.get(f"/api/v1/evaluations/{a_score.id}", headers=bearer(scene.agent)).status_code == 404
    assert client.get(f"/calibration/{scene.session.id}").status_code == 403


def test_leads_lists_of_evaluations_leave_calibration_out_too(app, scored):
    """The lead reads calibration answers on the session page; agents' results elsewhere stay live only."""
    scene, a_score, live = scored
    listing = client_of(app, scene.lead).get("/evaluations/").get_data(as_text=True)
    assert f'href="/evaluations/{live.id}"' in listing and f'href="/evaluations/{a_score.id}"' not in listing
    assert a_score.id not in api_ids(app.test_client(), scene.lead)


def test_after_the_deadline_who_did_not_score_still_does_not_see_the_answers(app, scored):
    scene, a_score, _ = scored
    scene.session.deadline_at = utcnow() - timedelta(seconds=1)
    a_score.submitted_at = scene.session.deadline_at - timedelta(minutes=1)
    db.session.commit()
    page = client_of(app, scene.reviewers[1]).get(f"/calibration/{scene.session.id}").get_data(as_text=True)
    assert "side-by-side" not in page and "Not at all" not in page and 'data-testid="hidden-reason"' in page
    lead_page = client_of(app, scene.lead).get(f"/calibration/{scene.session.id}").get_data(as_text=True)
    assert "Not at all" in lead_page  # revealed: the facilitator sees A's answer
