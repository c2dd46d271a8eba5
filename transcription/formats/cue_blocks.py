"""Subtitle files as blocks of lines separated by blank lines, each remembering where it starts."""
from __future__ import annotations

from typing import NamedTuple


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
