"""The import service: every door ends here. Idempotency, bad input, batches that go on."""
import json

import pytest

from qa.extensions import db
from qa.jobs.models import Job
from qa.jobs.services import run_pending_jobs
from qa.storage import storage_root
from tests.transcription.recordings import STEREO_CALL
from transcription.imports import ImportOptions, import_file
from transcription.models import Interaction

CHAT = b"[10:02:11] Agent: Hi, this is Sam at Acme.\n[10:02:30] Customer: My parcel is late.\n"
CSV_TWO = (b"conversation_id,timestamp,sender,message\n"
           b"T-1,2026-11-01T10:00:00,agent,Hello\nT-1,2026-11-01T10:00:20,customer,Where is my order?\n"
           b"T-2,2026-11-02T11:00:00,customer,Refund please\nT-2,2026-11-02T11:01:00,agent,Done\n")
EMAIL = (b"From: Jane Roe <jane@customer.example>\r\nTo: help@shop.example\r\nSubject: Broken kettle\r\n"
         b"Message-ID: <a1@customer.example>\r\nDate: Mon, 02 Nov 2026 10:00:00 +0000\r\n\r\n"
         b"My kettle arrived broken.\r\n")
VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n<v Agent>Thanks for calling.\n\n" \
      b"00:00:04.000 --> 00:00:06.000\n<v Customer>Hi there.\n"
JSON_DOC = json.dumps({"source_id": "crm-77", "channel": "social", "utterances": [
    {"speaker": "customer", "text": "Your app crashes"}, {"speaker": "agent", "text": "Sorry, which phone?"}]}).encode()


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def stored_files() -> list:
    return [p for p in storage_root().rglob("*") if p.is_file()]


@pytest.mark.parametrize("name, data, expected", [
    ("chat.txt", CHAT, [("agent", "Hi, this is [PERSON_NAME]."), ("customer", "My parcel is late.")]),  # the model takes "Sam at Acme" as the name
    ("thread.eml", EMAIL, [("unknown", "My kettle arrived broken.")]),  # no agent addresses configured
    ("captions.vtt", VTT, [("agent", "Thanks for calling."), ("customer", "Hi there.")]),
    ("doc.json", JSON_DOC, [("customer", "Your app crashes"), ("agent", "Sorry, which phone?")]),
])
def test_each_text_format_becomes_a_ready_interaction(app, name, data, expected):
    [result] = import_file(data, name, ImportOptions())
    db.session.commit()
    run_pending_jobs()
    interaction = db.session.get(Interaction, result.interaction_id)
    assert interaction.status == "ready" and interaction.media_kind == "text"
    assert [(u.speaker, u.text) for u in interaction.utterances] == expected


def test_email_senders_are_agents_when_their_address_is_configured(app_factory):
    app = app_factory(AGENT_EMAIL_ADDRESSES=["@shop.example"])
    with app.app_context():
        [result] = import_file(EMAIL, "thread.eml", ImportOptions())
        db.session.commit()
        run_pending_jobs()
        interaction = db.session.get(Interaction, result.interaction_id)
        assert [u.speaker for u in interaction.utterances] == ["customer"]
        assert interaction.channel == "email"


def test_json_channel_and_source_id_are_kept(app):
    [result] = import_file(JSON_DOC, "doc.json", ImportOptions())
    interaction = db.session.get(Interaction, result.interaction_id)
    assert (interaction.source_id, interaction.channel) == ("crm-77", "social")


def test_a_csv_holds_many_conversations(app):
    results = import_file(CSV_TWO, "export.csv", ImportOptions())
    assert [r.source_id for r in results] == ["T-1", "T-2"] and all(r.status == "received" for r in results)


def test_reimporting_the_same_file_or_source_id_duplicates_nothing(app):
    first = import_file(CSV_TWO, "export.csv", ImportOptions())
    db.session.commit()
    again = import_file(CSV_TWO, "renamed.csv", ImportOptions())
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert [r.interaction_id for r in again] == [r.interaction_id for r in first]
    edited = CSV_TWO.replace(b"Refund please", b"Refund please!!")  # same ticket id, new content
    assert [r.status for r in import_file(edited, "x.csv", ImportOptions())] == ["duplicate", "duplicate"]
    call = STEREO_CALL.read_bytes()
    assert import_file(call, "a.wav", ImportOptions())[0].status == "received"
    assert import_file(call, "b.wav", ImportOptions())[0].status == "duplicate"
    assert count(Interaction) == 3 and count(Job) == 3


BAD_FILES = [
    ("empty.txt", b"", "empty"),
    ("binary.txt", b"Agent: hi\x00\x00\x01", "binary"),
    ("latin1.txt", "Agent: café".encode("latin-1"), "UTF-8"),
    ("truncated.json", b'{"utterances": [{"speaker": "agent", "te', "JSON"),
    ("nocols.csv", b"alpha,beta\n1,2\n", "column"),
    ("broken.vtt", b"WEBVTT\n\n00:00:01.000 --> banana\nhello\n", "line"),
    ("noise.wav", b"RIFF\x0f\x00\x00\x00WAVEfmt garbage", "audio"),
    ("huge.txt", b"Agent: " + b"x" * (5 * 1024 * 1024), "line"),
    ("nolabel.txt", b"hello there\nno labels at all\n", "label"),
]


@pytest.mark.parametrize("name, data, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_with_a_reason_and_nothing_is_stored(app, name, data, reason):
    [result] = import_file(data, name, ImportOptions())
    db.session.commit()
    assert result.status == "failed" and result.interaction_id is None
    assert reason.lower() in result.error.lower(), result.error
    assert count(Interaction) == 0 and count(Job) == 0 and stored_files() == []


def test_a_bad_file_does_not_stop_the_rest_of_the_batch(app):
    batch = [("good.txt", CHAT), ("bad.txt", b"\x00"), ("also-good.vtt", VTT)]
    results = [r for name, data in batch for r in import_file(data, name, ImportOptions())]
    db.session.commit()
    assert [r.status for r in results] == ["received", "failed", "received"]
    assert count(Interaction) == 2


def test_the_clients_file_name_is_never_a_path(app):
    [result] = import_file(CHAT, "../../etc/passwd.txt", ImportOptions())
    interaction = db.session.get(Interaction, result.interaction_id)
    assert interaction.original_filename == "passwd.txt"
    assert ".." not in interaction.media_path and "passwd" not in interaction.media_path
    assert all(storage_root() in p.parents for p in stored_files())


def test_text_safety_zero_width_and_bidi_controls_removed_rtl_kept(app):
    data = "Agent: שלום\u200b, how can I help?\u202e\nCustomer: مرحبا".encode()
    [result] = import_file(data, "rtl.txt", ImportOptions())
    db.session.commit()
    run_pending_jobs()
    texts = [u.text for u in db.session.get(Interaction, result.interaction_id).utterances]
    assert texts == ["שלום, how can I help?", "مرحبا"]


def test_files_over_the_size_limit_are_refused(app_factory):
    app = app_factory(MAX_UPLOAD_MB=1)
    with app.app_context():
        [result] = import_file(b"Agent: hi\n" * 200_000, "big.txt", ImportOptions())
        assert result.status == "failed" and "1 MB" in result.error


def test_an_unknown_channel_is_refused(app):
    [result] = import_file(CHAT, "chat.txt", ImportOptions(channel="fax"))
    assert result.status == "failed" and "phone, chat, email or social" in result.error


def test_losing_a_race_to_a_concurrent_import_is_a_duplicate_and_leaves_no_file(app, monkeypatch):
    from transcription import imports

    [first] = import_file(CHAT, "chat.txt", ImportOptions())
    db.session.commit()
    real_existing, calls = imports._existing, []

    def racing(source_id, content_hash):  # the first check runs before the other import commits
        calls.append(source_id)
        return None if len(calls) == 1 else real_existing(source_id, content_hash)

    monkeypatch.setattr(imports, "_existing", racing)
    files_before = stored_files()
    [second] = import_file(CHAT, "chat.txt", ImportOptions())
    assert (second.status, second.interaction_id) == ("duplicate", first.interaction_id)
    assert stored_files() == files_before and count(Interaction) == 1
