"""The pooled agreement page in headless Chromium: a QA lead follows the link from the calibration list,
chooses the version and the period, sees it being computed, and the page refreshes itself to the
statistics once the job has run."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from qa.jobs.services import run_pending_jobs
from tests.qa.calibration.pooled_builders import add_session, pool_scene
from tests.qa.notifications.test_browser import watch_for_errors
from tests.qa.web.test_browser import sign_in

pytestmark = pytest.mark.browser


def test_the_page_refreshes_itself_until_the_statistics_are_there(browser, live_server, app):
    pool = pool_scene()
    for x, y in zip("yynnyy", "yynyyn"):
        add_session(pool, [{"greeting": {"y": "yes", "n": "no"}[x]}, {"greeting": {"y": "yes", "n": "no"}[y]}])
    day = pool.sessions[0].deadline_at.date()
    page = browser.new_context().new_page()
    errors = watch_for_errors(page)
    sign_in(page, live_server, pool.lead.email)
    page.goto(f"{live_server}/calibration/")
    page.click("[data-testid=agreement-link]")
    page.select_option("select[name=version]", label=f"{pool.scorecard.versions[0].label} (published)")
    page.fill("input[name=from]", (day - timedelta(days=1)).isoformat())
    page.fill("input[name=to]", (day + timedelta(days=1)).isoformat())
    page.click("text=Show")
    expect(page.locator("[data-testid=report-computing]")).to_be_visible()
    expect(page.locator("[data-testid=pool-counts]")).to_contain_text("6 session(s), 6 interaction(s), 2 reviewer(s)")
    run_pending_jobs()   # what a worker does; the page is not touched
    expect(page.locator("[data-testid=agreement-greeting]")).to_contain_text("0.31", timeout=10_000)
    expect(page.locator("[data-testid=report-computing]")).to_have_count(0)
    assert errors == []
