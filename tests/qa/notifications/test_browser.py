"""In headless Chromium: the bell shows the unread count; opening a notification follows its link."""
import pytest

from qa.audit import record
from qa.extensions import db
from qa.notifications import notify
from qa.roles import Role
from tests.qa.web.test_browser import sign_in
from tests.support import role_email

pytestmark = pytest.mark.browser


def watch_for_errors(page) -> list[str]:
    """Script errors and anything the Content Security Policy blocked."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    return errors


def test_bell_list_open_and_mark_all_read(page, live_server, make_user, tmp_path):
    agent = make_user(Role.AGENT, email=role_email(Role.AGENT))
    notify([agent.id], "evaluation.submitted", "Your call was scored 85%", "/interactions/")
    notify([agent.id], "dispute.resolved", "Your dispute was rejected", None)
    db.session.commit()
    errors = watch_for_errors(page)
    sign_in(page, live_server, role_email(Role.AGENT))
    assert page.locator("[data-testid=notification-bell] .count").inner_text() == "2"

    page.click("[data-testid=notification-bell]")
    page.wait_for_selector("[data-testid=notifications]")
    assert page.locator(".notification.unread").count() == 2
    page.screenshot(path=str(tmp_path / "notifications.png"), full_page=True)
    page.click("text=Your call was scored 85%")
    page.wait_for_url(f"{live_server}/interactions/")
    assert page.locator("[data-testid=notification-bell] .count").inner_text() == "1"

    page.click("[data-testid=notification-bell]")
    page.click("text=Mark all read")
    page.wait_for_selector("text=Marked 1 notification read.")
    assert page.locator("[data-testid=notification-bell] .count").count() == 0
    assert page.locator(".notification.unread").count() == 0
    assert errors == []


def test_audit_page_renders_under_the_csp(page, live_server, make_user, tmp_path):
    lead = make_user(Role.QA_LEAD, email=role_email(Role.QA_LEAD))
    record("evaluation.submitted", "evaluation", 4, lead.id, "Submitted an evaluation",
           before={"score": 70}, after={"score": 85})
    db.session.commit()
    errors = watch_for_errors(page)
    sign_in(page, live_server, role_email(Role.QA_LEAD))
    page.click("[data-testid=main-nav] >> text=Audit log")
    page.wait_for_selector("[data-testid=audit-table]")
    page.fill("input[name=action]", "evaluation")
    page.click("[data-testid=audit-filters] button[type=submit]")
    page.wait_for_url("**/admin/audit?action=evaluation*")
    assert page.locator("[data-testid=audit-entry]").count() == 1
    assert page.locator(".audit-changes dd").inner_text() == "70 → 85"
    page.screenshot(path=str(tmp_path / "audit.png"), full_page=True)
    assert errors == []
