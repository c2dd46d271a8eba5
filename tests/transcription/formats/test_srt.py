"""SubRip subtitles: numbered cues, speaker prefixes, tags and malformed timings."""
import pytest

from transcription.formats.base import FormatError, ParsedUtterance, SpeakerLabels
from transcription.formats.srt import parse_srt

LABELS = SpeakerLabels()

CALL = """1
00:00:00,500 --> 00:00:03,000
<i>Agent:</i> Thanks for holding,
how can I help?

2
00:00:03,200 --> 00:00:06,000 X1:40 X2:600 Y1:20 Y2:50
{\\an8}<font color="#ffff00">Caller: I'd like a refund.</font>

3
00:00:06,100 --> 00:00:07,5
(sighs)
"""


def test_a_call_with_prefixes_and_presentation_codes():
    [conversation] = parse_srt(CALL.encode(), LABELS)
    assert conversation.utterances == [
        ParsedUtterance("agent", "Thanks for holding,\nhow can I help?", "Agent", start=0.5, end=3.0),
        ParsedUtterance("customer", "I'd like a refund.", "Caller", start=3.2, end=6.0),
        ParsedUtterance("unknown", "(sighs)", None, start=6.1, end=7.5),
    ]


def test_windows_line_endings_a_bom_and_no_cue_numbers():
    data = b"\xef\xbb\xbf00:00:01,000 --> 00:00:02,000\r\nCustomer: hello\r\n\r\n"
    [conversation] = parse_srt(data, LABELS)
    assert conversation.utterances == [ParsedUtterance("customer", "hello", "Customer", start=1.0, end=2.0)]


@pytest.mark.parametrize("data, message", [
    (b"1\n00:00:01 --> 00:00:02\nhi\n", "line 2: '00:00:01 --> 00:00:02' is not an SRT timing line."),
    (b"1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nhello\n", "line 6: 'hello' is not an SRT timing line."),
    (b"1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n", "line 6: the cue number 2 has no timing line after it."),
    (b"1\n00:00:09,000 --> 00:00:02,000\nhi\n", "line 2: the cue ends before it starts."),
    (b"1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n", "The SRT file has no cues with text."),
    (b"Agent: this is a chat log\n", "line 1: 'Agent: this is a chat log' is not an SRT timing line."),
])
def test_malformed_cues_are_refused_with_their_line(data, message):
    with pytest.raises(FormatError) as caught:
        parse_srt(data, LABELS)
    assert str(caught.value).startswith(message)
    assert "'00:00:01,000 --> 00:00:04,000'" in str(caught.value)
