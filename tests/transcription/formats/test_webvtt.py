"""WebVTT captions: voices, tags, header blocks and malformed timings."""
import pytest

from transcription.formats.base import FormatError, ParsedUtterance, SpeakerLabels
from transcription.formats.webvtt import parse_webvtt

LABELS = SpeakerLabels()

CALL = """WEBVTT - support call 42
Kind: captions
Language: en

NOTE exported by the dialer;
speaker names from the agent desktop

STYLE
::cue { color: white }

1
00:00:01.200 --> 00:00:04.500 align:start position:10%
<v Agent>Thank you for calling Acme, this is <i>Sam</i>.</v>

2
00:00:05.000 --> 00:00:07.250
<v.loud Customer>Hi Sam &amp; hello.</v>
<v Customer>My router keeps <c.yellow>dropping</c> out.</v>

00:07.500 --> 00:09.000
<v Customer>Since Monday.
<v Agent>I see.

intro-4
01:00:01.000 --> 01:00:02.500
Agent: Let me <00:01:00.500>check &lt;ticket 77&gt;.

00:01:03.000 --> 00:01:04.000
[line noise]
"""


def test_a_call_with_voices_prefixes_and_tags():
    [conversation] = parse_webvtt(CALL.encode(), LABELS)
    assert conversation.utterances == [
        ParsedUtterance("agent", "Thank you for calling Acme, this is Sam.", "Agent", start=1.2, end=4.5),
        ParsedUtterance("customer", "Hi Sam & hello.\nMy router keeps dropping out.", "Customer", start=5.0, end=7.25),
        ParsedUtterance("customer", "Since Monday.", "Customer", start=7.5, end=9.0),
        ParsedUtterance("agent", "I see.", "Agent", start=7.5, end=9.0),
        ParsedUtterance("agent", "Let me check <ticket 77>.", "Agent", start=3601.0, end=3602.5),
        ParsedUtterance("unknown", "[line noise]", None, start=63.0, end=64.0),
    ]


def test_named_voices_get_their_role_from_the_labels():
    data = b"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Dana Smith>Hello\n\n00:01.000 --> 00:02.000\n<v Rep>Hi Dana\n"
    [conversation] = parse_webvtt(data, LABELS)
    assert [(u.speaker, u.speaker_name) for u in conversation.utterances] == [("unknown", "Dana Smith"),
                                                                             ("agent", "Rep")]


def test_bidi_entities_and_rtl_text():
    data = "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Customer>&rlm;שלום\u202e, אני צריך עזרה\n".encode()
    [conversation] = parse_webvtt(data, LABELS)
    assert conversation.utterances[0].text == "שלום, אני צריך עזרה"


def test_a_file_without_the_header_is_refused():
    with pytest.raises(FormatError, match=r"^line 1: a WebVTT file must start with the line 'WEBVTT'\."):
        parse_webvtt(b"WEBVTTX\n\n00:00.000 --> 00:01.000\nhi\n", LABELS)


@pytest.mark.parametrize("data, message", [
    (b"WEBVTT\n\n1\n00:00:01.000 -> 00:00:02.000\nhi\n",
     "line 4: '00:00:01.000 -> 00:00:02.000' is not a cue timing. Cue timings are written like"),
    (b"WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nhi\n", "line 3: '00:00:01,000 --> 00:00:02,000' is not a cue timing."),
    (b"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nhi\n", "line 3: the cue ends before it starts."),
    (b"WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n\nthere\nagain\n", "line 6: a block without a cue timing."),
    (b"WEBVTT\n\nNOTE nothing here\n", "The WebVTT file has no cues with text."),
])
def test_malformed_cues_are_refused_with_their_line(data, message):
    with pytest.raises(FormatError) as caught:
        parse_webvtt(data, LABELS)
    assert str(caught.value).startswith(message)
