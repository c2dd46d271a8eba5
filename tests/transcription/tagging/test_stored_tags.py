"""Tags are found while processing, kept with their evidence, exported, and shown as chips."""
from qa.extensions import db
from qa.jobs.services import run_pending_jobs
from qa.roles import Role
from tests.transcription.recordings import STEREO_CALL
from transcription.export import interaction_document
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction

CHAT = (b"Agent: Good morning, thanks for contacting Northwind.\n"
        b"Customer: I was charged twice and I want my money back. My card is 4111 1111 1111 1111.\n"
        b"Agent: I'm sorry to hear that, please bear with me.\n")


def processed(data: bytes, name: str) -> Interaction:
    [result] = import_file(data, name, ImportOptions())
    db.session.commit()
    run_pending_jobs()
    return db.session.get(Interaction, result.interaction_id)


def test_tags_are_exported_with_their_evidence(app):
    document = interaction_document(processed(CHAT, "chat.txt"))
    tags = {(t["key"], t["utterance"]) for t in document["tags"]}
    assert {("agent.greeting", 0), ("reason.billing", 1), ("reason.refund", 1), ("pii.card_number", 1),
            ("agent.empathy", 2), ("agent.hold_request", 2)} <= tags
    for tag in document["tags"]:
        assert set(tag) == {"key", "utterance", "span", "time", "source"} and tag["source"] == "rule"
    refund = next(t for t in document["tags"] if t["key"] == "reason.refund")
    text = document["utterances"][refund["utterance"]]["text"]
    assert text[refund["span"][0]:refund["span"][1]] == "money back"
    card = next(t for t in document["tags"] if t["key"] == "pii.card_number")
    assert text[card["span"][0]:card["span"][1]] == "[CARD_NUMBER]"


def test_tags_on_a_call_carry_the_time_in_the_recording(app):
    interaction = processed(STEREO_CALL.read_bytes(), "call.wav")
    assert all(hit.time is not None and 0 <= hit.time <= interaction.duration_seconds for hit in interaction.tag_hits)


def test_the_page_shows_tag_chips_that_point_at_their_evidence(client_for, app):
    interaction = processed(CHAT, "chat.txt")
    page = client_for(Role.REVIEWER).get(f"/interactions/{interaction.id}").get_data(as_text=True)
    assert 'data-testid="tags"' in page and "Contact reason" in page and "PII found" in page
    assert 'data-jump-to="1"' in page and '>refund</button>' in page
