"""The REST API: bearer tokens only, roles, an agent's own work only, JSON errors with one shape."""
import io
import json

import pytest

from qa.api import services as tokens
from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from tests.support import login, post_form
from tests.transcription.recordings import STEREO_CALL
from transcription.imports import ImportOptions, import_file


@pytest.fixture
def bearer(make_user):
    def issue(role: Role, email: str | None = None):
        user = make_user(role, email=email)
        token, _ = tokens.create_api_token(user.id, "tests", 30)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}, user
    return issue


def test_api_needs_a_valid_token_and_says_so_in_json(client):
    for headers in ({}, {"Authorization": "Bearer cb_not-a-real-token"}, {"Authorization": "Basic x"}):
        response = client.get("/api/v1/interactions", headers=headers)
        assert response.status_code == 401
        assert response.json["error"]["status"] == 401 and "Bearer" in response.json["error"]["message"]


def test_the_session_cookie_does_not_open_the_api(client, make_user):
    make_user(Role.ADMIN)
    login(client, "admin@test.example.com")
    assert client.get("/api/v1/interactions").status_code == 401


def test_revoked_and_expired_tokens_stop_working(client, make_user):
    user = make_user(Role.REVIEWER)
    token, row = tokens.create_api_token(user.id, "old", 1)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/interactions", headers=headers).status_code == 200
    tokens.revoke_api_token(row.id, user.id)
    db.session.commit()
    assert client.get("/api/v1/interactions", headers=headers).status_code == 401


def test_upload_a_recording_then_read_it_back(client, bearer, make_user):
    headers, _ = bearer(Role.REVIEWER)
    agent = make_user(Role.AGENT, email="api.agent@test.example.com")
    with STEREO_CALL.open("rb") as handle:
        response = client.post("/api/v1/interactions", headers=headers, data={
            "file": (handle, "call.wav"), "agent": agent.email, "source_id": "pbx-1", "metadata": '{"queue": "returns"}'})
    assert response.status_code == 201, response.json
    [result] = response.json["results"]
    assert result["status"] == "received" and result["source_id"] == "pbx-1"
    run_pending_jobs()
    document = client.get(f"/api/v1/interactions/{result['id']}", headers=headers).json
    assert document["status"] == "ready" and document["metadata"] == {"queue": "returns"}
    assert document["agent"]["email"] == agent.email
    assert {"agent_talk_share", "hold_seconds", "overtalk_seconds"} <= set(document["metrics"])


def test_post_a_conversation_as_json(client, bearer):
    headers, _ = bearer(Role.QA_LEAD)
    body = {"source_id": "chat-5", "channel": "chat", "utterances": [{"speaker": "customer", "text": "Hi"}]}
    response = client.post("/api/v1/interactions", headers=headers, json=body)
    assert response.status_code == 201 and response.json["results"][0]["source_id"] == "chat-5"
    again = client.post("/api/v1/interactions", headers=headers, json=body)
    assert again.json["results"][0]["status"] == "duplicate"


def upload(content: bytes, **fields):
    return lambda: {"data": {"file": (io.BytesIO(content), "x.txt"), **fields}}


@pytest.mark.parametrize("request_kwargs, status, message", [
    (lambda: {"json": {"utterances": "nope"}}, 422, "utterances"),
    (upload(b"\x00\x00"), 422, "binary"),
    (lambda: {"data": {"other": "field"}}, 415, "multipart"),
    (upload(b"Agent: hi\n", agent="ghost@test.example.com"), 400, "No user"),
    (upload(b"Agent: hi\n", metadata="[1, 2]"), 400, "metadata"),
])
def test_bad_api_requests_get_clear_json_errors(client, bearer, request_kwargs, status, message):
    headers, _ = bearer(Role.ADMIN)
    response = client.post("/api/v1/interactions", headers=headers, **request_kwargs())
    assert response.status_code == status, response.json
    assert message in json.dumps(response.json)


def test_agents_cannot_import_and_see_only_their_own(client, app, bearer):
    headers, agent = bearer(Role.AGENT, email="own@test.example.com")
    assert client.post("/api/v1/interactions", headers=headers, json={}).status_code == 403
    [mine] = import_file(b"Agent: mine\n", "a.txt", ImportOptions(agent_id=agent.id))
    [theirs] = import_file(b"Agent: theirs\n", "b.txt", ImportOptions())
    db.session.commit()
    listing = client.get("/api/v1/interactions", headers=headers).json
    assert [item["id"] for item in listing["items"]] == [mine.interaction_id]
    assert client.get(f"/api/v1/interactions/{theirs.interaction_id}", headers=headers).status_code == 404


def test_tokens_are_created_and_revoked_on_the_account_page(client_for):
    client = client_for(Role.TRAINER)
    response = post_form(client, "/account/tokens/", {"name": "laptop script", "days": 30}, token_from="/account/tokens/")
    assert response.status_code == 200
    token = response.get_data(as_text=True).split('data-testid="api-token" data-select-on-focus')[0].rsplit('value="', 1)[1].split('"')[0]
    assert token.startswith("cb_")
    assert client.get("/api/v1/interactions", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert post_form(client, "/account/tokens/", {"name": "", "days": 30}, token_from="/account/tokens/").status_code == 400
