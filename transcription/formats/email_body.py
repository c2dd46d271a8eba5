"""What the sender of an e-mail wrote this time: the body without quoted history or signature."""
from __future__ import annotations

import re
from email.message import EmailMessage

from transcription.formats.base import FormatError
from transcription.formats.html_text import html_to_text
from transcription.formats.text import clean_text

_ORIGINAL_MESSAGE = re.compile(r"-{2,}\s*(?:original message|forwarded message)\s*-{2,}", re.I)
_OUTLOOK_RULE = re.compile(r"_{10,}")
_REPLY_INTRO = re.compile(r"On\b.*\bwrote:", re.S)
_HISTORY_HEADER_LOOKAHEAD = 4
# Generous for markup around 20,000 characters of text, and bounds the parsing time (about a second).
MAX_HTML_CHARS = 1_000_000


def message_text(message: EmailMessage) -> str:
    """The new text of a message, from its text/plain part or else its text/html part."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError):      # a charset Python does not know
        content = (part.get_payload(decode=True) or b"").decode("utf-8", errors="replace")
    if part.get_content_type() == "text/html":
        if len(content) > MAX_HTML_CHARS:
            raise FormatError(f"The e-mail's HTML body has {len(content):,} characters; at most "
                              f"{MAX_HTML_CHARS:,} are read. Export the message with a plain-text part.")
        content = html_to_text(content)
    return strip_reply_history(clean_text(content))


def strip_reply_history(text: str) -> str:
    lines = _before_history(text.split("\n"))
    kept: list[str] = []
    index = 0
    while index < len(lines):
        if _is_quoted(lines[index]):
            index += 1
            continue
        intro = _reply_intro_length(lines, index)
        if intro and _only_quotes_follow(lines, index + intro):
            index += intro
            continue
        kept.append(lines[index].rstrip())
        index += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()


def _before_history(lines: list[str]) -> list[str]:
    """Lines before an Outlook-style original message, a forwarded block, or the signature."""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if line.rstrip() == "--" or _ORIGINAL_MESSAGE.fullmatch(stripped):
            return lines[:index]
        if stripped.startswith("From:") and _sent_header_follows(lines, index):
            above = index - 1 if index and _OUTLOOK_RULE.fullmatch(lines[index - 1].strip()) else index
            return lines[:above]
    return lines


def _sent_header_follows(lines: list[str], index: int) -> bool:
    following = lines[index + 1:index + 1 + _HISTORY_HEADER_LOOKAHEAD]
    return any(line.strip().startswith(("Sent:", "Date:")) for line in following)


def _is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _reply_intro_length(lines: list[str], index: int) -> int:
    """1 or 2 when an "On <date>, <name> wrote:" line (which clients may wrap in two) starts here."""
    if not lines[index].strip().startswith("On "):
        return 0
    for length in (1, 2):
        joined = " ".join(line.strip() for line in lines[index:index + length])
        if index + length <= len(lines) and _REPLY_INTRO.fullmatch(joined):
            return length
    return 0


def _only_quotes_follow(lines: list[str], index: int) -> bool:
    following = next((line for line in lines[index:] if line.strip()), None)
    return following is None or _is_quoted(following)
