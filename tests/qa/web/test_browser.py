"""The real pages in headless Chromium: each role signs in and sees its own navigation."""
import pytest

from qa.accounts import services
from qa.roles import Role
from tests.support import PASSWORD, role_email

pytestmark = pytest.mark.browser

MAIN = ["Home", "People", "Interactions", "Import", "Reviews", "Evaluations", "Disputes", "Calibration",
        "Certification"]
MANAGEMENT = ["Quality", "Scorecards", "Assignments", "Sampling rules"]
# The main entries, then those after the separator (setup and management).
NAVIGATION = {
    Role.ADMIN: MAIN + ["Coaching", "Users", "Teams", "Jobs", "Tag rules"] + MANAGEMENT + ["Audit log"],
    Role.QA_LEAD: MAIN + ["Coaching"] + MANAGEMENT + ["Audit log"],
    Role.REVIEWER: MAIN + ["Scorecards"],
    Role.TRAINER: ["Home", "People", "Interactions", "Evaluations", "Coaching"],
    Role.AGENT: ["Home", "Interactions", "Evaluations", "My coaching"],
}


def sign_in(page, live_server, email, password=PASSWORD):
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_each_role_signs_in_and_sees_its_navigation(page, live_server, make_user, role, tmp_path):
    make_user(role, email=role_email(role))
    sign_in(page, live_server, role_email(role))
    page.wait_for_selector("[data-testid=main-nav]")
    assert page.locator("[data-testid=main-nav] a").all_inner_texts() == NAVIGATION[role]
    assert page.locator("h1").inner_text() == f"Welcome, Test {role.label}"
    page.screenshot(path=str(tmp_path / f"home-{role.value}.png"), full_page=True)
    page.click("text=Sign out")
    page.wait_for_selector("text=You are signed out.")


def test_a_wrong_password_shows_a_message_in_the_page(page, live_server, make_user):
    make_user(Role.AGENT, email=role_email(Role.AGENT))
    sign_in(page, live_server, role_email(Role.AGENT), "not-my-password")
    assert "Wrong e-mail or password" in page.locator(".flash-error").inner_text()


def test_an_agent_sent_to_an_admin_page_is_told_why(page, live_server, make_user):
    make_user(Role.AGENT, email=role_email(Role.AGENT))
    sign_in(page, live_server, role_email(Role.AGENT))
    page.wait_for_selector("[data-testid=main-nav]")
    response = page.goto(f"{live_server}/admin/users")
    assert response.status == 403
    assert "does not give access" in page.content()


def test_admin_adds_a_user_in_the_browser(page, live_server, make_user):
    make_user(Role.ADMIN, email=role_email(Role.ADMIN))
    services.create_team("Browser Team")
    from qa.extensions import db
    db.session.commit()
    sign_in(page, live_server, role_email(Role.ADMIN))
    page.click("[data-testid=main-nav] >> text=Users")
    page.click("text=Add user")
    page.fill("input[name=email]", "browser.made@test.example.com")
    page.fill("input[name=name]", "Browser Made")
    page.check("input[name=roles][value=agent]")
    page.select_option("select[name=team_id]", label="Browser Team")
    page.click("main button[type=submit]")
    link = page.locator("[data-testid=invitation-link]").input_value()
    assert "/invitation/" in link
    page.click("text=Back to users")
    assert "Browser Made" in page.locator("[data-testid=users-table]").inner_text()
