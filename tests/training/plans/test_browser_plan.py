"""In headless Chromium, the issue's scenario: the job proposes a plan from an agent's real evaluations; a trainer
reviews it (the evidence, the moment behind it) and assigns it; the agent opens My coaching, opens the module
with a clip of a real call (its audio player loads the cut clip), spends a few seconds on it and marks it done;
the plan shows the module done with the time spent, for the agent and for the trainer."""
import re

import pytest

from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.qa.web.test_browser import sign_in
from tests.training.plans.builders import evaluated_agent
from tests.transcription.conversations import imported
from tests.transcription.recordings import JFK, encode, place, speech
from training.modules.clips import add_clip
from training.modules.models import ClipStatus
from training.modules.services import ModuleInput, create_module, publish_module
from training.plans import jobs
from training.plans.models import PlanModule, PlanModuleStatus

pytestmark = pytest.mark.browser


def module_with_a_clip(trainer, tmp_path):
    words = speech(JFK)
    call = imported(encode(tmp_path / "call.wav", [place(len(words) / 16000 + 1, (0.5, words))]).read_bytes(),
                    "call.wav")
    module = create_module(ModuleInput("Hear the care", ["empathy"], 10,
                                       body="Listen to how **calm** the voice stays, then try it yourself."),
                           trainer.id)
    clip = add_clip(module.id, call.id, "golden", "A calm, steady voice", "Notice the pace.", start=0.5, end=4.0,
                    actor_id=trainer.id)
    db.session.commit()
    run_pending_jobs()  # the clip's audio is cut by its job
    db.session.refresh(clip)
    assert clip.status == ClipStatus.READY.value, clip.error
    publish_module(module.id, trainer.id)
    db.session.commit()
    return module


def test_a_trainer_assigns_a_proposal_and_the_agent_completes_a_module_with_a_clip(app, page, live_server,
                                                                                  tmp_path):
    trainer = make_person(Role.TRAINER, name="Theo Trainer")
    agent = evaluated_agent(5, tone="2", moment=True, name="Alex Agent")
    module = module_with_a_clip(trainer, tmp_path)
    assert jobs.propose_plans().proposed
    db.session.commit()

    sign_in(page, live_server, trainer.email)
    page.goto(f"{live_server}/coaching/plans")
    row = page.locator("[data-testid=plan-row]", has_text="Alex Agent")
    row.locator("a").first.click()
    page.wait_for_selector("[data-testid=evidence-empathy]")
    assert page.locator("[data-testid=evidence-empathy] [data-testid=evidence-score]").inner_text() == "43.8"
    assert "Flat tone when the customer was upset" in page.locator("[data-testid=moment-link]").first.inner_text()
    assert "Hear the care" in page.locator("[data-testid=plan-modules]").inner_text()
    page.click("[data-testid=assign]")
    page.wait_for_selector(".flash-success:has-text('Plan assigned')")
    assert page.locator("[data-testid=plan-status]").inner_text() == "active"
    page.click("text=Sign out")
    page.wait_for_selector("text=You are signed out.")

    sign_in(page, live_server, agent.email)
    page.click("[data-testid=main-nav] >> text=My coaching")
    plan = page.locator("[data-testid=active-plan]")
    assert "Coaching plan: Empathy" in plan.inner_text()
    plan.locator("a", has_text="Hear the care").click()
    page.wait_for_selector("[data-testid=module-body] strong:text('calm')")
    page.wait_for_function("document.querySelector('[data-testid=clip-audio]').readyState >= 1", timeout=20_000)
    duration = page.evaluate("document.querySelector('[data-testid=clip-audio]').duration")
    assert 3.0 < duration < 4.5  # the cut clip, not the whole call
    page.wait_for_timeout(3000)  # reading it: the visible time counts
    page.click("[data-testid=mark-done]")
    page.wait_for_selector(".flash-success:has-text('Hear the care is done')")
    done_row = page.locator("[data-testid=plan-module]", has_text="Hear the care")
    assert done_row.locator("[data-testid=module-status]").inner_text() == "done"
    spent = done_row.locator("[data-testid=time-spent]").inner_text()
    assert re.fullmatch(r"0:0[3-9]|0:[1-5]\d", spent), spent
    assert "1 of 1 module done" in page.locator("[data-testid=module-progress]").inner_text()

    db.session.expire_all()
    [pm] = db.session.scalars(db.select(PlanModule).where(PlanModule.module_id == module.id))
    assert pm.status == PlanModuleStatus.DONE.value and pm.seconds_spent >= 3
    page.click("text=Sign out")
    sign_in(page, live_server, trainer.email)
    page.goto(f"{live_server}/coaching/plans/{pm.plan_id}")
    trainer_row = page.locator("[data-testid=plan-module]", has_text="Hear the care")
    assert trainer_row.locator("[data-testid=module-status]").inner_text() == "done"
    assert trainer_row.locator("[data-testid=time-spent]").inner_text() == spent
