"""GET /api/v1/evaluations and /api/v1/evaluations/<id>: the pages' visibility, filters, and 400s that name
the parameter."""
from datetime import timedelta

import pytest

from qa.api.services import create_api_token
from qa.disputes.services import open_dispute, resolve_dispute
from qa.extensions import db
from qa.reviews.services import acknowledge_evaluation
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person, published_scorecard, submitted_evaluation


def bearer(user) -> dict:
    token, _ = create_api_token(user.id, "tests", 30)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def world(app):
    lead = make_person(Role.QA_LEAD)
    agent, other_agent = make_person(Role.AGENT), make_person(Role.AGENT)
    reviewer = make_person(Role.REVIEWER)
    scorecard = published_scorecard()
    mine = submitted_evaluation(agent=agent, reviewer=reviewer, scorecard=scorecard, answers={"greeting": "no", "empathy": "3"},
                                comments={"greeting": "Missed it"}, overall_comment="Kind and quick",
                                moments=[(1, "The customer's question")])
    theirs = submitted_evaluation(agent=other_agent, scorecard=published_scorecard())
    return {"lead": lead, "agent": agent, "other_agent": other_agent, "reviewer": reviewer, "mine": mine,
            "theirs": theirs}


def ids(response) -> set[int]:
    assert response.status_code == 200, response.json
    return {item["id"] for item in response.json["items"]}


def test_the_api_needs_a_token(client, world):
    for path in ("/api/v1/evaluations", f"/api/v1/evaluations/{world['mine'].id}"):
        response = client.get(path)
        assert response.status_code == 401 and response.json["error"]["status"] == 401


def test_an_agent_gets_only_their_own(client, world):
    headers = bearer(world["agent"])
    assert ids(client.get("/api/v1/evaluations", headers=headers)) == {world["mine"].id}
    assert ids(client.get(f"/api/v1/evaluations?agent={world['other_agent'].id}", headers=headers)) == set()
    response = client.get(f"/api/v1/evaluations/{world['theirs'].id}", headers=headers)
    assert response.status_code == 404 and "that you can see" in response.json["error"]["message"]


def test_the_list_has_the_summary_and_paging(client, world):
    response = client.get("/api/v1/evaluations", headers=bearer(world["lead"]))
    assert response.json["total"] == 2 and response.json["page"] == 1 and response.json["page_size"] == 50
    mine = next(item for item in response.json["items"] if item["id"] == world["mine"].id)
    assert mine["agent"]["email"] == world["agent"].email and mine["score"] == world["mine"].score
    assert mine["scorecard"]["version"] == 1 and mine["status"] == "submitted" and mine["dispute_status"] is None
    assert ids(client.get("/api/v1/evaluations?page=2", headers=bearer(world["lead"]))) == set()


def test_pages_of_fifty(client, world):
    mine = world["mine"]
    for _ in range(50):  # more reviews of the same chat, by the same reviewer
        submitted_evaluation(agent=world["agent"], reviewer=world["reviewer"], scorecard=mine.version.scorecard,
                             interaction=mine.interaction)
    headers = bearer(world["agent"])
    first = client.get("/api/v1/evaluations", headers=headers).json
    assert (first["total"], first["pages"], len(first["items"])) == (51, 2, 50)
    second = client.get("/api/v1/evaluations?page=2", headers=headers).json
    assert len(second["items"]) == 1 and not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert second["items"][0]["id"] == mine.id  # newest first: the first one made comes last


def test_filters(client, world):
    headers = bearer(world["lead"])
    mine, theirs = world["mine"], world["theirs"]

    def get(query):
        return ids(client.get(f"/api/v1/evaluations?{query}", headers=headers))

    assert get(f"agent={world['agent'].email}") == {mine.id}
    assert get(f"agent={world['agent'].id}") == {mine.id}
    assert get("agent=nobody@nowhere.example") == set()
    assert get(f"reviewer={world['reviewer'].id}") == {mine.id}
    assert get(f"scorecard={theirs.version.scorecard_id}") == {theirs.id}
    today = utcnow().date()
    assert get(f"from={today}&to={today}") == {mine.id, theirs.id}
    assert get(f"to={today - timedelta(days=1)}") == set()
    assert get("status=submitted") == {mine.id, theirs.id} and get("status=draft") == set()
    assert get(f"max_score={mine.score}") == {mine.id} and get(f"min_score={mine.score + 0.01}") == {theirs.id}
    assert get("result=pass") == {theirs.id}
    acknowledge_evaluation(theirs.id, world["other_agent"].id)
    open_dispute(mine.id, world["agent"].id, [("greeting", "I did", "yes")], "")
    db.session.commit()
    assert get("acknowledged=yes") == {theirs.id} and get("acknowledged=no") == {mine.id}
    assert get("disputed=open") == {mine.id} and get("disputed=no") == {theirs.id}


@pytest.mark.parametrize("query, parameter", [
    ("colour=red", "colour"),
    ("agent=bob", "agent"),
    ("scorecard=x", "scorecard"),
    ("scorecard=0", "scorecard"),
    ("from=yesterday", "from"),
    ("from=2026-02-30", "from"),
    ("from=2026-03-02&to=2026-03-01", "to"),
    ("status=lost", "status"),
    ("min_score=nan", "min_score"),
    ("max_score=1e999", "max_score"),
    ("min_score=50&max_score=10", "max_score"),
    ("result=maybe", "result"),
    ("acknowledged=perhaps", "acknowledged"),
    ("disputed=2", "disputed"),
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=99999999999999999999", "page"),
    ("page=1&page=2", "page"),
    ("page=1000001", "page"),
    ("agent=99999999999999999999", "agent"),
    ("scorecard=²", "scorecard"),
])
def test_bad_filters_are_a_400_naming_the_parameter(client, world, query, parameter):
    response = client.get(f"/api/v1/evaluations?{query}", headers=bearer(world["lead"]))
    assert response.status_code == 400
    error = response.json["error"]
    assert error["status"] == 400 and error["parameter"] == parameter and parameter in error["message"]


def test_an_id_too_large_for_the_database_is_a_404_not_a_500(client, world):
    response = client.get("/api/v1/evaluations/99999999999999999999999", headers=bearer(world["lead"]))
    assert response.status_code == 404 and response.json["error"]["status"] == 404


def test_the_document_has_the_full_breakdown(client, world):
    mine = world["mine"]
    response = client.get(f"/api/v1/evaluations/{mine.id}", headers=bearer(world["agent"]))
    document = response.json
    assert document["score"] == mine.score and document["passed"] is False and document["pass_mark"] == 80
    assert [s["key"] for s in document["sections"]] == ["opening", "resolution"]
    greeting = document["sections"][0]["criteria"][0]
    assert (greeting["key"], greeting["value"], greeting["answer"], greeting["comment"]) == \
        ("greeting", "no", "No", "Missed it")
    assert greeting["earned"] == 0 and greeting["possible"] > 0 and "autoqa" not in greeting  # staff only
    assert document["overall_comment"] == "Kind and quick"
    [moment] = document["moments"]
    assert moment["position"] == 1 and moment["text"] == "The customer's question"
    assert moment["line"]["speaker"] == "customer"
    assert document["disputes"] == [] and document["history"][0]["action"] == "evaluation.submitted"
    staff_view = client.get(f"/api/v1/evaluations/{mine.id}", headers=bearer(world["lead"])).json
    assert "autoqa" in staff_view["sections"][0]["criteria"][0]


def test_the_document_shows_the_dispute_and_the_rescoring(client, world):
    mine = world["mine"]
    dispute = open_dispute(mine.id, world["agent"].id, [("greeting", "I said hello", "yes")], "Listen again")
    db.session.commit()
    before = mine.score
    resolve_dispute(dispute.id, world["lead"].id, {"greeting": (True, None)}, "")
    db.session.commit()
    document = client.get(f"/api/v1/evaluations/{mine.id}", headers=bearer(world["agent"])).json
    [shown] = document["disputes"]
    assert shown["status"] == "accepted" and shown["score_before"] == before and shown["score_after"] == mine.score
    assert shown["items"][0] | {"question": None} == {
        "criterion_key": "greeting", "question": None, "reason": "I said hello", "original_value": "no",
        "original_answer": "No", "proposed_value": "yes", "proposed_answer": "Yes", "decision": "accepted",
        "final_value": "yes", "final_answer": "Yes"}
    assert document["dispute_status"] == "accepted" and document["sections"][0]["criteria"][0]["value"] == "yes"
    rescored = next(entry for entry in document["history"] if entry["action"] == "evaluation.rescored")
    assert (rescored["score_before"], rescored["score_after"]) == (before, mine.score)
    assert rescored["changed_answers"] == [{"criterion_key": "greeting", "before": "no", "after": "yes",
                                            "before_answer": "No", "after_answer": "Yes"}]
