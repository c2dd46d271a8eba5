"""A trainer's look at a profile in headless Chromium, under the real CSP: the weak competency, its criteria
and evidence opened, and the moment link landing on the reviewer's comment in the evaluation's transcript."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from qa.roles import Role
from qa.timeutil import utcnow
from tests.qa.reviews.builders import make_person
from tests.qa.web.test_browser import sign_in
from tests.training.profiles.builders import profile_scorecard, scored

pytestmark = pytest.mark.browser


def test_a_trainer_follows_a_weakness_to_the_moment_behind_it(app, page, live_server):
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    agent, reviewer, trainer = make_person(Role.AGENT), make_person(Role.REVIEWER), make_person(Role.TRAINER)
    card = profile_scorecard()
    times = [utcnow() - timedelta(days=days) for days in (15, 30, 45, 60, 75)]
    for when in times:
        scored(agent, reviewer, card, {"empathy_words": "no"}, when=when)
    flagged = scored(agent, reviewer, card, {"empathy_tone": "1"}, when=utcnow() - timedelta(minutes=5),
                     moments=[(2, "Flat tone while apologising", "empathy_tone")])
    months = {f"{when:%Y-%m}" for when in [*times, flagged.submitted_at]}
    sign_in(page, live_server, trainer.email)

    page.goto(f"{live_server}/coaching/agents")
    page.locator(f"tr[data-agent='{agent.id}'] a").click()
    empathy = page.locator("tr[data-key='empathy']")
    expect(empathy.locator("[data-testid=weak]")).to_have_text("weak: below 75")
    expect(empathy.locator("[data-testid=n]")).to_have_text("6")
    expect(empathy.locator("svg[data-testid=trend] circle")).to_have_count(len(months))   # one per month
    details = page.locator("[data-testid=details-empathy]")
    expect(details.locator("[data-testid=criteria]")).not_to_be_visible()
    details.locator("summary").click()
    expect(details.locator("[data-testid=criterion]")).to_have_count(2)
    first = details.locator("[data-testid=evidence-item]").first
    expect(first).to_contain_text("How warm was the agent's tone?")
    expect(first.locator("[data-testid=moment-text]")).to_have_text("Flat tone while apologising")
    first.locator("[data-testid=moment-link]").click()
    page.wait_for_url(f"{live_server}/evaluations/{flagged.id}#line-2")
    expect(page.locator("#line-2 [data-testid=moment]")).to_contain_text("Flat tone while apologising")
    assert problems == []
