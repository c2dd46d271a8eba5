"""A review in headless Chromium, under the real CSP: from the queue to AutoQA's evidence, an override,
autosave and the live score, a reload that keeps everything, a pinned comment, and the submitted score."""
import re

import pytest
from playwright.sync_api import expect

from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.roles import Role
from tests.qa.reviews.builders import make_person
from tests.qa.reviews.review_scenes import assigned_review
from tests.qa.web.test_browser import sign_in

pytestmark = pytest.mark.browser


def test_a_reviewer_reviews_an_assignment_from_the_queue(app, page, live_server):
    problems = []  # script errors, CSP refusals, and anything the page asked for that failed (but the favicon)
    page.on("console", lambda message: problems.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("response", lambda response: problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    reviewer = make_person(Role.REVIEWER)
    assignment = assigned_review(reviewer)
    sign_in(page, live_server, reviewer.email)

    page.goto(f"{live_server}/reviews/")
    page.locator(f"tr[data-assignment='{assignment.id}'] button", has_text="Review").click()
    page.wait_for_url(re.compile(r"/reviews/\d+$"))
    evaluation_id = int(page.url.rsplit("/", 1)[1])

    greeting = page.locator("#criterion-greeting")
    expect(greeting.locator(".autoqa")).to_contain_text("AutoQA: yes — Greeting found in the agent's first turn.")
    expect(greeting.locator("input[value=yes]")).to_be_checked()
    greeting.locator(".evidence-links button", has_text="Line 1").click()
    expect(page.locator("[data-transcript] li[data-position='0']")).to_have_class(re.compile(r"\bevidence\b"))

    further = page.locator("#criterion-further_help")
    expect(further.locator("[data-overridden]")).to_be_hidden()
    further.locator("input[value=no]").check()
    expect(further.locator("[data-overridden]")).to_be_visible()
    further.locator("textarea").fill("Closed without offering more help.")
    page.locator("#criterion-courtesy input[value='5']").check()
    expect(page.locator("[data-save-status]")).to_have_text(re.compile(r"^Saved \d{1,2}:\d{2}"), timeout=10_000)
    # Opening 100 %; closing: no further help, courtesy 5 of 5 → 50 %; total 75 %.
    expect(page.locator("[data-score-total]")).to_have_text("75.0%")
    expect(page.locator("[data-score-note]")).to_have_text("")

    page.reload()
    expect(further.locator("input[value=no]")).to_be_checked()
    expect(further.locator("textarea")).to_have_value("Closed without offering more help.")
    expect(further.locator("[data-overridden]")).to_be_visible()

    page.locator("[data-transcript] li[data-position='3']").click()
    page.locator("[data-transcript] li[data-position='3'] .moment-offer").click()
    page.locator("[data-moment-text]").fill("Here was the chance to offer more help.")
    page.locator("[data-moment-form] button[type=submit]").click()
    expect(page.locator("[data-transcript] li[data-position='3'] .moment-pin")).to_contain_text("chance to offer")

    page.wait_for_timeout(1100)  # a little visible time to count
    page.locator("[data-testid=submit-review]").click()
    page.wait_for_load_state()
    expect(page.locator(".flash-success")).to_have_text("Review submitted: 75.0%.")
    db.session.expire_all()
    evaluation = db.session.get(Evaluation, evaluation_id)
    assert (evaluation.status, evaluation.score) == ("submitted", pytest.approx(75))
    assert evaluation.answer_for("further_help").overridden and evaluation.seconds_spent >= 1
    assert [m.position for m in evaluation.moments] == [3]
    assert not problems, problems


def test_a_second_tab_with_an_old_revision_is_told_and_overwrites_nothing(app, page, live_server, tmp_path):
    reviewer = make_person(Role.REVIEWER)
    assignment = assigned_review(reviewer)
    sign_in(page, live_server, reviewer.email)
    page.goto(f"{live_server}/reviews/")
    page.locator(f"tr[data-assignment='{assignment.id}'] button", has_text="Review").click()
    page.wait_for_url(re.compile(r"/reviews/\d+$"))
    other = page.context.new_page()
    other.goto(page.url)

    page.locator("#criterion-courtesy input[value='4']").check()
    expect(page.locator("[data-save-status]")).to_have_text(re.compile(r"^Saved "), timeout=10_000)
    other.locator("#criterion-courtesy input[value='1']").check()
    expect(other.locator("[data-save-status]")).to_have_text(
        re.compile(r"^Not saved: These answers were changed in another window"), timeout=10_000)
    page.screenshot(path=str(tmp_path / "review.png"))
    db.session.expire_all()
    evaluation = db.session.scalar(db.select(Evaluation).where(Evaluation.assignment_id == assignment.id))
    assert evaluation.answer_for("courtesy").value == "4"
