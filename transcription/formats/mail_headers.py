"""The headers of one e-mail that ingest needs, read defensively: real mail is often malformed."""
from __future__ import annotations

import re
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from transcription.formats.base import FormatError, SpeakerLabels
from transcription.formats.clock import to_naive_utc
from transcription.formats.text import clean_text, reject_binary

_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
EML_HINT = ("An .eml file is one complete message: headers such as From:, Date:, Subject: and "
            "Message-ID:, a blank line, then the body.")


def read_message(data: bytes, what: str) -> EmailMessage:
    if not data.strip():
        raise FormatError(f"{what[:1].upper()}{what[1:]} is empty. {EML_HINT}")
    reject_binary(data, what)
    if data.startswith(b"From "):          # an mbox envelope line some clients save with a message
        data = data.partition(b"\n")[2]
    return BytesParser(policy=policy.default).parsebytes(data)


def sender(message: EmailMessage) -> tuple[str, str]:
    """(address, display name) of From, either possibly empty."""
    try:
        addresses = message["From"].addresses if message["From"] is not None else ()
    except (AttributeError, IndexError, TypeError, ValueError):
        addresses = ()
    if not addresses:
        return "", ""
    return addresses[0].addr_spec.strip(), clean_text(addresses[0].display_name or "").strip()


def sender_role(address: str, display_name: str, labels: SpeakerLabels) -> str:
    """Configured agent addresses decide first; otherwise the name may say, as in "Support Team"."""
    by_address = labels.role_for_address(address) if address else None
    if by_address:
        return by_address
    return labels.role_for(display_name) if display_name else "unknown"


def sent_at(message: EmailMessage) -> datetime | None:
    try:
        moment = message["Date"].datetime if message["Date"] is not None else None
    except (AttributeError, TypeError, ValueError):
        return None
    return to_naive_utc(moment) if moment else None


def message_id(message: EmailMessage) -> str | None:
    """The Message-ID without its angle brackets, which are syntax, not part of the id."""
    ids = _ids(message, "Message-ID")
    return ids[0] if ids else None


def referenced_ids(message: EmailMessage) -> list[str]:
    """References (oldest first, so the thread's root first), then In-Reply-To."""
    return _ids(message, "References") + _ids(message, "In-Reply-To")


def subject(message: EmailMessage) -> str | None:
    return _header_text(message, "Subject") or None


def participants(message: EmailMessage) -> list[str]:
    found = []
    for name in ("From", "To", "Cc"):
        try:
            header = message[name]
            found += [address.addr_spec.casefold() for address in (header.addresses if header else ())]
        except (AttributeError, IndexError, TypeError, ValueError):
            continue
    return list(dict.fromkeys(address for address in found if address))


def _ids(message: EmailMessage, name: str) -> list[str]:
    written = _header_text(message, name)
    return _MESSAGE_ID.findall(written) or written.split()


def _header_text(message: EmailMessage, name: str) -> str:
    try:
        value = message[name]
    except (IndexError, TypeError, ValueError):
        return ""
    return clean_text(str(value)).strip() if value is not None else ""
