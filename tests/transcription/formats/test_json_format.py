"""Callibrate's JSON format: the schema, what it accepts, and how it explains refusals."""
import json
from datetime import datetime

import pytest
from jsonschema import Draft202012Validator

from transcription.formats.base import FormatError, ParsedUtterance, SpeakerLabels
from transcription.formats.json_format import interaction_schema, parse_json

LABELS = SpeakerLabels()
CHAT = {
    "source_id": "chat-8812",
    "channel": "chat",
    "started_at": "2024-05-01T12:02:00+02:00",
    "agent": "sam@acme.example",
    "metadata": {"queue": "billing", "csat": 4},
    "utterances": [
        {"speaker": "agent", "speaker_name": "Sam", "sent_at": "2024-05-01T10:02:11Z",
         "text": "Thanks for contacting Acme, this is Sam."},
        {"speaker_name": "Customer", "sent_at": "2024-05-01T10:02:41Z", "text": "I was charged twice."},
    ],
}


def parse(document) -> list:
    return parse_json(json.dumps(document).encode(), LABELS)


def test_the_schema_is_valid_draft_2020_12():
    Draft202012Validator.check_schema(interaction_schema())
    assert interaction_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_one_conversation_with_every_field():
    [conversation] = parse(CHAT)
    assert (conversation.source_id, conversation.channel, conversation.agent_email) == (
        "chat-8812", "chat", "sam@acme.example")
    assert conversation.started_at == datetime(2024, 5, 1, 10, 2)
    assert conversation.metadata == {"queue": "billing", "csat": 4}
    assert conversation.utterances == [
        ParsedUtterance("agent", "Thanks for contacting Acme, this is Sam.", "Sam", start=0.0,
                        sent_at=datetime(2024, 5, 1, 10, 2, 11)),
        ParsedUtterance("customer", "I was charged twice.", "Customer", start=30.0,
                        sent_at=datetime(2024, 5, 1, 10, 2, 41)),
    ]


def test_a_collection_or_an_array_of_calls_with_offsets():
    call = {"channel": "phone", "utterances": [
        {"speaker": "customer", "start": 0.4, "end": 2.5, "text": "Hi, I need to cancel."},
        {"speaker": "unknown", "speaker_name": "Agent", "start": 2.9, "end": 4.0, "text": "Sure."}]}
    for document in ({"conversations": [call, CHAT]}, [call, CHAT]):
        first, second = parse(document)
        assert first.utterances == [ParsedUtterance("customer", "Hi, I need to cancel.", start=0.4, end=2.5),
                                    ParsedUtterance("unknown", "Sure.", "Agent", start=2.9, end=4.0)]
        assert first.started_at is None and second.source_id == "chat-8812"


def test_invisible_controls_written_as_escapes_are_removed():
    [conversation] = parse_json(b'{"utterances": [{"speaker": "customer", "text": "pay \\u202eevil\\u202c now"}]}',
                                LABELS)
    assert conversation.utterances[0].text == "pay evil now"


@pytest.mark.parametrize("document, message", [
    ({"utterances": [{"speaker": "bot", "text": "hi"}]},
     "$.utterances[0].speaker: 'bot' is not accepted. Expected one of \"agent\", \"customer\", \"unknown\"."),
    ({"conversations": [{"utterances": [{"text": "hi"}]}]},
     "$.conversations[0].utterances[0]: neither \"speaker\" nor \"speaker_name\" is given. Expected an utterance"),
    ([{"utterances": [{"speaker": "agent", "text": "hi", "sent_at": "yesterday"}]}],
     "$[0].utterances[0].sent_at: 'yesterday' is not accepted. Expected an ISO 8601 date-time like"),
    ({"utterances": [{"speaker": "agent", "text": "hi", "start": -1}]},
     "$.utterances[0].start: -1 is not accepted. Expected seconds from the start"),
    ({"utterances": [{"speaker": "agent", "text": "  "}]},
     "$.utterances[0].text: it is blank. Expected the words said or written"),
    ({"utterances": [{"speaker": "agent", "text": "x" * 5_000_000}]},
     "$.utterances[0].text: 5,000,000 characters is too long. Expected the words said or written: a non-blank "
     "string of at most 20000 characters."),
    ({"utterences": [], "channel": "fax"}, "$: 'utterances' is a required property. Expected a conversation object"),
    ({"utterances": [{"speaker": "agent", "text": "hi"}], "subject": "x"},
     "$: unexpected field 'subject'. Expected a conversation object"),
    ({"utterances": []}, "$.utterances: the array is empty. Expected a non-empty array of utterances."),
    ([], "$: the array is empty. Expected a non-empty array of conversations."),
    ("just a string", "$: found a string. Expected a conversation object"),
    ({"utterances": [{"speaker": "agent", "text": "hi", "sent_at": "2024-02-30T10:00:00Z"}]},
     "$.utterances[0].sent_at: '2024-02-30T10:00:00Z' is not a real date and time."),
    ({"utterances": [{"speaker": "agent", "text": "hi", "start": 5, "end": 4}]},
     "$.utterances[0].end: 4 is before start 5."),
])
def test_refusals_name_the_json_path_and_what_is_accepted(document, message):
    with pytest.raises(FormatError) as caught:
        parse(document)
    assert str(caught.value).startswith(message)


def test_truncated_json_says_where():
    truncated = b'{\n  "source_id": "chat-8812",\n  "utterances": [\n    {"speaker": "agent", "text": "Hel'
    with pytest.raises(FormatError) as caught:
        parse_json(truncated, LABELS)
    assert str(caught.value) == (
        "The JSON file is not valid JSON: Unterminated string starting at (line 4, column 34). Upload one "
        'conversation {"utterances": [{"speaker": "agent", "text": "..."}]}, an array of them, '
        'or {"conversations": [...]}.')


@pytest.mark.parametrize("data, message", [
    (b'{"utterances": [{"speaker": "agent", "text": "hi", "start": NaN}]}', "contains NaN, which is not a JSON number"),
    (b"[" * 100_000, "nested too deeply to be a transcript"),
    (b"", "The JSON file is empty"),
])
def test_other_unreadable_json(data, message):
    with pytest.raises(FormatError, match=message):
        parse_json(data, LABELS)
