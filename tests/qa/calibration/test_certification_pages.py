"""The certification pages: who reaches what, the rule form and its bad input, starting, and the result."""
import re

import pytest

from qa.calibration.certification import certification_evaluations, find_rule
from qa.calibration.models import Certification
from qa.extensions import db
from qa.roles import Role
from tests.qa.calibration.certification_builders import gold_set, require_certification, take_certification
from tests.qa.reviews.builders import make_person
from tests.support import login, post_form


def signed_in(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _rule_form(gold, **changes):
    data = {"required": "y", "gold_item_ids": [str(i) for i in gold.item_ids], "tolerance_points": "10",
            "matching_percent": "80"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_lead_sets_the_rule_from_closed_gold(app):
    gold = gold_set(title="Tuesday <b>gold</b>")
    client = signed_in(app, gold.lead)
    page = client.get(f"/certification/scorecards/{gold.scorecard.id}").get_data(as_text=True)
    assert "Tuesday &lt;b&gt;gold&lt;/b&gt;" in page and "<b>gold</b>" not in page
    for item in gold.items:
        assert f"#{item.interaction_id}" in page
    url = f"/certification/scorecards/{gold.scorecard.id}"
    response = post_form(client, url, _rule_form(gold, tolerance_points="7.5", matching_percent="90"), token_from=url)
    assert response.status_code == 302
    rule = find_rule(gold.scorecard.id)
    assert (rule.required, rule.gold_item_ids, rule.tolerance_points, rule.min_matching_share) == (
        True, gold.item_ids, 7.5, 0.9)
    again = client.get(url).get_data(as_text=True)
    assert 'value="7.5"' in again and 'value="90"' in again and again.count("checked") >= 3


@pytest.mark.parametrize("changes, field, message", [
    ({"tolerance_points": "-1"}, "tolerance_points", "Between 0 and 100 points."),
    ({"tolerance_points": ""}, "tolerance_points", "Say how many points from gold"),
    ({"matching_percent": "120"}, "matching_percent", "A percentage between 0 and 100."),
    ({"matching_percent": "lots"}, "matching_percent", "Not a valid decimal value."),
    ({"gold_item_ids": None}, "gold_item_ids", "Choose at least one gold interaction"),
    ({"gold_item_ids": ["999999"]}, "gold_item_ids", "not a valid choice"),
    ({"items_per_attempt": "0"}, "items_per_attempt", "Between 1 and 2, the number of gold interactions chosen"),
    ({"items_per_attempt": "3"}, "items_per_attempt", "an attempt cannot draw more than the pool holds"),
    ({"items_per_attempt": "2.5"}, "items_per_attempt", "A whole number of interactions, or blank for all"),
    ({"items_per_attempt": "lots"}, "items_per_attempt", "A whole number of interactions, or blank for all"),
    ({"items_per_attempt": "1", "gold_item_ids": None, "required": None}, "items_per_attempt",
     "Choose gold interactions before saying how many of them an attempt draws."),
])
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(app, changes, field, message):
    gold = gold_set()
    client = signed_in(app, gold.lead)
    url = f"/certification/scorecards/{gold.scorecard.id}"
    response = post_form(client, url, _rule_form(gold, **changes), token_from=url)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    # The message sits in the named field's block.
    block = re.search(rf'name="{field}".*?(?=<div class="field|<fieldset|<button)', page, re.S).group(0)
    assert message in block
    assert find_rule(gold.scorecard.id) is None


def test_only_leads_and_admins_manage_and_agents_see_nothing(app):
    gold = gold_set()
    reviewer = make_person(Role.REVIEWER)
    assert signed_in(app, reviewer).get(f"/certification/scorecards/{gold.scorecard.id}").status_code == 403
    assert signed_in(app, make_person(Role.AGENT)).get("/certification/").status_code == 403
    assert signed_in(app, make_person(Role.ADMIN)).get(
        f"/certification/scorecards/{gold.scorecard.id}").status_code == 200


def test_a_reviewer_starts_from_their_page_and_lands_on_the_review_page(app):
    gold = gold_set()
    require_certification(gold)
    reviewer = make_person(Role.REVIEWER)
    client = signed_in(app, reviewer)
    page = client.get("/certification/").get_data(as_text=True)
    assert gold.scorecard.name in page and "Not started" in page and "Start certification" in page
    assert "Reviewers certified" not in page  # the leads' table
    response = post_form(client, f"/certification/scorecards/{gold.scorecard.id}/start", token_from="/certification/")
    certification = db.session.scalar(db.select(Certification).where(Certification.reviewer_id == reviewer.id))
    first = certification_evaluations(certification)[0]
    assert first.calibration_item_id == certification.session.items[0].id
    assert response.status_code == 302 and response.headers["Location"] == f"/reviews/{first.id}"
    assert client.get(response.headers["Location"]).status_code == 200
    page = client.get("/certification/").get_data(as_text=True)
    assert "In progress" in page and "Continue" in page


def test_the_result_shows_where_they_diverged_to_them_and_the_leads_only(app):
    gold = gold_set()
    require_certification(gold)
    reviewer, colleague = make_person(Role.REVIEWER), make_person(Role.REVIEWER)
    certification = take_certification(reviewer, gold.scorecard, [{"greeting": "no"}, {}])
    url = f"/certification/{certification.id}"
    page = signed_in(app, reviewer).get(url).get_data(as_text=True)
    assert "Failed" in page and "outside tolerance" in page and "Take it again" in page
    assert "Did the agent greet the customer?" in page and "Agreed: greeting" in page
    assert "-20.0" in page and "80.0%" in page and "100.0%" in page
    assert "You have seen all 2 gold interactions: a retake repeats interactions already shown" in page
    assert signed_in(app, colleague).get(url).status_code == 404
    assert signed_in(app, gold.lead).get(url).status_code == 200
    assert signed_in(app, colleague).get("/certification/999999").status_code == 404
    standings = signed_in(app, gold.lead).get(f"/certification/scorecards/{gold.scorecard.id}").get_data(as_text=True)
    assert reviewer.name in standings and "Failed" in standings and colleague.name in standings


def test_starting_without_a_rule_is_a_400_that_says_why(app):
    gold = gold_set()
    client = signed_in(app, make_person(Role.REVIEWER))
    response = post_form(client, f"/certification/scorecards/{gold.scorecard.id}/start", token_from="/certification/")
    assert response.status_code == 400 and "has no certification set up yet" in response.get_data(as_text=True)


def test_start_grades_an_attempt_left_ungraded_with_everything_submitted(app):
    from qa.calibration.certification_grading import on_evaluation_submitted
    from qa.reviews.services import evaluation_submitted

    gold = gold_set()
    require_certification(gold)
    reviewer = make_person(Role.REVIEWER)
    evaluation_submitted.disconnect(on_evaluation_submitted)  # as if the last submit had missed the grading
    try:
        attempt = take_certification(reviewer, gold.scorecard)
    finally:
        evaluation_submitted.connect(on_evaluation_submitted)
    assert attempt.status == "in_progress"
    client = signed_in(app, reviewer)
    response = post_form(client, f"/certification/scorecards/{gold.scorecard.id}/start", token_from="/certification/")
    assert response.status_code == 302 and response.headers["Location"] == f"/certification/{attempt.id}"
    db.session.expire_all()
    assert db.session.get(Certification, attempt.id).status == "passed"


@pytest.mark.parametrize("role, shown", [(Role.REVIEWER, True), (Role.QA_LEAD, True), (Role.ADMIN, True),
                                         (Role.TRAINER, False), (Role.AGENT, False)])
def test_the_navigation_offers_certification_to_those_who_take_or_run_it(app, role, shown):
    page = signed_in(app, make_person(role)).get("/").get_data(as_text=True)
    assert ('href="/certification/"' in page) is shown


def test_a_lead_sets_the_draw_and_the_pages_say_what_a_retake_holds(app):
    gold = gold_set(answers=[{}, {}, {}, {}])
    client = signed_in(app, gold.lead)
    url = f"/certification/scorecards/{gold.scorecard.id}"
    assert "Interactions per attempt (blank: all)" in client.get(url).get_data(as_text=True)
    assert post_form(client, url, _rule_form(gold, items_per_attempt="2"), token_from=url).status_code == 302
    assert find_rule(gold.scorecard.id).items_per_attempt == 2
    assert 'name="items_per_attempt" type="number" value="2"' in client.get(url).get_data(as_text=True)
    assert "draws 2 of 4" in client.get("/certification/").get_data(as_text=True)

    reviewer = make_person(Role.REVIEWER)
    failed = take_certification(reviewer, gold.scorecard, [{"greeting": "no"}, {}])
    mine = signed_in(app, reviewer)
    result = mine.get(f"/certification/{failed.id}").get_data(as_text=True)
    assert "Did the agent greet the customer?" in result and "Agreed: greeting" in result  # still the feedback
    assert "2 of the pool's 4" in result
    assert "2 of the 4 gold interactions are new to you; a retake draws 2 of them." in result
    assert "2 of the 4 gold interactions are new to you" in mine.get("/certification/").get_data(as_text=True)

    take_certification(reviewer, gold.scorecard, [{"greeting": "no"}, {}])
    page = mine.get("/certification/").get_data(as_text=True)
    assert ("You have seen all 4 gold interactions: a retake repeats interactions already shown in earlier "
            "attempts, those you saw longest ago.") in page

    assert post_form(client, url, _rule_form(gold, items_per_attempt=""), token_from=url).status_code == 302
    assert find_rule(gold.scorecard.id).items_per_attempt is None
    assert "all 4" in client.get("/certification/").get_data(as_text=True)
