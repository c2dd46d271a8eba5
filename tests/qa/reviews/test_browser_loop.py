"""The whole QA loop in headless Chromium, under the real CSP, through the pages only: a reviewer reviews an
assignment with AutoQA's evidence and overrides one answer; the agent disputes that criterion; the QA lead
accepts the dispute; the score changes, and the audit log shows every step."""
import re

import pytest
from playwright.sync_api import expect

from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.roles import Role
from tests.qa.notifications.test_browser import watch_for_errors
from tests.qa.reviews.builders import make_person
from tests.qa.reviews.review_scenes import assigned_review
from tests.qa.web.test_browser import sign_in

pytestmark = pytest.mark.browser


def _signed_in_page(browser, live_server, user, errors):
    page = browser.new_context().new_page()
    errors += watch_for_errors(page)
    sign_in(page, live_server, user.email)
    return page


def test_review_dispute_resolution_and_audit(browser, live_server, app, tmp_path):
    lead = make_person(Role.QA_LEAD, name="Lena Lead")
    reviewer = make_person(Role.REVIEWER, name="Rory Reviewer")
    agent = make_person(Role.AGENT, name="Avery Agent")
    assignment = assigned_review(reviewer, agent=agent)
    errors: list[str] = []

    review = _signed_in_page(browser, live_server, reviewer, errors)
    review.goto(f"{live_server}/reviews/")
    review.locator(f"tr[data-assignment='{assignment.id}'] button", has_text="Review").click()
    review.wait_for_url(re.compile(r"/reviews/\d+$"))
    greeting = review.locator("#criterion-greeting")
    expect(greeting.locator(".autoqa")).to_contain_text("AutoQA: yes")
    greeting.locator(".evidence-links button").first.click()
    expect(review.locator("[data-transcript] li[data-position='0']")).to_have_class(re.compile(r"\bevidence\b"))
    further = review.locator("#criterion-further_help")
    expect(further.locator("input[value=yes]")).to_be_checked()  # AutoQA found the offer of more help
    further.locator("input[value=no]").check()
    expect(further.locator("[data-overridden]")).to_be_visible()
    review.locator("#criterion-courtesy input[value='5']").check()
    expect(review.locator("[data-save-status]")).to_have_text(re.compile(r"^Saved "), timeout=10_000)
    review.locator("[data-testid=submit-review]").click()
    expect(review.locator(".flash-success")).to_have_text("Review submitted: 75.0%.")
    evaluation = db.session.scalar(db.select(Evaluation).where(Evaluation.assignment_id == assignment.id))
    review.screenshot(path=str(tmp_path / "1-submitted.png"), full_page=True)

    dispute = _signed_in_page(browser, live_server, agent, errors)
    dispute.goto(f"{live_server}/evaluations/")
    dispute.click(f"a[href='/evaluations/{evaluation.id}']")
    expect(dispute.locator("[data-testid=score]")).to_contain_text("75.0%")
    dispute.click("text=Dispute…")
    dispute.check("input[name=pick_further_help]")
    dispute.fill("textarea[name=reason_further_help]", "I asked if there was anything else, in my last line.")
    dispute.select_option("select[name=proposed_further_help]", "yes")
    dispute.click("text=Send the dispute")
    expect(dispute.locator(".flash-success")).to_contain_text("Your dispute was sent to Lena Lead.")

    resolve = _signed_in_page(browser, live_server, lead, errors)
    resolve.goto(f"{live_server}/disputes/")
    resolve.click("[data-testid=dispute-row] a")
    resolve.check("[data-testid=decide-further_help] input[value=accept]")
    resolve.click("[data-testid=resolve-form] button[type=submit]")
    expect(resolve.locator(".flash-success")).to_contain_text("is accepted.")

    dispute.reload()
    expect(dispute.locator("[data-testid=score]")).to_contain_text("100.0%")
    expect(dispute.locator("[data-testid=dispute-status]")).to_have_text("accepted")
    expect(dispute.locator("[data-testid=history]")).to_contain_text("75.0% → 100.0%")
    dispute.screenshot(path=str(tmp_path / "2-resolved.png"), full_page=True)

    resolve.goto(f"{live_server}/admin/audit?target_type=evaluation&target_id={evaluation.id}")
    log = resolve.locator("main").inner_text()
    for action in ("evaluation.submitted", "evaluation.rescored"):
        assert action in log, f"{action} missing from the evaluation's audit trail:\n{log}"
    resolve.goto(f"{live_server}/admin/audit")
    log = resolve.locator("main").inner_text()
    for action in ("assignment.created", "evaluation.submitted", "dispute.opened", "evaluation.rescored",
                   "dispute.resolved"):
        assert action in log, f"{action} missing from the audit log"
    resolve.screenshot(path=str(tmp_path / "3-audit.png"), full_page=True)
    db.session.expire_all()
    assert db.session.get(Evaluation, evaluation.id).score == pytest.approx(100)
    assert errors == []
