"""SubRip (.srt) subtitles: a cue number, `00:00:01,000 --> 00:00:04,000`, then the text.

Times stay on the recording's own clock, as for WebVTT.
"""
from __future__ import annotations

import re

from transcription.formats.base import FormatError, ParsedConversation, SpeakerLabels
from transcription.formats.cue_blocks import parse_timing, split_blocks
from transcription.formats.cue_text import cue_utterances
from transcription.formats.text import decode_text

_TIME = r"(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{1,3})"
# Some players add display coordinates after the timing (X1:40 X2:600 Y1:20 Y2:50).
_TIMING = re.compile(rf"\s*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t]+.*)?")
TIMING_HINT = "Each cue is a number, a timing line like '00:00:01,000 --> 00:00:04,000', then its text."


def parse_srt(data: bytes, labels: SpeakerLabels) -> list[ParsedConversation]:
    text = decode_text(data, "the SRT file")
    utterances = []
    for block in split_blocks(text):
        timing_index = 1 if block.lines[0].strip().isdigit() else 0
        line_number = block.line_number + timing_index
        if timing_index >= len(block.lines):
            raise FormatError(f"line {line_number}: the cue number {block.lines[0].strip()} has no timing line "
                              f"after it. {TIMING_HINT}")
        start, end = parse_timing(_TIMING, block.lines[timing_index], line_number, "an SRT timing line",
                                  TIMING_HINT)
        utterances += cue_utterances(block.lines[timing_index + 1:], labels, start, end, line_number)
    if not utterances:
        raise FormatError(f"The SRT file has no cues with text. {TIMING_HINT}")
    return [ParsedConversation(utterances)]
