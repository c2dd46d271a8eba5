"""Turning uploaded bytes into clean text that every text parser can trust."""
from __future__ import annotations

import codecs

from transcription.formats.base import MAX_UTTERANCE_CHARS, FormatError

# Zero-width characters and bidirectional controls can hide words from a reviewer or make text read
# differently from how it is stored (the "Trojan Source" trick). Real right-to-left letters need
# none of them to display correctly, so they are dropped and the letters kept as written.
INVISIBLE_CONTROLS = (
    "\u200b\u200c\u200d\u2060\ufeff"           # zero-width space, non-joiner, joiner, word joiner, BOM
    "\u200e\u200f\u061c"                       # left-to-right, right-to-left and Arabic letter marks
    "\u202a\u202b\u202c\u202d\u202e"           # embeddings and overrides
    "\u2066\u2067\u2068\u2069"                 # isolates
)
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CONTROLS))
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029")


def decode_text(data: bytes, what: str, *, max_line_chars: int | None = MAX_UTTERANCE_CHARS) -> str:
    """UTF-8 (or UTF-16 with a byte-order mark) → text with `\\n` newlines and no invisible controls.

    `what` names the upload in messages ("the transcript"). Formats whose lines may legitimately be
    long (minified JSON, CSV rows) pass `max_line_chars=None` and limit each message instead.
    """
    if not data:
        raise FormatError(f"{_capitalised(what)} is empty. Upload a UTF-8 text file with at least one message.")
    text = _decode(data, what)
    text = clean_text(text)
    if not text.strip():
        raise FormatError(f"{_capitalised(what)} contains only blank space. "
                          "Upload a UTF-8 text file with at least one message.")
    if max_line_chars is not None:
        check_line_lengths(text, max_line_chars)
    return text


def clean_text(text: str) -> str:
    """Invisible controls removed and every kind of line break made `\\n`."""
    text = text.translate(_DROP_INVISIBLE)
    for line_break in _LINE_BREAKS:
        text = text.replace(line_break, "\n")
    return text


def reject_binary(data: bytes, what: str) -> None:
    offset = data.find(b"\x00")
    if offset >= 0:
        raise FormatError(f"{_capitalised(what)} looks like a binary file (a NUL byte at byte offset {offset}). "
                          "Upload a text transcript saved as UTF-8.")


def check_line_lengths(text: str, max_line_chars: int) -> None:
    for line_number, line in enumerate(text.split("\n"), start=1):
        if len(line) > max_line_chars:
            raise FormatError(
                f"line {line_number}: {len(line):,} characters on one line is too long. "
                f"A line may have at most {max_line_chars:,} characters; a transcript needs its "
                "messages on separate lines.")


def _decode(data: bytes, what: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data, what)
    reject_binary(data, what)
    try:
        return data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
        line_number = data.count(b"\n", 0, offset) + 1
        raise FormatError(
            f"{_capitalised(what)} is not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset} "
            f"(line {line_number}). Files must be saved as UTF-8 (or UTF-16 with a byte-order mark); "
            "in most editors choose 'Save as' → 'UTF-8'.") from None


def _decode_utf16(data: bytes, what: str) -> str:
    try:
        text = data.decode("utf-16")   # reads the byte-order mark and drops it
    except UnicodeDecodeError as error:
        raise FormatError(
            f"{_capitalised(what)} starts with a UTF-16 byte-order mark but is not valid UTF-16 "
            f"at byte offset {error.start}. Files must be saved as UTF-8 or UTF-16.") from None
    if "\x00" in text:
        raise FormatError(f"{_capitalised(what)} looks like a binary file (it contains NUL characters). "
                          "Upload a text transcript saved as UTF-8.")
    return text


def _capitalised(what: str) -> str:
    return what[:1].upper() + what[1:]
