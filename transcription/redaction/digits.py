"""Digits as people type and say them: "4111 1111", "four one one one", "double four", "oh seven".

A run is a stretch of digit pieces separated only by spaces, dashes, dots or commas; each piece
keeps its character span so a detector can redact exactly the pieces it needs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

UNITS = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "one": "1", "two": "2", "three": "3", "four": "4",
         "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
TEENS = {"ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
         "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19"}
TENS = {"twenty": "2", "thirty": "3", "forty": "4", "fifty": "5", "sixty": "6", "seventy": "7", "eighty": "8",
        "ninety": "9"}
REPEATS = {"double": 2, "triple": 3}
TOKEN = re.compile(r"[A-Za-z]+|\d+")
SEPARATORS = re.compile(r"[\s,.\-–/]*")


@dataclass
class Piece:
    start: int
    end: int
    digits: str
    written: bool = False  # typed digits, as opposed to spoken number words


@dataclass
class DigitRun:
    pieces: list[Piece] = field(default_factory=list)

    @property
    def digits(self) -> str:
        return "".join(piece.digits for piece in self.pieces)

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end


def digit_runs(text: str) -> list[DigitRun]:
    tokens = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    runs: list[DigitRun] = []
    current = DigitRun()
    index = 0
    while index < len(tokens):
        piece, used = _piece_at(tokens, index)
        if piece is None:
            if current.pieces:
                runs.append(current)
                current = DigitRun()
            index += 1
            continue
        if current.pieces and not SEPARATORS.fullmatch(text[current.end:piece.start]):
            runs.append(current)
            current = DigitRun()
        current.pieces.append(piece)
        index += used
    if current.pieces:
        runs.append(current)
    return runs


def _piece_at(tokens, index) -> tuple[Piece | None, int]:
    """The digits the token(s) at `index` stand for, and how many tokens that took."""
    start, end, word = tokens[index]
    lower = word.lower()
    if word.isdigit():
        # Digits glued to letters ("1Z999AA1012") are part of a code, not a number said on its own.
        glued = (index > 0 and tokens[index - 1][1] == start) or \
                (index + 1 < len(tokens) and tokens[index + 1][0] == end)
        return (None, 1) if glued else (Piece(start, end, word, written=True), 1)
    if lower in REPEATS and index + 1 < len(tokens) and tokens[index + 1][2].lower() in UNITS:
        digit = UNITS[tokens[index + 1][2].lower()]
        return Piece(start, tokens[index + 1][1], digit * REPEATS[lower]), 2
    if lower in TENS:
        if index + 1 < len(tokens) and tokens[index + 1][2].lower() in UNITS and tokens[index + 1][2].lower() \
                not in ("oh", "o", "zero", "nought"):
            return Piece(start, tokens[index + 1][1], TENS[lower] + UNITS[tokens[index + 1][2].lower()]), 2
        return Piece(start, end, TENS[lower] + "0"), 1
    if lower in TEENS:
        return Piece(start, end, TEENS[lower]), 1
    if lower in UNITS:
        return Piece(start, end, UNITS[lower]), 1
    return None, 1


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
