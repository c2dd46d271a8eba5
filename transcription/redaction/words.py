"""Redaction of recognised speech at the word level, so the text, the words and the audio agree."""
from __future__ import annotations

from transcription.redaction.redactor import PLACEHOLDERS, RedactedText

MUTE_PADDING_SECONDS = 0.05


def spoken_text(words: list[list]) -> str:
    """The text the redactor sees for a line of speech: its words joined by single spaces."""
    return " ".join(word[2] for word in words)


def redact_words(words: list[list], redacted: RedactedText) -> tuple[list[list], list[tuple[float, float]]]:
    """Replace every word a redacted span touches; consecutive ones become one placeholder word.

    Returns the new words and the (start, end) seconds to mute in the recording.
    """
    offsets, position = [], 0
    for word in words:
        offsets.append((position, position + len(word[2])))
        position += len(word[2]) + 1
    kept: list[list] = []
    mutes: list[tuple[float, float]] = []
    span_of_previous = None
    for word, (start, end) in zip(words, offsets):
        span = next((s for s in redacted.original_spans if start < s[1] and end > s[0]), None)
        if span is None:
            kept.append(word)
        elif span == span_of_previous:
            kept[-1][1] = word[1]
            mutes[-1] = (mutes[-1][0], word[1] + MUTE_PADDING_SECONDS)
        else:
            kept.append([word[0], word[1], PLACEHOLDERS[span[2]], word[3]])
            mutes.append((max(0.0, word[0] - MUTE_PADDING_SECONDS), word[1] + MUTE_PADDING_SECONDS))
        span_of_previous = span
    return kept, mutes


def placeholder_positions(words: list[list]) -> list[list]:
    """[start, end, kind] of each placeholder in spoken_text(words)."""
    kinds = {placeholder: kind for kind, placeholder in PLACEHOLDERS.items()}
    found, position = [], 0
    for word in words:
        if word[2] in kinds:
            found.append([position, position + len(word[2]), kinds[word[2]]])
        position += len(word[2]) + 1
    return found
