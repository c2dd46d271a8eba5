"""The trainer dashboard's numbers against constructed plans, modules, sessions and evaluations."""
import re
from datetime import timedelta

import pytest

from qa.accounts import services as accounts
from qa.extensions import db
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from tests.training.effect.builders import coaching_module, coaching_plan, competency_scorecard, scored
from tests.training.effect.scenes import EXPECTED_CHANGE, module_scene
from training.dashboard import queries
from training.modules.models import ModuleStatus
from training.plans.models import PlanStatus
from training.sessions.models import CoachingSession, CoachingSessionStatus

DAY = timedelta(days=1)


def rows(page: str, testid: str, attribute: str) -> list[int]:
    return [int(v) for v in re.findall(rf'data-testid="{testid}" data-{attribute}="(\d+)"', page)]


def cell(page: str, row_testid: str, attribute: str, row_id: int, testid: str) -> str:
    row = re.search(rf'data-testid="{row_testid}" data-{attribute}="{row_id}">(.*?)</tr>', page, re.S).group(1)
    return re.sub(r"<[^>]+>", "", re.search(rf'data-testid="{testid}">(.*?)</td>', row, re.S).group(1)).split()


@pytest.fixture
def world(app, monkeypatch):
    """Wes is weak on empathy with no plan; Pia is as weak but has an active, overdue plan; Quin waits for a
    proposed plan's review; Sam scores well. Wes alone is in the team."""
    team = accounts.create_team("Dashboard team")
    sheet = competency_scorecard()
    reviewer = make_person(Role.REVIEWER)
    now = utcnow()
    people = {name: make_person(Role.AGENT, name=name, team_id=team.id if name == "Wes" else None)
              for name in ("Wes", "Pia", "Quin", "Sam")}
    for name, empathy in (("Wes", 50), ("Pia", 50), ("Sam", 100)):
        for days in (5, 10, 20, 30, 40):
            scored(people[name], sheet, now - days * DAY, empathy=empathy, reviewer=reviewer, monkeypatch=monkeypatch)
    first, second = coaching_module("Empathy basics", minutes=20), coaching_module("Owning the problem")
    coaching_module("Draft module", status=ModuleStatus.DRAFT.value)
    today = now.date()
    late = coaching_plan(people["Pia"], ["empathy"], assigned_at=now - 40 * DAY, goal_due=today - 3 * DAY,
                         modules=[first, second], done={first: now - 30 * DAY}, spent={first: 600})
    coaching_plan(people["Sam"], ["empathy"], assigned_at=now - 80 * DAY, status=PlanStatus.COMPLETED.value,
                  completed_at=now - 50 * DAY, goal_due=today - 40 * DAY, done={first: now - 60 * DAY},
                  spent={first: 1200})
    coaching_plan(people["Sam"], ["communication"], assigned_at=now - 5 * DAY, goal_due=today + 10 * DAY)
    proposed = coaching_plan(people["Quin"], ["empathy"], modules=[first, second])
    trainer = make_person(Role.TRAINER)
    scheduled, cancelled = CoachingSessionStatus.SCHEDULED.value, CoachingSessionStatus.CANCELLED.value
    for status, when in ((scheduled, now + 2 * DAY), (cancelled, now + DAY), (scheduled, now - 3 * DAY),
                         (scheduled, now + DAY)):
        db.session.add(CoachingSession(agent_id=people["Pia"].id, coach_id=trainer.id, scheduled_at=when, status=status))
    db.session.commit()
    return {"people": people, "team": team, "late": late, "proposed": proposed, "modules": (first, second),
            "trainer": trainer}


def test_agents_needing_attention_are_the_weak_without_a_plan(world):
    people = world["people"]
    attention = queries.agents_needing_attention(queries.team_agents(None))
    assert [row.agent.name for row in attention.weak_without_plan] == ["Wes"]
    [weakness] = attention.weak_without_plan[0].weaknesses
    assert (weakness.key, weakness.estimate.score, weakness.estimate.n_evaluations) == ("empathy", 50, 5)
    assert [plan.id for plan in attention.proposed] == [world["proposed"].id]
    assert people["Pia"].id not in {row.agent.id for row in attention.weak_without_plan}  # she has a plan


def test_overdue_plans_and_module_completion(world):
    today = utcnow().date()
    ids = [agent.id for agent in queries.team_agents(None)]
    [overdue] = queries.overdue_plans(ids, today)   # the completed plan past its date is not overdue
    assert (overdue.plan.id, overdue.days_late, overdue.modules_left, overdue.modules_total) == (
        world["late"].id, 3, 1, 2)
    first, second = world["modules"]
    completion = {c.module.id: c for c in queries.module_completion(None)}
    assert set(completion) == {first.id, second.id}   # drafts are not listed
    assert (completion[first.id].assigned, completion[first.id].done, completion[first.id].median_seconds) == (
        2, 2, 900)                                     # the proposed plan's assignment does not count yet
    assert (completion[second.id].assigned, completion[second.id].done, completion[second.id].median_seconds) == (
        1, 0, None)


def test_the_page_for_a_trainer(world, app):
    from tests.support import login
    client = app.test_client()
    assert login(client, world["trainer"].email).status_code == 302
    page = client.get("/coaching/").get_data(as_text=True)
    people = world["people"]
    assert rows(page, "attention-row", "agent") == [people["Wes"].id]
    assert rows(page, "proposed-plan", "plan") == [world["proposed"].id]
    assert rows(page, "overdue-row", "plan") == [world["late"].id]
    assert cell(page, "overdue-row", "plan", world["late"].id, "modules-left") == ["1", "of", "2"]
    first, _ = world["modules"]
    assert cell(page, "completion-row", "module", first.id, "median") == ["15", "min", "(estimated", "20", "min)"]
    assert len(rows(page, "session", "session")) == 2    # scheduled and still to come; soonest first
    assert 'data-testid="effect-none"' in page           # nobody's after window is measured by enough agents


def test_the_team_filter(world, client_for):
    page = client_for(Role.QA_LEAD).get(f"/coaching/?team={world['team'].id}").get_data(as_text=True)
    assert rows(page, "attention-row", "agent") == [world["people"]["Wes"].id]
    assert rows(page, "overdue-row", "plan") == [] and rows(page, "proposed-plan", "plan") == []
    first, _ = world["modules"]
    assert cell(page, "completion-row", "module", first.id, "assigned") == ["0"]
    assert "Write a plan" not in page                    # QA leads read coaching; they do not write plans
    response = client_for(Role.ADMIN).get("/coaching/?team=12345")
    assert response.status_code == 400 and "there is no team" in response.get_data(as_text=True)


def test_the_effect_summary_links_to_the_measured_modules(app, client_for, monkeypatch):
    scene = module_scene(monkeypatch)
    page = client_for(Role.TRAINER).get("/coaching/").get_data(as_text=True)
    assert rows(page, "effect-row", "module") == [scene.module.id]
    assert [float(v) for v in re.findall(r'data-testid="effect" data-value="([^"]+)"', page)] == [
        pytest.approx(EXPECTED_CHANGE, abs=1e-6)]
    assert "against the comparison group" in page
    assert f"/coaching/effect/modules/{scene.module.id}" in page


@pytest.mark.parametrize("role", [Role.AGENT, Role.REVIEWER])
def test_agents_and_reviewers_are_refused(client_for, role):
    assert client_for(role).get("/coaching/").status_code == 403


def test_the_main_navigation_has_coaching_for_staff_who_coach(client_for):
    assert '>Coaching</a>' in client_for(Role.TRAINER).get("/").get_data(as_text=True)
    assert '>Coaching</a>' not in client_for(Role.REVIEWER).get("/").get_data(as_text=True)
