"""Uploaded transcripts (chat logs, CSV exports, captions, e-mail, Callibrate JSON) → conversations.

Every parser is a pure function `parse_x(data: bytes, labels: SpeakerLabels) -> list[ParsedConversation]`
that raises FormatError, whose message says what is wrong and what is accepted, for a bad upload.
"""
from __future__ import annotations

from transcription.formats.base import (MAX_UTTERANCE_CHARS, FormatError, ParsedConversation, ParsedUtterance,
                                        SpeakerLabels)
from transcription.formats.csv_format import parse_csv
from transcription.formats.detect import FORMATS, detect_transcript_format
from transcription.formats.email_message import parse_email
from transcription.formats.json_format import interaction_schema, parse_json
from transcription.formats.mbox import parse_mbox
from transcription.formats.plain_text import parse_plain_text
from transcription.formats.srt import parse_srt
from transcription.formats.text import decode_text
from transcription.formats.webvtt import parse_webvtt

PARSERS = {"webvtt": parse_webvtt, "srt": parse_srt, "json": parse_json, "mbox": parse_mbox,
           "email": parse_email, "csv": parse_csv, "text": parse_plain_text}


def parse_transcript(data: bytes, filename: str, labels: SpeakerLabels) -> list[ParsedConversation]:
    """Parse an upload in whichever supported format its content is; `filename` is only a hint."""
    return PARSERS[detect_transcript_format(data, filename)](data, labels)


__all__ = ["FORMATS", "MAX_UTTERANCE_CHARS", "FormatError", "ParsedConversation", "ParsedUtterance",
           "SpeakerLabels", "decode_text", "detect_transcript_format", "interaction_schema", "parse_csv",
           "parse_email", "parse_json", "parse_mbox", "parse_plain_text", "parse_srt", "parse_transcript",
           "parse_webvtt"]
