"""GET /api/v1/scorecards and /api/v1/scorecards/<id>: the scorecard pages' roles, every version with its
definition, drafts for authors only."""
import pytest

from qa.api.services import create_api_token
from qa.extensions import db
from qa.roles import Role
from scorecards.services import create_scorecard, publish_version, start_new_draft
from tests.scorecards.definition_builders import criterion, definition, section


def bearer(make_user, role: Role) -> dict:
    user = make_user(role)
    token, _ = create_api_token(user.id, "tests", 30)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def scorecards(app):
    """"Calls" with v1 retired, v2 published and v3 a draft; "Ideas" with only a draft."""
    calls = create_scorecard("Calls", "Phone calls", definition(section("opening", criterion("greeting"))), None)
    publish_version(calls.versions[0].id, None, "first")
    publish_version(start_new_draft(calls.id, None).id, None, "second")
    start_new_draft(calls.id, None)
    ideas = create_scorecard("Ideas", "", definition(), None)
    db.session.commit()
    return calls, ideas


def test_agents_and_trainers_are_refused_as_on_the_pages(client, make_user, scorecards):
    calls, _ = scorecards
    for role in (Role.AGENT, Role.TRAINER):
        headers = bearer(make_user, role)
        for path in ("/api/v1/scorecards", f"/api/v1/scorecards/{calls.id}"):
            response = client.get(path, headers=headers)
            assert response.status_code == 403 and response.json["error"]["status"] == 403
    assert client.get("/api/v1/scorecards").status_code == 401


def test_a_reviewer_reads_published_and_retired_versions_only(client, make_user, scorecards):
    calls, ideas = scorecards
    headers = bearer(make_user, Role.REVIEWER)
    listing = client.get("/api/v1/scorecards", headers=headers).json["items"]
    assert [(s["name"], s["published_version"], [v["number"] for v in s["versions"]]) for s in listing] == [
        ("Calls", 2, [2, 1])]
    assert "definition" not in listing[0]["versions"][0]
    detail = client.get(f"/api/v1/scorecards/{calls.id}", headers=headers).json
    assert [(v["number"], v["status"], v["note"]) for v in detail["versions"]] == [
        (2, "published", "second"), (1, "retired", "first")]
    assert detail["versions"][0]["definition"]["sections"][0]["criteria"][0]["key"] == "greeting"
    response = client.get(f"/api/v1/scorecards/{ideas.id}", headers=headers)
    assert response.status_code == 404 and "that you can see" in response.json["error"]["message"]


def test_authors_see_drafts_too(client, make_user, scorecards):
    calls, ideas = scorecards
    headers = bearer(make_user, Role.QA_LEAD)
    detail = client.get(f"/api/v1/scorecards/{calls.id}", headers=headers).json
    assert [(v["number"], v["status"]) for v in detail["versions"]] == [(3, "draft"), (2, "published"), (1, "retired")]
    assert detail["versions"][0]["definition"] == calls.versions[2].definition
    names = [s["name"] for s in client.get("/api/v1/scorecards", headers=headers).json["items"]]
    assert names == ["Calls", "Ideas"]
    assert client.get("/api/v1/scorecards/999", headers=headers).status_code == 404
    assert client.get(f"/api/v1/scorecards/{2**70}", headers=headers).status_code == 404
