"""The interaction pages: list and filters, import form, the interaction page, media, swap and retry."""
import io
from datetime import datetime

from qa.extensions import db
from qa.roles import Role
from tests.support import post_form
from tests.transcription.conversations import imported
from tests.transcription.recordings import STEREO_CALL
from transcription.models import Interaction, SpeakerSwap


def test_list_filters_by_channel_and_date_and_agents_see_only_their_own(client_for, make_user):
    reviewer = client_for(Role.REVIEWER)
    agent = client_for(Role.AGENT)
    mine = imported(b"Agent: mine\n", "a.txt", agent_id=agent.user.id, channel="chat",
                    started_at=datetime(2026, 11, 2, 9))
    other = imported(b"Agent: other\n", "b.txt", channel="email", started_at=datetime(2026, 10, 1, 9))
    page = reviewer.get("/interactions/?channel=email").get_data(as_text=True)
    assert f'href="/interactions/{other.id}"' in page and f'href="/interactions/{mine.id}"' not in page
    page = reviewer.get("/interactions/?date_from=2026-11-01").get_data(as_text=True)
    assert f'href="/interactions/{mine.id}"' in page and f'href="/interactions/{other.id}"' not in page
    page = agent.get("/interactions/").get_data(as_text=True)
    assert f'href="/interactions/{mine.id}"' in page and f'href="/interactions/{other.id}"' not in page
    assert agent.get(f"/interactions/{other.id}").status_code == 404
    assert reviewer.get("/interactions/?min_minutes=-3").status_code == 400


def test_the_import_page_takes_many_files_and_reports_each(client_for):
    reviewer = client_for(Role.REVIEWER)
    response = post_form(reviewer, "/interactions/import", {
        "files": [(io.BytesIO(b"Agent: Hello\nCustomer: Hi\n"), "chat.txt"), (io.BytesIO(b"\x00"), "bad.txt"),
                  (STEREO_CALL.open("rb"), "call.wav")], "channel": ""},
        token_from="/interactions/import", content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count("badge-succeeded") == 2 and "looks like a binary file" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Interaction)) == 2


def test_the_interaction_page_shows_the_transcript_metrics_and_serves_audio_ranges(client_for):
    reviewer = client_for(Role.REVIEWER)
    call = imported(STEREO_CALL.read_bytes(), "call.wav")
    page = reviewer.get(f"/interactions/{call.id}").get_data(as_text=True)
    assert "confused complaint against the wizard" in page and 'data-testid="metrics"' in page
    assert 'data-start="0.0"' in page and "speaker-customer" in page
    media = reviewer.get(f"/interactions/{call.id}/media", headers={"Range": "bytes=0-99"})
    assert media.status_code == 206 and len(media.data) == 100
    assert reviewer.get(f"/interactions/{call.id}/status").json["status"] == "ready"


def test_swapping_speakers_is_audited_and_recomputes_metrics(client_for):
    lead = client_for(Role.QA_LEAD)
    call = imported(STEREO_CALL.read_bytes(), "call.wav")
    before = dict(call.metrics)
    assert post_form(lead, f"/interactions/{call.id}/swap-speakers").status_code == 302
    db.session.expire_all()
    call = db.session.get(Interaction, call.id)
    assert call.agent_channel == "right"
    assert "horizon" in next(u.text for u in call.utterances if u.speaker == "agent").lower()
    assert call.metrics["agent_talk_seconds"] == before["customer_talk_seconds"]
    assert call.metrics["longest_agent_monologue_seconds"] is not None
    assert db.session.scalar(db.select(SpeakerSwap.user_id)) == lead.user.id


def test_retry_is_refused_unless_failed_and_agents_cannot_retry(client_for):
    chat = imported(b"Agent: Hello\n", "chat.txt")
    assert post_form(client_for(Role.REVIEWER), f"/interactions/{chat.id}/retry").status_code == 400
    assert post_form(client_for(Role.AGENT), f"/interactions/{chat.id}/retry").status_code == 403


def test_user_text_in_transcripts_is_escaped(client_for):
    chat = imported(b"Customer: <script>alert(1)</script>\n", "x.txt")
    page = client_for(Role.REVIEWER).get(f"/interactions/{chat.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_redacted_spans_are_marked_and_text_stays_escaped(client_for):
    chat = imported(b"Customer: <b>hi</b> my card is 4111 1111 1111 1111\n", "pii.txt")
    page = client_for(Role.REVIEWER).get(f"/interactions/{chat.id}").get_data(as_text=True)
    assert '<mark class="redacted" title="card number">[CARD_NUMBER]</mark>' in page
    assert "&lt;b&gt;hi&lt;/b&gt;" in page and "4111" not in page
