"""The effect pages and the plan page's effect panel, as trainers, QA leads, reviewers and agents see them."""
import re
from datetime import timedelta

import pytest
from flask import render_template

from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from tests.training.effect.builders import coaching_module, coaching_plan, competency_scorecard, scored
from tests.training.effect.scenes import EXPECTED_CHANGE, module_scene
from training.effect.queries import plan_effect

DAY = timedelta(days=1)


def values(page: str, testid: str) -> list[float]:
    return [float(v) for v in re.findall(rf'data-testid="{testid}" data-value="([^"]+)"', page)]


def test_the_effect_page_shows_change_comparison_and_the_difference(app, client_for, monkeypatch):
    scene = module_scene(monkeypatch)
    page = client_for(Role.TRAINER).get("/coaching/effect/").get_data(as_text=True)
    assert "Empathy basics" in page
    assert values(page, "change") == [pytest.approx(EXPECTED_CHANGE, abs=1e-6)]
    assert values(page, "comparison") == [pytest.approx(0.0)]
    assert values(page, "did") == [pytest.approx(EXPECTED_CHANGE, abs=1e-6)]
    assert 'data-testid="interval-plot"' in page
    assert "regression to the mean" in page
    assert f'/coaching/effect/modules/{scene.module.id}' in page


def test_modules_sort_by_the_difference_and_without_a_number_last(app, client_for, monkeypatch):
    scene = module_scene(monkeypatch)
    thin = coaching_module("Aaa thin module", ["empathy"])
    coaching_plan(scene.agents["Eve"], ["empathy"], assigned_at=scene.pivot - 100 * DAY, status="completed",
                  completed_at=scene.pivot - 94 * DAY, done={thin: scene.pivot - 95 * DAY})  # long over: Eve compares
    client = client_for(Role.QA_LEAD)
    by_did = client.get("/coaching/effect/?sort=did").get_data(as_text=True)
    assert by_did.index("Empathy basics") < by_did.index("Aaa thin module")
    by_title = client.get("/coaching/effect/?sort=title").get_data(as_text=True)
    assert by_title.index("Aaa thin module") < by_title.index("Empathy basics")
    assert "Too few agents" in by_title


def test_bad_filters_are_named_with_a_400(app, client_for):
    client = client_for(Role.ADMIN)
    response = client.get("/coaching/effect/?team=999")
    assert response.status_code == 400 and "there is no team" in response.get_data(as_text=True)
    assert client.get("/coaching/effect/?sort=luck").status_code == 400
    assert client.get("/coaching/effect/modules/999").status_code == 404


def test_the_drill_down_lists_each_agent_with_an_in_progress_one_marked(app, client_for, monkeypatch):
    scene = module_scene(monkeypatch, in_progress_agent=True)
    page = client_for(Role.TRAINER).get(f"/coaching/effect/modules/{scene.module.id}").get_data(as_text=True)
    rows = re.findall(r'data-testid="agent-row" data-agent="(\d+)"', page)
    assert sorted(map(int, rows)) == sorted(scene.agents[n].id for n in ("Ada", "Bea", "Cyd", "Hal"))
    assert "Ada" in page and "in progress, 20 days to go" in page
    assert values(page, "did") == [pytest.approx(EXPECTED_CHANGE, abs=1e-6)]


def test_team_filter_narrows_the_drill_down(app, client_for, monkeypatch):
    scene = module_scene(monkeypatch)
    page = client_for(Role.TRAINER).get(f"/coaching/effect/modules/{scene.module.id}?team={scene.team.id}"
                                        ).get_data(as_text=True)
    assert len(re.findall('data-testid="agent-row"', page)) == 2
    assert "Too few agents" in page


@pytest.mark.parametrize("role", [Role.AGENT, Role.REVIEWER])
def test_agents_and_reviewers_are_refused(app, client_for, role):
    module = coaching_module()
    client = client_for(role)
    assert client.get("/coaching/effect/").status_code == 403
    assert client.get(f"/coaching/effect/modules/{module.id}").status_code == 403


def _panel(app, user, effect) -> str:
    with app.test_request_context("/"):
        from flask_login import login_user
        login_user(user)
        return render_template("training/effect/_plan_effect.html", effect=effect)


def test_the_plan_panel_in_progress_with_partial_numbers(app, monkeypatch):
    sheet = competency_scorecard()
    agent = make_person(Role.AGENT)
    pivot = (utcnow() - 10 * DAY).replace(microsecond=0)
    for days, empathy in ((-9, 50), (-6, 62.5), (-3, 75), (2, 87.5), (4, 100), (6, 87.5)):
        scored(agent, sheet, pivot + days * DAY, empathy=empathy, monkeypatch=monkeypatch)
    effect = plan_effect(coaching_plan(agent, ["empathy"], assigned_at=pivot))
    trainer = make_person(Role.TRAINER)
    panel = _panel(app, trainer, effect)
    assert "In progress, 20 days to go" in panel
    assert "so far (partial)" in panel
    assert values(panel, "difference") == [pytest.approx(91.6667 - 62.5, abs=1e-3)]
    assert 'href="/coaching/effect/"' in panel
    assert 'href="/coaching/effect/"' not in _panel(app, agent, effect)   # an agent is not sent to a staff page


def test_the_plan_panel_says_why_there_is_no_number(app):
    agent = make_person(Role.AGENT)
    panel = _panel(app, agent, plan_effect(coaching_plan(agent, ["empathy"])))
    assert "has not been assigned yet" in panel
