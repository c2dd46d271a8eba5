"""A coaching session in headless Chromium, under the real CSP, through the pages only: a trainer schedules a
one-to-one that just took place from the form (agenda pre-filled from the agent's plan), writes notes and an
action and marks it held; the agent follows the notification, ticks their action and confirms; the trainer
confirms; both confirmations are shown."""
import re

import pytest
from playwright.sync_api import expect

from qa.extensions import db
from qa.roles import Role
from tests.qa.notifications.test_browser import watch_for_errors
from tests.qa.reviews.builders import make_person
from tests.qa.web.test_browser import sign_in
from tests.training.sessions.builders import assigned_plan, at, trainer
from training.sessions.models import CoachingSession

pytestmark = pytest.mark.browser


def _signed_in_page(browser, live_server, user, errors):
    page = browser.new_context().new_page()
    errors += watch_for_errors(page)
    sign_in(page, live_server, user.email)
    return page


def test_schedule_write_up_and_confirm_a_session(browser, live_server, app, tmp_path):
    coach = trainer("Theo Trainer")
    agent = make_person(Role.AGENT, name="Jordan Agent")
    plan = assigned_plan(agent, modules=["Acknowledging feelings"])
    errors: list[str] = []

    theo = _signed_in_page(browser, live_server, coach, errors)
    theo.goto(f"{live_server}/coaching/sessions/")
    theo.click("text=Schedule a session")
    theo.select_option("select[name=agent_id]", label=f"Jordan Agent ({agent.email})")
    theo.select_option("select[name=plan_id]", label="Jordan Agent: Empathy first (active)")
    started = at(-1)  # it just happened: recorded afterwards
    theo.fill("input[name=scheduled_at]", started.strftime("%Y-%m-%dT%H:%M"))
    theo.fill("input[name=duration_minutes]", "30")
    theo.click("button:has-text('Schedule')")
    expect(theo.locator(".flash-success")).to_contain_text("Session with Jordan Agent scheduled")
    expect(theo.locator("[data-testid=agenda]")).to_contain_text("Empathy: 62 of 100 on 7 evaluations")
    expect(theo.locator("[data-testid=agenda]")).to_contain_text("Module to do: Acknowledging feelings")
    session = db.session.scalar(db.select(CoachingSession))
    assert session.plan_id == plan.id and session.scheduled_at == started

    theo.fill("textarea[name=notes]", "We listened to call 102 together.\n<b>Slow down</b> before the refund step.")
    theo.fill("input[name=text]", "Re-listen to two refund calls")
    theo.select_option("select[name=owner_id]", label="Jordan Agent")
    theo.fill("input[name=due_on]", started.date().isoformat())
    theo.click("button:has-text('Add action')")
    expect(theo.locator("[data-testid=action-row]")).to_contain_text("Re-listen to two refund calls")
    expect(theo.locator("textarea[name=notes]")).to_have_value(re.compile("^We listened to call 102"))  # kept
    theo.click("[data-testid=mark-held]")
    expect(theo.locator(".flash-success")).to_contain_text("Session marked held")
    expect(theo.locator("[data-testid=session-status]")).to_have_text("held")
    expect(theo.locator("[data-testid=agent-confirmation]")).to_contain_text("not yet")
    theo.screenshot(path=str(tmp_path / "1-held.png"), full_page=True)

    jordan = _signed_in_page(browser, live_server, agent, errors)
    jordan.goto(f"{live_server}/notifications")
    jordan.click("text=the notes await your confirmation")
    jordan.wait_for_url(re.compile(rf"/coaching/sessions/{session.id}$"))
    expect(jordan.locator("[data-testid=notes]")).to_contain_text("<b>Slow down</b> before the refund step.")
    expect(jordan.locator("[data-testid=notes-form]")).to_have_count(0)
    jordan.click("[data-testid=tick-action]")
    expect(jordan.locator("[data-testid=action-row]")).to_contain_text("done")
    jordan.click("[data-testid=confirm-session]")
    expect(jordan.locator(".flash-success")).to_contain_text("Confirmed")
    expect(jordan.locator("[data-testid=agent-confirmation]")).to_contain_text("confirmed")
    expect(jordan.locator("[data-testid=confirm-session]")).to_have_count(0)

    theo.goto(f"{live_server}/coaching/sessions/{session.id}")
    theo.click("[data-testid=confirm-session]")
    expect(theo.locator("[data-testid=coach-confirmation]")).to_contain_text("confirmed")
    expect(theo.locator("[data-testid=agent-confirmation]")).to_contain_text("confirmed")
    expect(theo.locator("[data-testid=session-timeline]")).to_contain_text("Held and written up")
    expect(theo.locator("[data-testid=session-timeline] li")).to_have_count(4)  # scheduled, held, 2 confirmed
    theo.screenshot(path=str(tmp_path / "2-confirmed.png"), full_page=True)
    theo.goto(f"{live_server}/coaching/sessions/")
    expect(theo.locator("[data-testid=past-sessions]")).to_contain_text("Jordan Agent")
    assert errors == []
