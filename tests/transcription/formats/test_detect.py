"""Choosing the parser by content, with the file name only as a tie-breaker."""
import codecs
import json

import pytest

from transcription.formats import (FORMATS, FormatError, ParsedUtterance, SpeakerLabels, detect_transcript_format,
                                   parse_transcript)
from transcription.formats.detect import extension_of

LABELS = SpeakerLabels()
SAMPLES = {
    "webvtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Agent>Hello\n",
    "srt": b"1\n00:00:00,000 --> 00:00:01,000\nAgent: Hello\n",
    "json": json.dumps({"utterances": [{"speaker": "agent", "text": "Hello"}]}).encode(),
    "mbox": b"From sam@acme.example Thu Jan  1 00:00:00 2024\nFrom: Agent <sam@acme.example>\n\nHello\n",
    "email": b"Received: from mx.acme.example\nFrom: Agent <sam@acme.example>\nSubject: Hi\n\nHello\n",
    "csv": b"Sender;Message;Sent At\nAgent;Hello;2024-05-01 10:00:00\n",
    "text": b"Agent: Hello\n",
}


@pytest.mark.parametrize("expected", FORMATS)
def test_content_decides_whatever_the_name_says(expected):
    for filename in ("transcript.txt", "upload.json", "", "../../etc/passwd.txt"):
        assert detect_transcript_format(SAMPLES[expected], filename) == expected


@pytest.mark.parametrize("expected", FORMATS)
def test_every_detected_format_parses_to_the_same_utterance(expected):
    [conversation] = parse_transcript(SAMPLES[expected], "../../etc/passwd.txt", LABELS)
    assert [(u.speaker, u.text) for u in conversation.utterances] == [("agent", "Hello")]


@pytest.mark.parametrize("data", [
    b"[10:02:11] Agent: Hello\n",                     # a bracket, but a time, not JSON
    b"Agent: Hello\nCustomer: Hi\n",                   # header-shaped lines, but no mail headers
    b"From: the warehouse, nothing yet.\n",            # prose that starts like a header
    b"Agent: hello, there\nCustomer: yes, hi\n",       # commas, but no recognisable columns
])
def test_chat_logs_that_resemble_other_formats_stay_text(data):
    assert detect_transcript_format(data, "chat.txt") == "text"


def test_utf16_content_is_recognised():
    data = codecs.BOM_UTF16_LE + "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n".encode("utf-16-le")
    assert detect_transcript_format(data, "x.txt") == "webvtt"


@pytest.mark.parametrize("filename, expected", [
    ("export.CSV", "csv"), ("thread.eml", "email"), ("box.mbox", "mbox"), ("call.vtt", "webvtt"),
    ("call.srt", "srt"), ("data.json", "json"), ("notes.txt", "text"), ("no_extension", "text"),
    ("../../etc/passwd.csv", "csv"), ("C:\\exports\\..\\chat.json", "json"), ("archive.csv.txt", "text"),
])
def test_the_extension_breaks_ties_when_content_shows_no_signature(filename, expected):
    assert detect_transcript_format(b"hello there", filename) == expected


def test_only_the_extension_of_the_last_part_is_read():
    assert extension_of("../../etc/passwd.txt") == ".txt"
    assert extension_of("../secrets.d/passwd") == ""


def test_a_mistyped_csv_gets_the_csv_explanation():
    with pytest.raises(FormatError, match="no recognisable speaker and text columns"):
        parse_transcript(b"a,b\n1,2\n", "export.csv", LABELS)


def test_a_path_like_name_is_never_opened():
    # Content that is a valid chat says nothing of /etc/passwd; the parse uses only the bytes given.
    [conversation] = parse_transcript(b"Customer: root:x:0:0\n", "../../../../etc/passwd", LABELS)
    assert conversation.utterances == [ParsedUtterance("customer", "root:x:0:0", "Customer")]


def test_a_five_megabyte_line_fails_fast_whatever_the_name():
    for filename in ("big.txt", "big.vtt", "big.srt"):
        with pytest.raises(FormatError, match=r"^line 1: 5,000,000 characters on one line is too long"):
            parse_transcript(b"x" * 5_000_000, filename, LABELS)


def test_srt_without_cue_numbers_is_recognised():
    assert detect_transcript_format(b"00:00:01,000 --> 00:00:02,000\nCustomer: hello\n", "x.txt") == "srt"


def test_invisible_characters_before_a_signature_do_not_hide_it():
    assert detect_transcript_format("\u200b\u202eWEBVTT\n\n00:00.000 --> 00:01.000\nhi\n".encode(), "x.txt") == "webvtt"
