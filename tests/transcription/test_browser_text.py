"""In headless Chromium: markup in a transcript is shown as text and never runs, on the interaction
page and in search results; a search result leads to its line."""
import pytest

from qa.roles import Role
from tests.qa.web.test_browser import sign_in
from tests.support import role_email
from tests.transcription.conversations import chat

pytestmark = pytest.mark.browser

HOSTILE = ('<script>window.pwned = "script"</script> my kettle <img src=x onerror="window.pwned = \'img\'"> '
           'is <b>broken</b>')


def test_markup_in_a_transcript_is_text_and_never_runs(app, page, live_server, make_user):
    make_user(Role.REVIEWER, email=role_email(Role.REVIEWER))
    interaction = chat("Agent: hello, how can I help?", f"Customer: {HOSTILE}", "Agent: I will replace the kettle")
    sign_in(page, live_server, role_email(Role.REVIEWER))

    page.goto(f"{live_server}/interactions/{interaction.id}")
    line = page.locator("[data-transcript] li[data-position='1'] .text")
    assert "<script>" in line.inner_text() and "onerror=" in line.inner_text()
    assert page.locator("[data-transcript] img, [data-transcript] b").count() == 0
    assert page.evaluate("window.pwned") is None

    page.goto(f"{live_server}/interactions/")
    page.fill("input[name=q]", "broken kettle")
    page.click("[data-testid=filters] button[type=submit]")
    hit = page.locator("[data-testid=search-results] li.search-hit").first
    assert [m.inner_text() for m in hit.locator(".matching mark.hit").all()] == ["kettle", "broken"]
    assert "<script>" in hit.locator(".matching .text").inner_text()
    assert page.evaluate("window.pwned") is None

    hit.locator(".hit-head a").click()
    page.wait_for_url(f"**/interactions/{interaction.id}#line-1")
    assert page.evaluate("document.querySelector(':target').dataset.position") == "1"
    assert page.evaluate("window.pwned") is None
