"""Whatever bytes arrive, a parser either returns conversations or refuses with a FormatError."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcription.formats import PARSERS, FormatError, SpeakerLabels, parse_transcript

LABELS = SpeakerLabels(agent_addresses=("@acme.example",))
SEEDS = [
    b"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Agent>Hello <i>there</i>\n",
    b"1\n00:00:00,000 --> 00:00:01,000\n{\\an8}Agent: Hello\n",
    b'{"conversations": [{"utterances": [{"speaker": "agent", "text": "Hello", "start": 1}]}]}',
    b"From x\nFrom: A <a@acme.example>\nMessage-ID: <1@x>\nReferences: <0@x>\n\nHi\n> q\n-- \nsig\n",
    b"From: A <a@b.c>\nSubject: s\nDate: Wed, 01 May 2024 12:02:11 +0200\nContent-Type: text/html\n\n<p>hi<blockquote>x",
    b'ticket,time,speaker,text\n1,10:00,Agent,hi\n2,2024-01-01,Customer,"a\nb"\n',
    b"[23:59] Agent: hi\nmore\n[00:01] Customer: x\n",
]
NOISE = st.binary(max_size=40) | st.sampled_from([b"\x00", b"\xff", b"\xe2\x80\xae", b"-->", b"<v ", b"\n\n",
                                                   b"From ", b":", b"\r\n", b'"', b"[", b"{"])


@st.composite
def mangled_uploads(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 5))):
        position = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data[position:position] = draw(NOISE)
        else:
            del data[position:position + draw(st.integers(1, 8))]
    return bytes(data)


@pytest.mark.parametrize("format_name", sorted(PARSERS))
@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=mangled_uploads())
def test_mangled_uploads_are_parsed_or_refused(format_name, data):
    try:
        conversations = PARSERS[format_name](data, LABELS)
    except FormatError as refusal:
        assert str(refusal)
        return
    for conversation in conversations:
        assert conversation.utterances
        assert all(u.speaker in ("agent", "customer", "unknown") and u.text.strip() for u in conversation.utterances)


@settings(max_examples=300, deadline=None, database=None)
@given(data=st.binary(max_size=300), filename=st.text(max_size=40))
def test_the_dispatcher_takes_any_bytes_and_any_name(data, filename):
    try:
        parse_transcript(data, filename, LABELS)
    except FormatError:
        pass
