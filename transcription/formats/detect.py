"""Which parser an upload needs, judged by what it contains.

The file name is a hint only, used when the content shows no format's signature, not even a
first line like "Agent: ..." (so a broken .csv gets the CSV parser's explanation, not the chat
parser's). Nothing else is done with the name: it comes from the uploader and may be
"../../etc/passwd.txt".
"""
from __future__ import annotations

import codecs
import csv
import re
from pathlib import PurePosixPath

from transcription.formats.csv_columns import find_columns
from transcription.formats.csv_format import DELIMITERS
from transcription.formats.plain_text import starts_like_chat
from transcription.formats.text import clean_text

FORMATS = ("webvtt", "srt", "json", "mbox", "email", "csv", "text")
_BY_EXTENSION = {".vtt": "webvtt", ".webvtt": "webvtt", ".srt": "srt", ".json": "json", ".mbox": "mbox",
                 ".mbx": "mbox", ".eml": "email", ".csv": "csv", ".tsv": "csv", ".txt": "text",
                 ".log": "text"}
# Looking at the start is enough to recognise any format, and keeps detection fast on big uploads.
_HEAD_BYTES = 65_536
_SRT_START = re.compile(r"(?:\d+[ \t]*\n)?[ \t]*\d{1,3}:\d\d:\d\d[,.]\d{1,3}[ \t]*-->")
_JSON_START = re.compile(r"\{|\[\s*[{\]]")
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9-]*):.*")
_MAIL_HEADERS = {"from", "to", "cc", "subject", "date", "message-id", "received", "return-path",
                 "mime-version", "content-type", "in-reply-to", "references", "reply-to", "delivered-to"}


def detect_transcript_format(data: bytes, filename: str) -> str:
    """One of FORMATS."""
    head = clean_text(_head_text(data)).lstrip()
    by_content = _by_content(head)
    if by_content is not None:
        return by_content
    return _BY_EXTENSION.get(extension_of(filename), "text")


def extension_of(filename: str) -> str:
    """The lower-case extension of the name's last part; the rest of the name is never used."""
    return PurePosixPath((filename or "").replace("\\", "/")).suffix.casefold()


def _by_content(head: str) -> str | None:
    if re.match(r"WEBVTT(?:[ \t\n]|$)", head):
        return "webvtt"
    if _SRT_START.match(head):
        return "srt"
    if _JSON_START.match(head):
        return "json"
    if head.startswith("From "):
        return "mbox"
    if _looks_like_mail_headers(head):
        return "email"
    if _looks_like_csv(head):
        return "csv"
    if starts_like_chat(head):
        return "text"
    return None


def _head_text(data: bytes) -> str:
    head = data[:_HEAD_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head[:len(head) - len(head) % 2].decode("utf-16", errors="replace")
    return head.removeprefix(codecs.BOM_UTF8).decode("utf-8", errors="replace")


def _looks_like_mail_headers(head: str) -> bool:
    """Every line up to the first blank one is a header (or a folded continuation of one), and at least
    two are well-known mail headers: "Agent: hi" lines are header-shaped but name none."""
    known = 0
    for line in head.split("\n\n", 1)[0].split("\n"):
        if line[:1] in (" ", "\t"):
            continue
        match = _HEADER_LINE.fullmatch(line)
        if not match:
            return False
        known += match[1].casefold() in _MAIL_HEADERS
    return known >= 2


def _looks_like_csv(head: str) -> bool:
    sample = "\n".join(head.split("\n")[:20])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return False
    header = next(csv.reader([sample.split("\n", 1)[0]], delimiter=delimiter), [])
    return len(header) > 1 and find_columns(header).readable
