"""Reviewers and agents on the quality page: leniency by the statistics module's model, the direct difference
on shared interactions, drift per month, and agents' leniency-adjusted means beside the raw ones."""
import re
from datetime import datetime

import pytest

from qa.calibration.quality import QualityFilter
from qa.calibration.quality_leniency import leniency_report
from qa.roles import Role
from tests.qa.calibration.quality_scenes import scored_by
from tests.qa.reviews.builders import make_person, published_scorecard, ready_chat

JANUARY, FEBRUARY = datetime(2024, 1, 15, 10), datetime(2024, 2, 15, 10)


@pytest.fixture
def lead(client_for):
    return client_for(Role.QA_LEAD)


@pytest.fixture
def world(app, monkeypatch):
    """Reviewer "Harsh" always scores one step lower on empathy (95 % where "Fair" gives 100 %). Both score
    five of each agent's interactions; agent A's other three go to Fair, agent B's to Harsh. A's interactions
    are from January, B's from February. Both agents did equally well, so only whom they drew separates them."""
    fair = make_person(Role.REVIEWER, name="Fair Reviewer")
    harsh = make_person(Role.REVIEWER, name="Harsh Reviewer")
    agent_a, agent_b = make_person(Role.AGENT, name="Agent A"), make_person(Role.AGENT, name="Agent B")
    scorecard = published_scorecard()
    for agent, alone, when in ((agent_a, fair, JANUARY), (agent_b, harsh, FEBRUARY)):
        for _ in range(5):
            interaction = ready_chat(agent)
            for reviewer in (fair, harsh):
                scored_by(reviewer, agent, scorecard, harsh=reviewer is harsh, interaction=interaction,
                          when=when, monkeypatch=monkeypatch)
        for _ in range(3):
            scored_by(alone, agent, scorecard, harsh=alone is harsh, when=when, monkeypatch=monkeypatch)
    return {"fair": fair, "harsh": harsh, "a": agent_a, "b": agent_b, "scorecard": scorecard}


def cell(html: str, row: str, attribute: str) -> str:
    """The inside of the table row <tr data-testid="{row}" data-{attribute}>."""
    match = re.search(rf'<tr data-testid="{row}" data-{attribute}>(.*?)</tr>', html, re.S)
    assert match, f"no {row} {attribute}"
    return match.group(1)


def value(row_html: str, testid: str) -> float:
    return float(re.search(rf'data-testid="{testid}"[^>]*data-value="([-0-9.e]+)"', row_html).group(1))


def test_a_harsher_reviewer_has_a_negative_effect_and_adjusted_scores_are_closer(world, lead):
    html = lead.get(f"/quality/?scorecard={world['scorecard'].id}").get_data(as_text=True)
    harsh = cell(html, "reviewer-row", f'reviewer="{world["harsh"].id}"')
    fair = cell(html, "reviewer-row", f'reviewer="{world["fair"].id}"')
    assert value(harsh, "effect") < 0 < value(fair, "effect")
    assert "shrunk ×0.72" in harsh                          # 13 evaluations: 13 / (13 + 5)
    assert ">-5.0<" in harsh                                 # the direct measure: 5 points below, on 10 interactions
    assert "over 10 interactions" in harsh
    assert "95.0%" in harsh and "100.0%" in fair            # their mean scores
    a = cell(html, "agent-row", f'agent="{world["a"].id}"')
    b = cell(html, "agent-row", f'agent="{world["b"].id}"')
    raw_gap = value(a, "raw") - value(b, "raw")
    adjusted_gap = value(a, "adjusted") - value(b, "adjusted")
    assert value(a, "raw") == pytest.approx(1275 / 13) and value(b, "raw") == pytest.approx(1260 / 13)
    assert 0 <= adjusted_gap < raw_gap
    text = " ".join(html.split())
    assert "alternating least squares" in text and "n ÷ (n + 5)" in text


def test_drift_has_a_point_per_month_below_the_line_for_the_harsh_reviewer(world, lead):
    html = lead.get(f"/quality/?scorecard={world['scorecard'].id}").get_data(as_text=True)
    harsh = cell(html, "reviewer-row", f'reviewer="{world["harsh"].id}"')
    points = re.findall(r'<circle class="[a-z]*" cx="([\d.]+)" cy="([\d.]+)"', harsh)
    assert len(points) == 2                                  # January and February
    assert all(float(cy) > 20 for _, cy in points)           # below the zero line (y grows downwards)
    assert "2024-01: -" in harsh and "2024-02: -" in harsh
    assert "Drift, 2024-01 to 2024-02" in html
    report = leniency_report(lead.user, QualityFilter(world["scorecard"].id))
    [row] = [row for row in report.reviewers if row.reviewer_id == world["harsh"].id]
    assert [point.period for point in row.trend] == ["2024-01", "2024-02"]
    assert all(point.effect < 0 for point in row.trend)


def test_the_period_narrows_the_model(world, lead):
    html = lead.get(f"/quality/?scorecard={world['scorecard'].id}&from=2024-02-01&to=2024-02-29").get_data(as_text=True)
    assert f'data-agent="{world["a"].id}"' not in html
    assert f'data-agent="{world["b"].id}"' in html
    assert "Drift, 2024-02 to 2024-02" in html


def test_agents_sort_by_either_score(world, lead):
    base = f"/quality/?scorecard={world['scorecard'].id}"
    order = lambda html: re.findall(r'data-testid="agent-row" data-agent="(\d+)"', html)  # noqa: E731
    a, b = str(world["a"].id), str(world["b"].id)
    assert order(lead.get(base + "&sort=raw").get_data(as_text=True)) == [a, b]
    assert order(lead.get(base + "&sort=difference").get_data(as_text=True)) == [b, a]   # B gains most
    page = lead.get(base + "&sort=adjusted").get_data(as_text=True)
    assert 'data-testid="sort-raw"' in page and "sort=raw" in page


def test_one_reviewer_and_no_shared_interactions_say_so(app, lead):
    scorecard = published_scorecard()
    reviewer = make_person(Role.REVIEWER)
    for _ in range(2):
        scored_by(reviewer, make_person(Role.AGENT), scorecard, harsh=False)
    html = lead.get(f"/quality/?scorecard={scorecard.id}").get_data(as_text=True)
    assert "Leniency needs two or more reviewers" in html
    assert "no shared interactions" in html
    assert 'data-testid="effect"' not in html
