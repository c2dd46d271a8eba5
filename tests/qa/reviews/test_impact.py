"""What would change: the last evaluations rescored with a draft version, and the page that shows it."""
import copy

import pytest

from qa.extensions import db
from qa.reviews.impact import preview_version_impact
from qa.reviews.services import start_evaluation, submit_evaluation
from qa.roles import Role
from scorecards.services import save_draft, start_new_draft
from tests.qa.reviews.builders import SIMPLE_DEFINITION, draft_evaluation, make_person, published_scorecard, \
    submitted_evaluation
from tests.support import login


def draft_of(scorecard, change):
    definition = copy.deepcopy(SIMPLE_DEFINITION)
    change(definition)
    draft = start_new_draft(scorecard.id, None)
    save_draft(draft.id, definition, draft.revision, None)
    db.session.commit()
    return draft


def stricter(definition):
    """Greeting fails the whole form; opening weighs 20 instead of 40."""
    opening, resolution = definition["sections"]
    opening["weight"], resolution["weight"] = 20, 80
    opening["criteria"][0]["critical"] = "form"


@pytest.fixture
def scored(app):
    """Three evaluations of one scorecard: 100 %, 80 % (no greeting), 80 % (refund process partly followed)."""
    scorecard = published_scorecard()
    lead = make_person(Role.QA_LEAD)
    rows = [submitted_evaluation(scorecard=scorecard, answers=answers)
            for answers in ({}, {"greeting": "no"}, {"process": "partial"})]
    assert [e.score for e in rows] == [pytest.approx(100), pytest.approx(80), pytest.approx(80)]
    return scorecard, lead, rows


def test_a_stricter_draft_shows_each_move_the_flips_and_the_summary(scored):
    scorecard, lead, (perfect, no_greeting, partly) = scored
    impact = preview_version_impact(draft_of(scorecard, stricter).id, lead)
    by_id = {row.evaluation_id: row for row in impact.rows}
    assert [row.evaluation_id for row in impact.rows] == [partly.id, no_greeting.id, perfect.id]  # newest first
    assert by_id[perfect.id].new_score == pytest.approx(100) and by_id[perfect.id].flip is None
    assert by_id[no_greeting.id].new_score == 0 and by_id[no_greeting.id].flip == "to fail"
    assert "(greeting) was failed" in by_id[no_greeting.id].new_auto_fail_reason
    assert by_id[partly.id].new_score == pytest.approx(20 + 80 * 2 / 3) and by_id[partly.id].flip == "to fail"
    summary = impact.summary
    assert (summary.evaluations, summary.complete, summary.incomplete_reasons) == (3, 3, [])
    assert (summary.up, summary.down, summary.unchanged) == (0, 2, 1)
    assert summary.mean_shift == pytest.approx((0 - 80 + (20 + 80 * 2 / 3 - 80)) / 3)
    assert (summary.pass_rate_before, summary.pass_rate_after) == (pytest.approx(100), pytest.approx(100 / 3))
    assert (summary.to_fail, summary.to_pass) == (2, 0)


def test_new_criteria_and_answers_that_no_longer_fit_are_counted_and_kept_out_of_the_summary(app):
    scorecard = published_scorecard()
    lead = make_person(Role.QA_LEAD)
    with_na = submitted_evaluation(scorecard=scorecard, answers={"verified": "na"})
    plain = submitted_evaluation(scorecard=scorecard)

    def change(definition):
        opening, resolution = definition["sections"]
        opening["criteria"][1]["answer_type"] = "yes_no"   # N/A is no longer an answer to "verified"
        resolution["criteria"].pop(0)                       # empathy is dropped: its answers are ignored
        resolution["criteria"].append({"key": "recap", "question": "Did the agent recap the outcome?",
                                       "answer_type": "yes_no", "weight": 1})

    impact = preview_version_impact(draft_of(scorecard, change).id, lead)
    rows = {row.evaluation_id: row for row in impact.rows}
    assert not rows[with_na.id].complete and not rows[plain.id].complete
    assert len(rows[with_na.id].problems) == 2 and len(rows[plain.id].problems) == 1
    assert impact.summary.complete == 0 and impact.summary.mean_shift is None
    assert impact.summary.incomplete_reasons == [
        ('"Did the agent recap the outcome?" (recap) is new: the evaluations have no answer to it', 2),
        ('"Did the agent verify the customer\'s identity?" (verified): the answer N/A no longer fits it', 1)]
    assert rows[plain.id].new_score == pytest.approx(100)  # on what could be carried over


def test_only_the_last_n_visible_live_evaluations_are_rescored(app):
    scorecard = published_scorecard()
    lead = make_person(Role.QA_LEAD)
    oldest, middle, newest = (submitted_evaluation(scorecard=scorecard) for _ in range(3))
    calibration = draft_evaluation(scorecard=scorecard, kind="calibration")
    submit_evaluation(calibration.id, calibration.reviewer_id)
    db.session.commit()
    draft = draft_of(scorecard, stricter)
    assert [row.evaluation_id for row in preview_version_impact(draft.id, lead, 2).rows] == [newest.id, middle.id]
    # Blind: while the lead reviews the newest one's interaction, its score is not theirs to see.
    start_evaluation(newest.interaction_id, lead.id, scorecard_id=scorecard.id)
    db.session.commit()
    assert [row.evaluation_id for row in preview_version_impact(draft.id, lead).rows] == [middle.id, oldest.id]


def test_the_impact_page_shows_the_table_and_summary(scored, client):
    scorecard, lead, (perfect, no_greeting, partly) = scored
    draft = draft_of(scorecard, stricter)
    assert login(client, lead.email).status_code == 302
    page = client.get(f"/reviews/impact/{draft.id}?n=10").get_data(as_text=True)
    assert 'data-testid="impact-summary"' in page
    assert '<span class="value" data-testid="mean-shift">-28.9</span>' in page
    assert "100.0% → 33.3%" in page and "0 ↑ · 2 ↓ · 1 =" in page
    assert page.count(">to fail</span>") == 2 and f'data-evaluation="{perfect.id}"' in page
    bad = client.get(f"/reviews/impact/{draft.id}?n=0")
    assert bad.status_code == 400 and "Number must be between 1 and 500" in bad.get_data(as_text=True)
    assert client.get("/reviews/impact/99999").status_code == 404


def test_a_scorecard_without_evaluations_says_so(app, client):
    scorecard, lead = published_scorecard(), make_person(Role.ADMIN)
    assert login(client, lead.email).status_code == 302
    page = client.get(f"/reviews/impact/{draft_of(scorecard, stricter).id}").get_data(as_text=True)
    assert "has no submitted evaluations to rescore yet" in page


def test_the_scorecard_page_links_a_new_draft_to_its_preview(app, client):
    scorecard, lead = published_scorecard(), make_person(Role.QA_LEAD)
    assert login(client, lead.email).status_code == 302
    assert 'data-testid="impact-link"' not in client.get(f"/scorecards/{scorecard.id}").get_data(as_text=True)
    draft = draft_of(scorecard, stricter)
    page = client.get(f"/scorecards/{scorecard.id}").get_data(as_text=True)
    assert f'href="/reviews/impact/{draft.id}" data-testid="impact-link"' in page
