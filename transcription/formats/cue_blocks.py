"""Subtitle files (WebVTT, SRT) as blocks of lines separated by blank lines, each remembering where it
starts, and the cue timing lines the two formats share."""
from __future__ import annotations

import re
from typing import NamedTuple

from transcription.formats.base import FormatError


class Block(NamedTuple):
    line_number: int          # of the block's first line, counting from 1
    lines: list[str]


def split_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    for line_number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                blocks.append(Block(line_number, current))
            current.append(line)
        else:
            current = []
    return blocks


def parse_timing(pattern: re.Pattern, line: str, line_number: int, not_a_timing: str,
                 hint: str) -> tuple[float, float]:
    """`pattern` captures hours (optional), minutes, seconds and the decimal fraction of both times."""
    match = pattern.fullmatch(line)
    if not match:
        raise FormatError(f"line {line_number}: {line.strip()[:80]!r} is not {not_a_timing}. {hint}")
    start, end = _seconds(*match.groups()[:4]), _seconds(*match.groups()[4:])
    if end < start:
        raise FormatError(f"line {line_number}: the cue ends before it starts. {hint}")
    return start, end


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float:
    # ",5" is half a second, as ",500" is: the digits are a decimal fraction.
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + float(f"0.{fraction}")
