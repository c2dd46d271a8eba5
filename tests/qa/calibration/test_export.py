"""GET /calibration/<id>/answers.csv: one row per interaction × criterion × scorer with gold and whether it
matches; leads only, only once revealed, formulas defused."""
import csv
import io
from datetime import timedelta

from qa.calibration.gold import record_gold
from qa.calibration.services import create_session
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.calibration.session_builders import score_all, score_item, session_scene
from tests.qa.calibration.test_views import client_of
from tests.qa.reviews.builders import PERFECT_ANSWERS, make_person, published_scorecard
from tests.qa.reviews.review_scenes import AUTOQA_DEFINITION, good_chat


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv" and response.is_streamed
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_every_answer_of_every_scorer_with_gold(app):
    scene = session_scene()
    a, b = scene.reviewers
    score_all(scene.session, a, {"greeting": "no"})
    score_all(scene.session, b)
    item = scene.session.items[0]
    record_gold(scene.session.id, item.id, {k: (v, "") for k, v in PERFECT_ANSWERS.items()}, scene.lead.id)
    db.session.commit()
    response = client_of(app, scene.lead).get(f"/calibration/{scene.session.id}/answers.csv")
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="calibration-{scene.session.id}-answers.csv"'
    table = rows(response)
    assert len(table) == 2 * 4 * 2  # interactions × criteria × scorers
    assert list(table[0]) == ["session", "interaction", "criterion", "question", "participant", "answer", "gold",
                              "matches_gold"]
    first = str(item.interaction_id)
    greeting = [row for row in table if row["criterion"] == "greeting" and row["interaction"] == first]
    assert [(row["participant"], row["answer"], row["gold"], row["matches_gold"]) for row in greeting] == [
        (a.name, "no", "yes", "no"), (b.name, "yes", "yes", "yes")]
    second = [row for row in table if row["interaction"] == str(scene.session.items[1].interaction_id)]
    assert all(row["gold"] == "" and row["matches_gold"] == "" for row in second)
    assert table[0]["question"] == "Did the agent greet the customer?" and table[0]["session"] == "Weekly calibration"


def test_autoqa_is_a_participant_and_formulas_are_defused(app):
    lead, agent = make_person(Role.QA_LEAD), make_person(Role.AGENT)
    reviewer = make_person(Role.REVIEWER, name="=HYPERLINK(\"http://x\")")
    card = published_scorecard(AUTOQA_DEFINITION)
    session = create_session("@risk", card.versions[0].id, [good_chat(agent, "export").id], [reviewer.id],
                             utcnow() + timedelta(days=1), lead.id, True)
    db.session.commit()
    score_item(session, reviewer, answers={"greeting": "yes", "introduction": "no", "further_help": "yes",
                                           "courtesy": "5"})
    table = rows(client_of(app, lead).get(f"/calibration/{session.id}/answers.csv"))
    assert {row["participant"] for row in table} == {"'=HYPERLINK(\"http://x\")", "AutoQA"}
    assert all(row["session"] == "'@risk" for row in table)
    autoqa = {row["criterion"]: row["answer"] for row in table if row["participant"] == "AutoQA"}
    assert autoqa == {"greeting": "yes", "introduction": "yes", "further_help": "yes", "courtesy": ""}


def test_only_leads_and_only_once_revealed(app):
    scene = session_scene(interactions=1)
    url = f"/calibration/{scene.session.id}/answers.csv"
    lead = client_of(app, scene.lead)
    early = lead.get(url)
    assert early.status_code == 409 and "stay hidden" in early.get_data(as_text=True)
    score_all(scene.session, scene.reviewers[0])
    score_all(scene.session, scene.reviewers[1])
    assert client_of(app, scene.reviewers[0]).get(url).status_code == 403
    assert client_of(app, scene.agent).get(url).status_code == 403
    assert lead.get(url).status_code == 200
