"""plan_effect and module_effects on evaluations submitted through the review services at chosen times."""
from datetime import timedelta

import pytest

from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from tests.training.effect.builders import coaching_module, coaching_plan, competency_scorecard, scored
from tests.training.effect.scenes import (EXPECTED_CHANGE, EXPECTED_COMPARISON, EXPECTED_DID_DF, EXPECTED_DID_SE,
                                          module_scene)
from training.effect.queries import module_effects, plan_effect
from training.plans.models import PlanStatus

DAY = timedelta(days=1)


def test_module_effect_against_agents_not_coached_then(app, monkeypatch):
    scene = module_scene(monkeypatch, in_progress_agent=True)
    effect = module_effects()[scene.module.id]
    group = effect.group
    assert effect.title == "Empathy basics" and effect.competencies == (("empathy", "Empathy"),)
    assert group.effect.n == 3 and group.n_in_progress == 1
    assert group.effect.estimate == pytest.approx(EXPECTED_CHANGE)
    assert group.comparison.estimate == pytest.approx(EXPECTED_COMPARISON)
    assert group.n_comparison_agents == 3   # Dot, Eve, Fay; Gus was coached on empathy then
    assert group.did.estimate == pytest.approx(EXPECTED_CHANGE - EXPECTED_COMPARISON)
    assert group.did.se == pytest.approx(EXPECTED_DID_SE, abs=1e-3)
    assert group.did.df == pytest.approx(EXPECTED_DID_DF, abs=0.01)
    by_agent = {a.effect.agent_id: a for a in group.agents}
    ada = by_agent[scene.agents["Ada"].id]
    assert (ada.effect.before.mean, ada.effect.after.mean) == (pytest.approx(62.5), pytest.approx(87.5))
    assert ada.did == pytest.approx(25)
    hal = by_agent[scene.agents["Hal"].id]
    assert hal.effect.in_progress and hal.effect.days_to_go == 20


def test_module_effects_by_team_and_by_module(app, monkeypatch):
    scene = module_scene(monkeypatch)
    other = coaching_module("Never done")
    assert set(module_effects()) == {scene.module.id}                  # a module nobody did has no effect yet
    assert module_effects([other.id]) == {}
    team = module_effects(team_id=scene.team.id)[scene.module.id].group   # Ada, Cyd coached; Eve, Gus in the team
    assert {a.effect.agent_id for a in team.agents} == {scene.agents["Ada"].id, scene.agents["Cyd"].id}
    assert team.effect.estimate is None and "Too few agents" in team.effect.reason


def test_plan_effect_before_and_after_assignment(app, monkeypatch):
    sheet = competency_scorecard()
    agent = make_person(Role.AGENT)
    pivot = (utcnow() - 60 * DAY).replace(microsecond=0)
    for days, empathy in ((-25, 50), (-15, 62.5), (-5, 75), (0, 100), (5, 75), (15, 87.5), (25, 100), (31, 50)):
        scored(agent, sheet, pivot + days * DAY, empathy=empathy, monkeypatch=monkeypatch)
    plan = coaching_plan(agent, ["empathy"], assigned_at=pivot)
    result = plan_effect(plan)
    e = result.effect
    assert result.competencies == (("empathy", "Empathy"),) and result.window_days == 30
    assert (e.before.n, e.after.n) == (3, 3)          # the evaluation at the pivot and the one on day 31 are out
    assert e.difference.estimate == pytest.approx((75 + 87.5 + 100) / 3 - 62.5)
    assert e.difference.df == pytest.approx(4)        # both windows vary alike: 12.5 points apart
    assert not e.in_progress


def test_plan_effect_in_progress_and_without_a_number(app, monkeypatch):
    sheet = competency_scorecard()
    agent = make_person(Role.AGENT)
    pivot = (utcnow() - 12 * DAY).replace(microsecond=0)
    for days in (-9, -6, -3, 2, 4):
        scored(agent, sheet, pivot + days * DAY, empathy=75, monkeypatch=monkeypatch)
    e = plan_effect(coaching_plan(agent, ["empathy"], assigned_at=pivot)).effect
    assert e.in_progress and e.days_to_go == 18 and e.after.n == 2
    assert "3 before and 2 after" in e.difference.reason
    proposed = plan_effect(coaching_plan(agent, ["empathy"], status=PlanStatus.PROPOSED.value))
    assert proposed.effect is None and "not been assigned" in proposed.reason
    unfocused = plan_effect(coaching_plan(agent, [], assigned_at=pivot))
    assert unfocused.effect is None and "no focus" in unfocused.reason
