"""In headless Chromium: upload a stereo call, wait until it is ready, click a line, the audio moves."""
import threading

import pytest

from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from tests.qa.web.test_browser import sign_in
from tests.support import role_email
from tests.transcription.recordings import LIBRIVOX, encode, place, speech

pytestmark = pytest.mark.browser


def test_upload_a_stereo_call_and_play_from_a_transcript_line(app, page, live_server, make_user, tmp_path):
    make_user(Role.REVIEWER, email=role_email(Role.REVIEWER))
    first, second = speech(LIBRIVOX[0]), speech(LIBRIVOX[1])
    later = len(first) / 16000 + 2.0
    call = encode(tmp_path / "call.wav", [place(later + 12, (0, first)), place(later + 12, (later, second))])

    sign_in(page, live_server, role_email(Role.REVIEWER))
    page.click("[data-testid=main-nav] >> text=Import")
    page.set_input_files("input[name=files]", str(call))
    page.click("main button[type=submit]")
    page.click("[data-testid=import-results] a")
    assert page.locator("[data-testid=status]").inner_text() in ("received", "processing")

    # The page polls for progress; a worker (here: a thread running the queued jobs) makes it ready.
    def work():
        with app.app_context():
            run_pending_jobs()
    worker = threading.Thread(target=work)
    worker.start()
    page.wait_for_selector("[data-testid=status]:text('ready')", timeout=60_000)
    worker.join()

    customer_line = page.locator("li.speaker-customer[data-start]").first
    start = float(customer_line.get_attribute("data-start"))
    assert start > 5
    page.wait_for_function("document.querySelector('[data-player]').readyState >= 1")
    customer_line.click()
    page.wait_for_function(f"document.querySelector('[data-player]').currentTime >= {start - 0.05}")
    page.wait_for_selector("li.speaker-customer.playing")
