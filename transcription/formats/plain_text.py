"""Chat logs as plain text: one message per line, `Label: text`, optionally after a time.

    [10:02:11] Agent: Thanks for contacting us, this is Sam.
    [10:02:30] Customer: Hi Sam, my order never arrived.
    It was order 1234.              <- no label: continues the message above

A file whose first message puts a tab after the label (`Agent:\\ttext`) or a time before it keeps
that style: later lines without it continue the previous message, so a customer writing
"Name: Jane" on its own line is not taken for a new speaker called "Name".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from transcription.formats.base import (MAX_UTTERANCE_CHARS, FormatError, ParsedConversation, ParsedUtterance,
                                        SpeakerLabels, check_utterance_length)
from transcription.formats.clock import clock_offsets, parse_clock
from transcription.formats.speaker_prefix import split_speaker_prefix
from transcription.formats.text import decode_text

_CLOCK = r"\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,6})?)?(?:\s*[AaPp]\.?[Mm]\.?)?"
_TIME_PREFIX = re.compile(
    rf"\s*(?:\[(?P<square>{_CLOCK})\]|\((?P<round>{_CLOCK})\)|(?P<bare>{_CLOCK})(?=\s))\s*(?:-\s+)?")
LABEL_HINT = ("Each line must start with a label such as 'Agent:' or 'Customer:', optionally after a "
              "time like [10:02:11]; lines without a label continue the message above.")


@dataclass
class _Message:
    line_number: int
    label: str
    time_of_day: float | None
    lines: list[str] = field(default_factory=list)
    chars: int = 0

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.chars += len(line) + 1
        if self.chars > MAX_UTTERANCE_CHARS + 1:
            check_utterance_length("\n".join(self.lines), f"line {self.line_number}")


@dataclass(frozen=True)
class _Style:
    """How the first message was written; later messages must be written the same way."""
    tab_separated: bool
    timed: bool


def parse_plain_text(data: bytes, labels: SpeakerLabels) -> list[ParsedConversation]:
    text = decode_text(data, "the chat transcript")
    messages = _group_lines(text.split("\n"))
    offsets = iter(clock_offsets([m.time_of_day for m in messages if m.time_of_day is not None]))
    utterances = []
    for message in messages:
        body = "\n".join(line.rstrip() for line in message.lines).strip()
        start = next(offsets) if message.time_of_day is not None else None
        if body:
            utterances.append(ParsedUtterance(labels.role_for(message.label), body,
                                              speaker_name=message.label, start=start))
    if not utterances:
        raise FormatError(f"The chat transcript has speaker labels but no message text. {LABEL_HINT}")
    return [ParsedConversation(utterances)]


def starts_like_chat(text: str) -> bool:
    """Whether the first non-blank line is a labelled message, as this parser needs."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    match = _TIME_PREFIX.match(first)
    return split_speaker_prefix(first[match.end():] if match else first) is not None


def _group_lines(lines: list[str]) -> list[_Message]:
    messages: list[_Message] = []
    style = None
    for line_number, line in enumerate(lines, start=1):
        time_of_day, bracketed, after_time = _split_time(line, line_number)
        prefix = split_speaker_prefix(after_time)
        if style is None:
            if not line.strip():
                continue
            if prefix is None:
                raise FormatError(f"line {line_number}: no speaker label. {LABEL_HINT}")
            style = _Style(prefix.tab_separated, time_of_day is not None)
        elif prefix is None or not _keeps_style(prefix.tab_separated, time_of_day is not None, style):
            if bracketed and prefix is None:
                raise FormatError(f"line {line_number}: a time but no speaker label. {LABEL_HINT}")
            messages[-1].add(line)
            continue
        messages.append(_Message(line_number, prefix.label.strip(), time_of_day))
        messages[-1].add(prefix.text)
    if not messages:
        raise FormatError(f"The chat transcript has no messages. {LABEL_HINT}")
    return messages


def _keeps_style(tab_separated: bool, timed: bool, style: _Style) -> bool:
    return (tab_separated or not style.tab_separated) and (timed or not style.timed)


def _split_time(line: str, line_number: int) -> tuple[float | None, bool, str]:
    """(seconds since midnight, whether the time was in brackets, the rest of the line)."""
    match = _TIME_PREFIX.match(line)
    if not match:
        return None, False, line
    written = match["square"] or match["round"] or match["bare"]
    time_of_day = parse_clock(written)
    if time_of_day is None:
        if match["bare"]:
            return None, False, line
        raise FormatError(f"line {line_number}: '{written}' is not a time of day. "
                          "Times are written like [10:02:11], [10:02], 10:02:11 or (00:01:23).")
    return time_of_day, not match["bare"], line[match.end():]
