"""WebVTT captions, as exported by meeting and contact-centre tools.

Times stay on the recording's own clock (the first cue may start at 3.2 s), so a transcript that
comes with its audio stays in sync with it.
"""
from __future__ import annotations

import re

from transcription.formats.base import FormatError, ParsedConversation, SpeakerLabels
from transcription.formats.cue_blocks import parse_timing, split_blocks
from transcription.formats.cue_text import cue_utterances
from transcription.formats.text import decode_text

_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_TIMING = re.compile(rf"\s*{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t]+.*)?")
_STARTS_WITH_TIME = re.compile(r"\s*\d+:\d\d[:.]")
_NOT_CUES = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?")
TIMING_HINT = "Cue timings are written like '00:00:01.000 --> 00:00:04.000' or '01:02.500 --> 01:04.000'."


def parse_webvtt(data: bytes, labels: SpeakerLabels) -> list[ParsedConversation]:
    text = decode_text(data, "the WebVTT file")
    if not _HEADER.fullmatch(text.split("\n", 1)[0]):
        raise FormatError("line 1: a WebVTT file must start with the line 'WEBVTT'. "
                          "Upload .vtt captions, or .srt subtitles, or a plain-text chat log.")
    utterances = []
    header, *blocks = split_blocks(text)
    for block in blocks:
        if _NOT_CUES.fullmatch(block.lines[0]):
            continue
        timing_index = _timing_index(block.lines)
        if timing_index is None:
            raise FormatError(f"line {block.line_number}: a block without a cue timing. {TIMING_HINT} "
                              "A cue is an optional id line, the timing line, then its text.")
        line_number = block.line_number + timing_index
        start, end = parse_timing(_TIMING, block.lines[timing_index], line_number, "a cue timing", TIMING_HINT)
        utterances += cue_utterances(block.lines[timing_index + 1:], labels, start, end, line_number)
    if not utterances:
        raise FormatError(f"The WebVTT file has no cues with text. {TIMING_HINT}")
    return [ParsedConversation(utterances)]


def _timing_index(lines: list[str]) -> int | None:
    """Where the timing line is: first, or after a cue id. A line that starts like a time counts too,
    so a mistyped arrow is reported as a bad timing rather than as a missing one."""
    for looks_like_timing in (lambda line: "-->" in line, _STARTS_WITH_TIME.match):
        for index in (0, 1):
            if index < len(lines) and looks_like_timing(lines[index]):
                return index
    return None
