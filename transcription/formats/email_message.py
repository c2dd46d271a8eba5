"""One e-mail (.eml) as a conversation of one utterance: what its sender wrote this time.

Its `source_id` is its own Message-ID (so two messages of one thread stay two imports); the thread
it belongs to is kept in metadata as `thread_root`. A whole thread comes as an mbox.
"""
from __future__ import annotations

from email.message import EmailMessage

from transcription.formats import mail_headers as headers
from transcription.formats.base import (FormatError, ParsedConversation, ParsedUtterance, SpeakerLabels,
                                        check_utterance_length)
from transcription.formats.email_body import message_text


def parse_email(data: bytes, labels: SpeakerLabels) -> list[ParsedConversation]:
    message = headers.read_message(data, "the e-mail")
    utterance = message_utterance(message, labels, "the e-mail")
    if utterance is None:
        raise FormatError("The e-mail has no text of its own (no text/plain or text/html part, or only "
                          f"quoted earlier messages). {headers.EML_HINT}")
    references = headers.referenced_ids(message)
    metadata = {"subject": headers.subject(message), "participants": headers.participants(message),
                "thread_root": references[0] if references else headers.message_id(message)}
    return [ParsedConversation([utterance], source_id=headers.message_id(message), started_at=utterance.sent_at,
                               metadata=metadata, channel="email")]


def message_utterance(message: EmailMessage, labels: SpeakerLabels, where: str) -> ParsedUtterance | None:
    """The message as an utterance, or None when it adds no text of its own."""
    address, display_name = headers.sender(message)
    if not address and not display_name:
        raise FormatError(f"{where[:1].upper()}{where[1:]} has no From: header with the sender's address. "
                          f"{headers.EML_HINT}")
    text = message_text(message)
    if not text:
        return None
    check_utterance_length(text, where)
    return ParsedUtterance(headers.sender_role(address, display_name, labels), text,
                           speaker_name=address or display_name, sent_at=headers.sent_at(message))
