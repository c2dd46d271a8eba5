"""A whole calibration session in headless Chromium, under the real CSP, through the pages only: a QA lead sets
it up on two interactions for two reviewers; each scores blind on the review page and lands back on the
session; the lead sees the answers side by side with the statistics, records gold and closes."""
import re

import pytest
from playwright.sync_api import expect

from qa.calibration.models import CalibrationSession
from qa.extensions import db
from qa.roles import Role
from tests.qa.notifications.test_browser import watch_for_errors
from tests.qa.reviews.builders import make_person, published_scorecard, ready_chat
from tests.qa.web.test_browser import sign_in

pytestmark = pytest.mark.browser


def _signed_in_page(browser, live_server, user, errors):
    page = browser.new_context().new_page()
    errors += watch_for_errors(page)
    sign_in(page, live_server, user.email)
    return page


def _score(page, live_server, session_id, answers):
    """Score every interaction of the session: Score, answer on the review page, submit, back on the session."""
    page.goto(f"{live_server}/calibration/{session_id}")
    for given in answers:
        page.locator("[data-testid=my-items] tr[data-state=todo] button", has_text="Score").first.click()
        page.wait_for_url(re.compile(r"/reviews/\d+$"))
        expect(page.locator("[data-testid=blind-note]")).to_be_visible()
        for key, value in given.items():
            page.locator(f"#criterion-{key} input[value='{value}']").check()
        page.locator("[data-testid=submit-review]").click()
        page.wait_for_url(re.compile(rf"/calibration/{session_id}#item-\d+$"))
        expect(page.locator(".flash-success")).to_contain_text("Review submitted")


def test_a_full_calibration_session(browser, live_server, app, tmp_path):
    lead = make_person(Role.QA_LEAD, name="Lena Lead")
    rae, sol = make_person(Role.REVIEWER, name="Rae Reviewer"), make_person(Role.REVIEWER, name="Sol Reviewer")
    agent = make_person(Role.AGENT, name="Avery Agent")
    card = published_scorecard(name="Refunds card")
    chats = [ready_chat(agent), ready_chat(agent)]
    errors: list[str] = []

    setup = _signed_in_page(browser, live_server, lead, errors)
    setup.goto(f"{live_server}/calibration/")
    setup.click("text=New session")
    setup.fill("input[name=title]", "Refund calibration")
    setup.select_option("select[name=version_id]", label="Refunds card v1 (published)")
    setup.fill("input[name=deadline]", "2099-01-31T17:00")
    setup.fill("input[name=interaction_ids]", f"{chats[0].id}, {chats[1].id}")
    setup.check(f"input[name=reviewer_ids][value='{rae.id}']")
    setup.check(f"input[name=reviewer_ids][value='{sol.id}']")
    setup.click("text=Create and invite")
    expect(setup.locator(".flash-success")).to_contain_text("2 reviewer(s) were invited")
    expect(setup.locator("[data-testid=session-status]")).to_have_text("open")
    session = db.session.scalar(db.select(CalibrationSession))
    setup.screenshot(path=str(tmp_path / "1-created.png"), full_page=True)

    first = _signed_in_page(browser, live_server, rae, errors)
    first.goto(f"{live_server}/calibration/")
    first.click("[data-testid=to-score] a:has-text('Refund calibration')")
    _score(first, live_server, session.id, [
        {"greeting": "no", "verified": "yes", "empathy": "3", "process": "full"},
        {"greeting": "yes", "verified": "yes", "empathy": "4", "process": "partial"}])
    expect(first.locator("[data-testid=blind-note]")).to_be_visible()  # Sol has not scored: still blind
    expect(first.locator("table.side-by-side")).to_have_count(0)

    second = _signed_in_page(browser, live_server, sol, errors)
    _score(second, live_server, session.id, [
        {"greeting": "yes", "verified": "yes", "empathy": "4", "process": "full"},
        {"greeting": "yes", "verified": "na", "empathy": "4", "process": "partial"}])
    expect(second.locator("table.side-by-side")).to_have_count(2)  # everyone has scored: revealed
    expect(second.locator("[data-testid=statistics]")).to_have_count(0)
    second.screenshot(path=str(tmp_path / "2-participant-revealed.png"), full_page=True)

    setup.goto(f"{live_server}/calibration/{session.id}")
    first_item, second_item = session.items
    board = setup.locator(f"[data-testid=item-{first_item.id}]")
    expect(board.locator("tr[data-criterion=greeting]")).to_have_class(re.compile(r"\bdisagree\b"))
    expect(board.locator(f"tr[data-criterion=greeting] td[data-scorer='{rae.id}']")).to_have_text("No")
    expect(setup.locator("[data-testid=statistics]")).to_contain_text("Only 2 interactions were scored")
    expect(setup.locator("[data-testid=overall]")).to_contain_text("Only 2 interactions")
    expect(board.locator("select[name=gold-process]")).to_have_value("full")  # the majority, prefilled
    board.locator("select[name=gold-greeting]").select_option("yes")
    board.locator("input[name=note-greeting]").fill("The hello is in the agent's first line.")
    board.locator("select[name=gold-empathy]").select_option("4")
    board.locator("text=Save gold answers").click()
    expect(setup.locator(".flash-success")).to_contain_text("Gold answers saved for 4 question(s)")
    board = setup.locator(f"[data-testid=item-{first_item.id}]")
    expect(board.locator("[data-testid=deviations]")).to_contain_text("-25.0 (strict)")
    setup.click("[data-testid=close-session]")
    expect(setup.locator("[data-testid=error]")).to_contain_text(f"interaction {second_item.interaction_id}")
    other = setup.locator(f"[data-testid=item-{second_item.id}]")
    other.locator("select[name=gold-verified]").select_option("yes")
    other.locator("text=Save gold answers").click()
    expect(setup.locator(".flash-success")).to_contain_text("Gold answers saved")
    expect(setup.locator("[data-testid=reviewer-deviations]")).to_contain_text("Rae Reviewer")
    setup.screenshot(path=str(tmp_path / "3-gold.png"), full_page=True)
    setup.click("[data-testid=close-session]")
    expect(setup.locator(".flash-success")).to_contain_text("is closed")
    expect(setup.locator("[data-testid=session-status]")).to_have_text("closed")

    first.goto(f"{live_server}/calibration/{session.id}")
    expect(first.locator(f"[data-testid=item-{first_item.id}] [data-testid=gold-greeting]")).to_have_text("Yes")
    expect(first.locator("body")).to_contain_text("The hello is in the agent's first line.")
    first.screenshot(path=str(tmp_path / "4-closed.png"), full_page=True)
    db.session.expire_all()
    assert db.session.get(CalibrationSession, session.id).status == "closed"
    assert errors == []
