"""A mailbox (.mbox) of many e-mails: one conversation per thread, its messages in Date order.

A conversation's `source_id` is the Message-ID of the thread's root (as the References headers name
it, even when the root itself is not in the file); its metadata has the subject and participants.
"""
from __future__ import annotations

import re

from transcription.formats import mail_headers as headers
from transcription.formats.base import FormatError, ParsedConversation, SpeakerLabels, with_relative_starts
from transcription.formats.email_message import message_utterance
from transcription.formats.mail_threads import MailItem, group_threads
from transcription.formats.text import reject_binary

MBOX_HINT = ("An mbox file is e-mails one after another, each starting with a separator line "
             "'From sender@example.com Mon Jan  1 00:00:00 2024'.")
# mboxrd escapes a body line "From ..." as ">From ..."; one ">" is removed again when reading.
_ESCAPED_FROM = re.compile(rb"^>(>*From )", re.M)


def parse_mbox(data: bytes, labels: SpeakerLabels) -> list[ParsedConversation]:
    if not data.strip():
        raise FormatError(f"The mailbox is empty. {MBOX_HINT}")
    reject_binary(data, "the mailbox")
    items = [_mail_item(position, line_number, chunk, labels)
             for position, (line_number, chunk) in enumerate(split_mbox(data))]
    conversations = [_conversation(thread) for thread in group_threads(items)
                     if any(item.utterance for item in thread)]
    if not conversations:
        raise FormatError(f"The mailbox has no message with text of its own. {MBOX_HINT}")
    return conversations


def split_mbox(data: bytes) -> list[tuple[int, bytes]]:
    """(line number of the separator, message bytes) for each message.

    A separator is a "From " line at the start of the file or after a blank line; elsewhere it is
    body text that a sloppy writer did not escape.
    """
    lines = data.replace(b"\r\n", b"\n").split(b"\n")
    if not lines[0].startswith(b"From "):
        raise FormatError(f"line 1: not an mbox separator line. {MBOX_HINT}")
    messages: list[tuple[int, list[bytes]]] = []
    for line_number, line in enumerate(lines, start=1):
        if line.startswith(b"From ") and (line_number == 1 or not lines[line_number - 2].strip()):
            messages.append((line_number, []))
        else:
            messages[-1][1].append(line)
    return [(line_number, _ESCAPED_FROM.sub(rb"\1", b"\n".join(body))) for line_number, body in messages]


def _mail_item(position: int, line_number: int, chunk: bytes, labels: SpeakerLabels) -> MailItem:
    where = f"the message at line {line_number}"
    message = headers.read_message(chunk, where) if chunk.strip() else None
    if message is None:
        raise FormatError(f"line {line_number}: a separator line with no message after it. {MBOX_HINT}")
    return MailItem(position, headers.message_id(message), tuple(headers.referenced_ids(message)),
                    headers.subject(message), tuple(headers.participants(message)),
                    message_utterance(message, labels, where))


def _conversation(thread: list[MailItem]) -> ParsedConversation:
    utterances = with_relative_starts([item.utterance for item in thread if item.utterance])
    participants = list(dict.fromkeys(address for item in thread for address in item.participants))
    subject = next((item.subject for item in thread if item.subject), None)
    return ParsedConversation(utterances, source_id=thread[0].root_id,
                              started_at=min((u.sent_at for u in utterances if u.sent_at), default=None),
                              metadata={"subject": subject, "participants": participants}, channel="email")
