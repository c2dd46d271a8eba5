"""AutoQA against people on the quality page: Cohen's kappa and the confusion matrix per criterion, over
submitted live evaluations of a chosen scorecard, version and period."""
import copy
import re
from datetime import datetime

import pytest

from qa.calibration.quality import QualityFilter, autoqa_agreement
from qa.disputes.services import open_dispute, resolve_dispute
from qa.extensions import db
from qa.roles import Role
from scorecards.services import publish_version, save_draft, start_new_draft
from tests.qa.calibration.quality_scenes import KAPPA_EXPECTED, KAPPA_PLAN, autoqa_evaluations
from tests.qa.reviews.builders import make_person
from tests.qa.reviews.review_scenes import autoqa_scorecard


@pytest.fixture
def lead(client_for):
    return client_for(Role.QA_LEAD)


def greeting_row(html: str) -> str:
    match = re.search(r'<tr data-testid="autoqa-row" data-criterion="greeting">(.*?)</tr>', html, re.S)
    assert match, "no greeting row"
    return match.group(1)


def matrix(html: str, key: str) -> dict[str, int]:
    table = re.search(rf'<table class="confusion"[^>]*data-criterion="{key}">(.*?)</table>', html, re.S).group(1)
    return {cell: int(count) for cell, count in re.findall(r'data-cell="([a-z]+-[a-z]+)">(\d+)<', table)}


def test_kappa_of_a_constructed_set_is_shown_with_its_items_and_confusion_matrix(app, lead):
    scorecard = autoqa_scorecard()
    autoqa_evaluations(KAPPA_PLAN, scorecard=scorecard)
    response = lead.get(f"/quality/?scorecard={scorecard.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    row = greeting_row(html)
    assert 'data-testid="kappa-n">12<' in row
    assert f'data-testid="kappa-value">{KAPPA_EXPECTED:.2f}<' in row          # 0.47
    assert 'data-testid="observed">75%<' in row                                 # 9 of 12
    assert 'data-testid="verdict">Check<' in row                                # 0.40 < 0.47 ≤ 0.60
    assert matrix(html, "greeting") == {"yes-yes": 6, "yes-no": 2, "no-yes": 1, "no-no": 3}
    assert '<svg class="kappa-bar"' in row
    assert "Landis &amp; Koch" in html
    # The statistic itself, unrounded, from the query that feeds it.
    [greeting] = [item for item in autoqa_agreement(lead.user, QualityFilter(scorecard.id))
                  if item.criterion.key == "greeting"]
    assert greeting.result.kappa == pytest.approx(KAPPA_EXPECTED)


def test_calibration_scores_are_left_out(app, lead):
    scorecard = autoqa_scorecard()
    autoqa_evaluations(KAPPA_PLAN, scorecard=scorecard)
    # Five calibration scores that all disagree with AutoQA would pull kappa down if they counted.
    autoqa_evaluations([("yes", "no")] * 5, scorecard=scorecard, kind="calibration")
    row = greeting_row(lead.get(f"/quality/?scorecard={scorecard.id}").get_data(as_text=True))
    assert 'data-testid="kappa-n">12<' in row
    assert f'data-testid="kappa-value">{KAPPA_EXPECTED:.2f}<' in row


def test_too_few_items_say_so_instead_of_a_number(app, lead):
    scorecard = autoqa_scorecard()
    autoqa_evaluations([("yes", "yes"), ("no", "yes"), ("no", "no")], scorecard=scorecard)
    html = lead.get(f"/quality/?scorecard={scorecard.id}").get_data(as_text=True)
    row = greeting_row(html)
    assert 'data-testid="kappa-n">3<' in row
    assert "kappa-value" not in row
    assert "Only 3 items have both an AutoQA answer and a reviewer&#39;s" in row
    assert 'data-testid="verdict">No verdict<' in row
    assert matrix(html, "greeting") == {"yes-yes": 1, "yes-no": 0, "no-yes": 1, "no-no": 1}


def test_the_final_answer_after_a_resolved_dispute_is_what_counts(app, lead):
    scorecard = autoqa_scorecard()
    agent = make_person(Role.AGENT)
    make_person(Role.QA_LEAD)  # resolves the dispute
    evaluations = autoqa_evaluations(KAPPA_PLAN, scorecard=scorecard, agent=agent)
    disputed = evaluations[6]  # AutoQA yes, the reviewer no: the agent says they did greet
    dispute = open_dispute(disputed.id, agent.id, [("greeting", "I said hello", "yes")])
    db.session.commit()
    resolve_dispute(dispute.id, dispute.resolver_id, {"greeting": (True, None)})
    db.session.commit()
    html = lead.get(f"/quality/?scorecard={scorecard.id}").get_data(as_text=True)
    assert matrix(html, "greeting") == {"yes-yes": 7, "yes-no": 1, "no-yes": 1, "no-no": 3}
    # observed 10/12; expected (8·8 + 4·4)/144 = 80/144; kappa = (120 − 80)/(144 − 80) = 0.625
    [greeting] = [item for item in autoqa_agreement(lead.user, QualityFilter(scorecard.id))
                  if item.criterion.key == "greeting"]
    assert greeting.result.kappa == pytest.approx(0.625)
    assert 'data-testid="kappa-value">0.62<' in greeting_row(html)


def test_per_version_and_period(app, lead, monkeypatch):
    scorecard = autoqa_scorecard()
    with monkeypatch.context() as patched:
        patched.setattr("qa.reviews.services.utcnow", lambda: datetime(2024, 1, 10, 12))
        autoqa_evaluations([("yes", "no")] * 3, scorecard=scorecard)
    first = scorecard.versions[0]
    # v2 rewords the greeting (the same AutoQA) and changes the introduction's rule (a different AutoQA).
    definition = copy.deepcopy(first.definition)
    greeting, introduction = definition["sections"][0]["criteria"]
    greeting["question"] = "Did the agent greet the customer warmly?"
    introduction["autoqa"]["first_agent_turns"] = 2
    draft = start_new_draft(scorecard.id, None)
    save_draft(draft.id, definition, draft.revision, None)
    second = publish_version(draft.id, None)
    db.session.commit()
    autoqa_evaluations([("yes", "yes")] * 2, scorecard=scorecard)

    html = lead.get(f"/quality/?scorecard={scorecard.id}").get_data(as_text=True)
    assert matrix(html, "greeting") == {"yes-yes": 2, "yes-no": 3, "no-yes": 0, "no-no": 0}
    assert "v1, v2" in greeting_row(html) and "greet the customer warmly" in greeting_row(html)
    assert html.count('data-testid="autoqa-row" data-criterion="introduction"') == 2   # one per rule
    one = lead.get(f"/quality/?scorecard={scorecard.id}&version={first.id}&from=2024-01-01&to=2024-01-31")
    assert matrix(one.get_data(as_text=True), "greeting") == {"yes-yes": 0, "yes-no": 3, "no-yes": 0, "no-no": 0}
    later = lead.get(f"/quality/?scorecard={scorecard.id}&version={second.id}&from=2024-02-01")
    assert matrix(later.get_data(as_text=True), "greeting") == {"yes-yes": 2, "yes-no": 0, "no-yes": 0, "no-no": 0}


def test_a_scorecard_without_autoqa_rules_says_there_is_nothing_to_compare(app, lead):
    from tests.qa.reviews.builders import published_scorecard, submitted_evaluation

    scorecard = published_scorecard()
    submitted_evaluation(scorecard=scorecard)
    html = lead.get(f"/quality/?scorecard={scorecard.id}").get_data(as_text=True)
    assert "has an AutoQA rule, so there is nothing to compare" in html
    assert 'data-testid="autoqa-table"' not in html
