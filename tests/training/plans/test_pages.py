"""The plan pages through the test client: the trainers' list and plan page, the forms, and My coaching, where
an agent sees their own assigned plans only."""
import re
from datetime import timedelta

import pytest

from qa.extensions import db
from qa.jobs.models import Job
from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from tests.support import csrf_token, login, post_form
from tests.training.plans.builders import active_plan, evaluated_agent, proposed_plan, published_module
from training.plans import jobs
from training.plans.models import PlanModule, PlanModuleStatus, PlanStatus
from training.plans.progress import MAX_SECONDS_PER_CALL
from training.sessions.services import schedule_session


def signed_in(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


@pytest.fixture
def trainer(app):
    return make_person(Role.TRAINER, name="Theo Trainer")


def test_the_list_has_a_tab_per_state_and_filters_by_agent(app, trainer):
    alex, jo = make_person(Role.AGENT, name="Alex Agent"), make_person(Role.AGENT, name="Jo Agent")
    proposed_plan(alex, trainer, title="Alex's proposal")
    active_plan(jo, trainer, [published_module()], title="Jo's plan")
    client = signed_in(app, trainer)
    page = client.get("/coaching/plans").get_data(as_text=True)
    assert "Alex&#39;s proposal" in page and "Jo&#39;s plan" not in page
    assert "Proposed (1)" in page and "Active (1)" in page and "Propose plans now" in page
    active = client.get("/coaching/plans?tab=active").get_data(as_text=True)
    assert "Jo&#39;s plan" in active and "1 / 0" not in active and "0 / 1" in active
    assert "Alex&#39;s proposal" not in client.get(f"/coaching/plans?agent_id={jo.id}").get_data(as_text=True)


def test_an_active_plan_past_its_due_date_is_overdue(app, trainer):
    late = active_plan(make_person(Role.AGENT), trainer, title="Late plan")
    late.goal_due = utcnow().date() - timedelta(days=1)
    active_plan(make_person(Role.AGENT), trainer, title="On time")
    db.session.commit()
    client = signed_in(app, trainer)
    page = client.get("/coaching/plans?tab=overdue").get_data(as_text=True)
    assert "Late plan" in page and "On time" not in page and "Overdue (1)" in page
    assert 'data-testid="overdue"' in client.get(f"/coaching/plans/{late.id}").get_data(as_text=True)


def test_qa_leads_read_plans_but_do_not_write_them(app, trainer):
    plan = proposed_plan(make_person(Role.AGENT), trainer)
    lead = signed_in(app, make_person(Role.QA_LEAD))
    assert "Propose plans now" not in lead.get("/coaching/plans").get_data(as_text=True)
    page = lead.get(f"/coaching/plans/{plan.id}").get_data(as_text=True)
    assert 'data-testid="assign"' not in page and 'data-testid="edit-plan"' not in page
    assert lead.post(f"/coaching/plans/{plan.id}/assign", data={"csrf_token": csrf_token(lead)}).status_code == 403


def test_propose_now_queues_the_job(app, trainer):
    client = signed_in(app, trainer)
    response = post_form(client, "/coaching/plans/propose")
    assert response.status_code == 303
    job = db.session.scalar(db.select(Job).where(Job.kind == jobs.PROPOSE_JOB))
    assert job.created_by_id == trainer.id and job.payload["trigger"] == "manual"


def test_the_plan_page_links_the_evidence_and_shows_the_goal_against_the_score(app, trainer):
    agent = evaluated_agent(5, tone="2", moment=True)
    plan = proposed_plan(agent, trainer, [published_module("Empathy basics")])
    page = signed_in(app, trainer).get(f"/coaching/plans/{plan.id}").get_data(as_text=True)
    evidence = plan.evidence["competencies"]["empathy"]["evidence"]
    pinned = next(e for e in evidence if e["moment_text"])
    assert f'href="/evaluations/{evidence[0]["evaluation_id"]}"' in page
    assert f'href="/interactions/{pinned["interaction_id"]}#line-1"' in page
    assert "Flat tone when the customer was upset" in page
    assert re.search(r'data-testid="goal-score">43\.8<', page) and "31.2 to go" in page
    assert "Empathy basics" in page and "0 of 1 module done" in page


def test_assign_and_dismiss_through_the_buttons(app, trainer):
    agent = make_person(Role.AGENT)
    client = signed_in(app, trainer)
    plan = proposed_plan(agent, trainer)
    refused = post_form(client, f"/coaching/plans/{plan.id}/dismiss", {"reason": ""})
    assert refused.status_code == 400 and "Say why" in refused.get_data(as_text=True)
    assert post_form(client, f"/coaching/plans/{plan.id}/assign").status_code == 303
    db.session.expire_all()
    assert plan.status == PlanStatus.ACTIVE.value
    again = post_form(client, f"/coaching/plans/{plan.id}/dismiss", {"reason": "Too late"})
    assert again.status_code == 400 and "only a proposed plan can be dismissed" in again.get_data(as_text=True)


def test_a_new_plan_is_prefilled_from_the_agents_weaknesses(app, trainer):
    weak, thin = evaluated_agent(5, tone="2"), evaluated_agent(2, tone="1")
    module = published_module("Empathy basics")
    client = signed_in(app, trainer)
    page = client.get(f"/coaching/plans/new?agent_id={weak.id}").get_data(as_text=True)
    assert 'value="Coaching plan: Empathy"' in page
    assert re.search(rf'value="{module.id}"[^>]*checked|checked[^>]*value="{module.id}"', page)
    thin_page = client.get(f"/coaching/plans/new?agent_id={thin.id}").get_data(as_text=True)
    assert "Too few evaluations to propose a plan: Empathy 25 on 2 evaluations." in thin_page
    response = post_form(client, "/coaching/plans/new", {
        "agent_id": thin.id, "title": "Start with empathy", "focus": "empathy", "goal_competency": "empathy",
        "goal_target": "70", "module_ids": module.id, "assign": "1"}, token_from="/coaching/plans/new")
    assert response.status_code == 303
    [plan] = [p for p in db.session.scalars(db.select(PlanModule.plan_id))]
    assert response.headers["Location"].endswith(f"/coaching/plans/{plan}")


def test_a_stale_edit_form_is_refused_and_can_then_save_over(app, trainer):
    plan = proposed_plan(make_person(Role.AGENT), trainer, title="First")
    client = signed_in(app, trainer)
    form = {"title": "Mine", "focus": "empathy", "goal_competency": "empathy", "goal_target": "75",
            "revision": str(plan.revision)}
    assert post_form(client, f"/coaching/plans/{plan.id}/edit", form).status_code == 303
    stale = post_form(client, f"/coaching/plans/{plan.id}/edit", {**form, "title": "Stale"})
    page = stale.get_data(as_text=True)
    assert stale.status_code == 400 and "Theo Trainer saved this plan at" in page
    assert f'name="revision" type="hidden" value="{plan.revision + 1}"' in page
    assert post_form(client, f"/coaching/plans/{plan.id}/edit", {**form, "title": "Stale",
                                                                 "revision": plan.revision + 1}).status_code == 303


def test_my_coaching_shows_the_agents_assigned_plans_only(app, trainer):
    agent = make_person(Role.AGENT)
    active = active_plan(agent, trainer, [published_module("Listening well")], title="My active plan")
    hidden = proposed_plan(agent, trainer, title="Not yet for your eyes")
    client = signed_in(app, agent)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/coaching/my"' in home and ">My coaching<" in home
    page = client.get("/coaching/my").get_data(as_text=True)
    assert "My active plan" in page and "Listening well" in page and "Not yet for your eyes" not in page
    assert client.get(f"/coaching/my/plans/{active.id}").status_code == 200
    assert client.get(f"/coaching/my/plans/{hidden.id}").status_code == 404
    assert client.get(f"/coaching/my/modules/{hidden.modules[0].id if hidden.modules else 999}").status_code == 404
    assert client.get(f"/coaching/plans/{active.id}").status_code == 403
    assert ">My coaching<" not in signed_in(app, trainer).get("/").get_data(as_text=True)


def test_my_coaching_lists_the_agents_sessions_and_links_the_profile(app, trainer):
    agent = make_person(Role.AGENT)
    plan = active_plan(agent, trainer, [published_module()])
    session = schedule_session(agent.id, trainer.id, (utcnow() + timedelta(days=2)).replace(microsecond=0), 30,
                               actor_id=trainer.id, plan_id=plan.id)
    db.session.commit()
    page = signed_in(app, agent).get("/coaching/my").get_data(as_text=True)
    assert f'href="/coaching/sessions/{session.id}"' in page and "Theo Trainer" in page and "30 min" in page
    assert 'href="/coaching/profile" data-testid="my-profile-link"' in page


def test_another_agents_plan_and_modules_are_404(app, trainer):
    plan = active_plan(make_person(Role.AGENT), trainer, [published_module()])
    stranger = signed_in(app, make_person(Role.AGENT))
    pm = plan.modules[0]
    assert stranger.get(f"/coaching/my/plans/{plan.id}").status_code == 404
    assert stranger.get(f"/coaching/my/modules/{pm.id}").status_code == 404
    token = csrf_token(stranger)
    assert stranger.post(f"/coaching/my/modules/{pm.id}/time", json={"seconds": 30},
                         headers={"X-CSRFToken": token}).status_code == 404
    assert stranger.post(f"/coaching/my/modules/{pm.id}/done", data={"csrf_token": token}).status_code == 404
    db.session.expire_all()
    assert (pm.status, pm.seconds_spent) == (PlanModuleStatus.TODO.value, 0)


def test_the_module_page_starts_it_counts_time_capped_and_marks_it_done(app, trainer):
    agent = make_person(Role.AGENT)
    plan = active_plan(agent, trainer, [published_module("Listening well")])
    pm = plan.modules[0]
    client = signed_in(app, agent)
    page = client.get(f"/coaching/my/modules/{pm.id}").get_data(as_text=True)
    assert "Listening well" in page and "data-module-clock" in page and "js/plan_module.js" in page
    token = csrf_token(client, f"/coaching/my/modules/{pm.id}")
    beat = client.post(f"/coaching/my/modules/{pm.id}/time", json={"seconds": 600}, headers={"X-CSRFToken": token})
    assert beat.get_json() == {"ok": True, "seconds_spent": MAX_SECONDS_PER_CALL, "status": "started"}
    assert client.post(f"/coaching/my/modules/{pm.id}/time", json={"seconds": "lots"},
                       headers={"X-CSRFToken": token}).status_code == 400
    done = client.post(f"/coaching/my/modules/{pm.id}/done", data={"csrf_token": token, "seconds": "15"})
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/coaching/my/plans/{plan.id}")
    db.session.expire_all()
    assert (pm.status, pm.seconds_spent) == (PlanModuleStatus.DONE.value, MAX_SECONDS_PER_CALL + 15)
    plan_page = client.get(f"/coaching/my/plans/{plan.id}").get_data(as_text=True)
    assert "1 of 1 module done" in plan_page and "2:15" in plan_page and "complete the plan" in plan_page
    assert "data-module-clock" not in client.get(f"/coaching/my/modules/{pm.id}").get_data(as_text=True)


def test_an_agent_writes_a_reflection_on_a_module(app, trainer):
    agent = make_person(Role.AGENT)
    plan = active_plan(agent, trainer, [published_module()])
    pm = plan.modules[0]
    client = signed_in(app, agent)
    too_long = post_form(client, f"/coaching/my/plans/{plan.id}/reflections",
                         {"body": "x" * 5001, "plan_module_id": pm.id}, token_from="/coaching/my")
    assert too_long.status_code == 400 and "at most 5000 fit" in too_long.get_data(as_text=True)
    saved = post_form(client, f"/coaching/my/plans/{plan.id}/reflections",
                      {"body": "Pausing <b>before</b> answering helped.", "plan_module_id": pm.id},
                      token_from="/coaching/my")
    assert saved.status_code == 303
    trainer_view = signed_in(app, trainer).get(f"/coaching/plans/{plan.id}").get_data(as_text=True)
    assert "Pausing &lt;b&gt;before&lt;/b&gt; answering helped." in trainer_view
