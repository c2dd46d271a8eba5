"""Modules' effects are computed once per state of their inputs: kept while nothing changes, computed again
after a rescore, a new evaluation or a change of who was being coached."""
from datetime import timedelta

import pytest

from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.reviews.services import rescore_evaluation
from tests.training.effect.builders import coaching_plan, competency_scorecard, scored
from tests.training.effect.scenes import module_scene
from training.effect import cache, queries

DAY = timedelta(days=1)


@pytest.fixture
def reads(monkeypatch):
    """How often the answer rows were read."""
    cache.forget_all()
    counted = []
    real = queries.answer_rows
    monkeypatch.setattr(queries, "answer_rows", lambda **kw: counted.append(kw) or real(**kw))
    return counted


def test_kept_until_an_input_changes(app, monkeypatch, reads):
    scene = module_scene(monkeypatch)
    module_id = scene.module.id
    first = queries.module_effects()[module_id]
    assert queries.module_effects()[module_id] == first and len(reads) == 1          # kept
    assert queries.module_effects(team_id=scene.team.id)[module_id] != first and len(reads) == 2  # another team

    fay = scene.agents["Fay"]
    latest = db.session.scalars(db.select(Evaluation).where(Evaluation.agent_id == fay.id)
                                .order_by(Evaluation.submitted_at.desc())).first()
    rescore_evaluation(latest.id, {"warmth": "5"}, None, "test")                   # 62.5 → 100 after coaching
    db.session.commit()
    rescored = queries.module_effects()[module_id].group
    assert len(reads) == 3
    assert rescored.comparison.estimate == pytest.approx((0 + 12.5 + (62.5 + 62.5 + 100) / 3 - 75) / 3)

    scored(scene.agents["Dot"], competency_scorecard(), scene.pivot + 5 * DAY, empathy=100, monkeypatch=monkeypatch)
    assert queries.module_effects()[module_id].group.comparison.estimate != rescored.comparison.estimate
    assert len(reads) == 4

    coaching_plan(scene.agents["Eve"], ["empathy"], assigned_at=scene.pivot + 3 * DAY)  # Eve is coached then
    regrouped = queries.module_effects()[module_id].group
    assert len(reads) == 5 and regrouped.n_comparison_agents == 0
    assert "Too few agents to compare with" in regrouped.agents[0].comparison.reason
