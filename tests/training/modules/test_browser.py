"""In headless Chromium: a module whose text attacks the page runs nothing (even with the site's Content Security
Policy switched off, so the sanitiser alone is tested), the editor's live preview renders on the server, and a
module's clip plays its cut audio, as long as the clip."""
import time

import pytest

from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from tests.qa.web.test_browser import sign_in
from tests.support import role_email
from tests.training.modules.builders import processed_call, published_module
from training.modules.clips import add_clip

pytestmark = pytest.mark.browser

ATTACK = """# Handling refunds

<img src=x onerror=alert('img')>

<script>alert('script')</script>

[click me](javascript:alert('link'))

<div onmouseover="alert('hover')" style="position:fixed;inset:0">raw html</div>

<iframe src="javascript:alert('frame')"></iframe>

**Still here.**
"""


@pytest.fixture
def unprotected_page(browser):
    """A page with the Content Security Policy ignored: only the sanitiser stands between the text and a script."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def eventually(condition, what: str, timeout: float = 10.0) -> None:
    """Poll from here: the site's CSP forbids the eval that page.wait_for_function's polling needs."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def dialogs_of(page) -> list[str]:
    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    return fired


def assert_inert(page, selector: str) -> None:
    body = page.locator(selector)
    assert body.locator("script, iframe, [onerror], [onmouseover], [style]").count() == 0
    assert body.locator("a[href^='javascript' i]").count() == 0
    assert body.locator("img").count() == 0


def test_a_module_text_that_attacks_the_page_runs_nothing(app, unprotected_page, live_server, make_user):
    page = unprotected_page
    trainer = make_user(Role.TRAINER, email=role_email(Role.TRAINER))
    make_user(Role.AGENT, email=role_email(Role.AGENT))
    module = published_module(trainer, body=ATTACK)
    fired = dialogs_of(page)
    sign_in(page, live_server, role_email(Role.AGENT))
    page.goto(f"{live_server}/coaching/modules/{module.id}")
    body = "[data-testid=module-body]"
    page.wait_for_selector(f"{body} strong:text('Still here.')")
    page.hover(body)
    page.get_by_text("click me").click()
    page.wait_for_timeout(300)
    assert fired == []
    assert_inert(page, body)
    assert page.locator(f"{body} h1").inner_text() == "Handling refunds"
    assert "<script>alert('script')</script>" in page.locator(body).inner_text(), "raw HTML is shown as text"


def test_the_editors_live_preview_is_rendered_by_the_server_and_sanitised(app, unprotected_page, live_server,
                                                                          make_user):
    page = unprotected_page
    make_user(Role.TRAINER, email=role_email(Role.TRAINER))
    fired = dialogs_of(page)
    sign_in(page, live_server, role_email(Role.TRAINER))
    page.goto(f"{live_server}/coaching/modules/new")
    page.fill("textarea[name=body]", ATTACK)
    page.wait_for_selector("[data-testid=preview] strong:text('Still here.')")
    page.hover("[data-testid=preview]")
    page.wait_for_timeout(300)
    assert fired == []
    assert_inert(page, "[data-testid=preview]")


def test_a_module_clip_plays_its_cut_audio(app, page, live_server, make_user):
    trainer = make_user(Role.TRAINER, email=role_email(Role.TRAINER))
    make_user(Role.AGENT, email=role_email(Role.AGENT))
    call = processed_call()
    module = published_module(trainer, body="Listen for the pause before the answer.")
    clip = add_clip(module.id, call.id, "golden", "A patient answer", "Notice the pause.", start=1.0, end=3.5,
                    actor_id=trainer.id)
    add_clip(module.id, call.id, "avoid", "Talking over", start=0.0, end=1.5, actor_id=trainer.id)
    db.session.commit()
    run_pending_jobs()

    sign_in(page, live_server, role_email(Role.AGENT))
    page.goto(f"{live_server}/coaching/modules/{module.id}")
    golden, avoid = page.locator("[data-testid=clip]").all()
    assert golden.get_attribute("data-kind") == "golden" and "Golden example" in golden.inner_text()
    assert avoid.get_attribute("data-kind") == "avoid" and "What not to do" in avoid.inner_text()
    audio = golden.locator("audio[data-testid=clip-audio]")
    assert audio.get_attribute("src") == f"/coaching/modules/{module.id}/clips/{clip.id}/audio"
    eventually(lambda: audio.evaluate("element => element.readyState") >= 1, "the clip's metadata")
    assert audio.evaluate("element => element.duration") == pytest.approx(2.5, abs=0.1)
    audio.evaluate("element => { element.muted = true; return element.play(); }")
    eventually(lambda: audio.evaluate("element => element.currentTime") > 0.5, "the clip playing")
    assert golden.locator("[data-testid=clip-lines] li").count() == len(clip.transcript) > 0


def test_a_picture_attached_to_the_module_shows_in_its_text(app, page, live_server, make_user):
    from tests.training.modules.files import png
    from training.modules.attachments import add_attachment

    trainer = make_user(Role.TRAINER, email=role_email(Role.TRAINER))
    make_user(Role.AGENT, email=role_email(Role.AGENT))
    module = published_module(trainer)
    picture = add_attachment(module.id, png(4, 3), "diagram.png", trainer.id)
    module.body = f"![The three steps](/coaching/modules/{module.id}/attachments/{picture.id})"
    db.session.commit()
    sign_in(page, live_server, role_email(Role.AGENT))
    page.goto(f"{live_server}/coaching/modules/{module.id}")
    image = page.locator("[data-testid=module-body] img[alt='The three steps']")
    eventually(lambda: image.evaluate("element => element.complete"), "the picture")
    assert image.evaluate("element => [element.naturalWidth, element.naturalHeight]") == [4, 3]
