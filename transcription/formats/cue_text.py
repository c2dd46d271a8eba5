"""The text of one subtitle cue (WebVTT or SRT): who speaks and what they say."""
from __future__ import annotations

import html
import re
from itertools import groupby

from transcription.formats.base import ParsedUtterance, SpeakerLabels, check_utterance_length
from transcription.formats.speaker_prefix import split_speaker_prefix
from transcription.formats.text import clean_text

# Tags never span lines or contain another "<"; saying so keeps matching linear on hostile input.
_VOICE = re.compile(r"<v(?:\.[^\s<>]*)?(?:[ \t]+([^<>\n]*))?>")
# Every other tag (<c.loud>, <i>, </v>, <00:00:01.500>, <font color="red">) and SRT's {\an8}
# positioning codes are presentation, not words.
_TAG = re.compile(r"<[^<>\n]*>|\{\\[^{}\n]*\}")


def cue_utterances(lines: list[str], labels: SpeakerLabels, start: float, end: float,
                   line_number: int) -> list[ParsedUtterance]:
    """One utterance for the cue, or one per voice when a cue holds several (`<v Sam>…<v Jo>…`)."""
    segments = [(name, _plain(words)) for name, words in _voice_segments("\n".join(lines))]
    segments = [(name, words) for name, words in segments if words]
    if len(segments) == 1 and segments[0][0] is None:
        segments = [_with_prefixed_speaker(segments[0][1])]
    utterances = []
    for name, same_speaker in groupby(segments, key=lambda segment: segment[0]):
        words = "\n".join(words for _, words in same_speaker)
        check_utterance_length(words, f"line {line_number}")
        speaker = labels.role_for(name) if name else "unknown"
        utterances.append(ParsedUtterance(speaker, words, speaker_name=name, start=start, end=end))
    return utterances


def _voice_segments(text: str) -> list[tuple[str | None, str]]:
    segments: list[tuple[str | None, str]] = []
    name, position = None, 0
    for match in _VOICE.finditer(text):
        segments.append((name, text[position:match.start()]))
        name = clean_text(html.unescape(match[1] or "")).strip() or None
        position = match.end()
    segments.append((name, text[position:]))
    return segments


def _plain(words: str) -> str:
    words = clean_text(html.unescape(_TAG.sub("", words)))
    lines = (" ".join(line.split()) for line in words.split("\n"))
    return "\n".join(line for line in lines if line)


def _with_prefixed_speaker(words: str) -> tuple[str | None, str]:
    prefix = split_speaker_prefix(words)
    if prefix is None or not prefix.text.strip():
        return None, words
    return prefix.label.strip(), prefix.text.strip()
