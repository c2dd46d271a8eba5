"""In headless Chromium, under the CSP: the agent reads an evaluation, jumps to a pinned comment, disputes a
criterion (a missing reason is shown next to it), and the QA lead accepts it from the queue."""
import pytest

from qa.extensions import db
from qa.roles import Role
from tests.qa.notifications.test_browser import watch_for_errors
from tests.qa.reviews.builders import make_person, submitted_evaluation
from tests.qa.web.test_browser import sign_in

pytestmark = pytest.mark.browser


def test_dispute_and_resolve_in_the_browser(browser, live_server, app, tmp_path):
    lead = make_person(Role.QA_LEAD, name="Lena Lead")
    agent = make_person(Role.AGENT, name="Avery Agent")
    evaluation = submitted_evaluation(agent=agent, answers={"greeting": "no"}, moments=[(2, "Good apology here")],
                                      comments={"greeting": "No hello."})
    before = evaluation.score
    agent_page = browser.new_context().new_page()
    errors = watch_for_errors(agent_page)
    sign_in(agent_page, live_server, agent.email)
    agent_page.goto(f"{live_server}/evaluations/")
    agent_page.click(f"a[href='/evaluations/{evaluation.id}']")
    agent_page.wait_for_selector("[data-testid=score]")
    agent_page.click("button.chip-moment")
    assert "evidence" in agent_page.locator("#line-2").get_attribute("class")

    agent_page.click("text=Dispute…")
    agent_page.check("input[name=pick_greeting]")
    agent_page.click("text=Send the dispute")
    agent_page.wait_for_selector(".dispute-item.has-error")
    assert "Say why you dispute" in agent_page.locator(".dispute-item.has-error").inner_text()
    agent_page.fill("textarea[name=reason_greeting]", "I said hello in my first line.")
    agent_page.select_option("select[name=proposed_greeting]", "yes")
    agent_page.screenshot(path=str(tmp_path / "dispute-form.png"), full_page=True)
    agent_page.click("text=Send the dispute")
    agent_page.wait_for_selector("text=Your dispute was sent to Lena Lead.")
    assert agent_page.locator("[data-testid=dispute-status]").inner_text() == "open"

    lead_page = browser.new_context().new_page()
    errors += watch_for_errors(lead_page)
    sign_in(lead_page, live_server, lead.email)
    lead_page.goto(f"{live_server}/disputes/")
    lead_page.click("[data-testid=dispute-row] a")
    lead_page.check("[data-testid=decide-greeting] input[value=accept]")
    lead_page.screenshot(path=str(tmp_path / "resolve.png"), full_page=True)
    lead_page.click("[data-testid=resolve-form] button[type=submit]")
    lead_page.wait_for_selector("text=is accepted.")

    agent_page.reload()
    db.session.expire_all()
    assert evaluation.score > before
    assert agent_page.locator("[data-testid=dispute-status]").inner_text() == "accepted"
    assert f"{before:.1f}% → {evaluation.score:.1f}%" in agent_page.locator("[data-testid=history]").inner_text()
    agent_page.screenshot(path=str(tmp_path / "evaluation.png"), full_page=True)
    assert errors == []
