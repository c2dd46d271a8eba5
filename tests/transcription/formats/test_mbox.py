"""Mailboxes: messages split, grouped into threads by their headers, ordered by Date."""
from datetime import datetime

import pytest

from transcription.formats.base import FormatError, SpeakerLabels
from transcription.formats.mbox import parse_mbox

AGENTS = SpeakerLabels(agent_addresses=("@acme.example",))


def message(sender: str, date: str, message_id: str, body: str, subject: str = "Order 1234",
            refs: str = "") -> str:
    ids = refs.split()
    threading = f"In-Reply-To: <{ids[-1]}>\nReferences: {' '.join(f'<{i}>' for i in ids)}\n" if ids else ""
    return (f"From {sender} Thu Jan  1 00:00:00 2024\nFrom: {sender}\nTo: help@acme.example\n"
            f"Subject: {subject}\nDate: {date}\nMessage-ID: <{message_id}>\n{threading}\n{body}\n\n")


MAILBOX = (
    message("jane@example.org", "Tue, 30 Apr 2024 08:00:00 +0000", "q1@example.org", "Where is order 1234?")
    + message("lee@example.net", "Tue, 30 Apr 2024 08:30:00 +0000", "q2@example.net", "Do you ship to Canada?",
              subject="Shipping")
    # Filed out of order: the thread is put back in Date order.
    + message("jane@example.org", "Tue, 30 Apr 2024 10:00:00 +0000", "q3@example.org",
              "Thanks!\n>From now on I will order earlier.\n\nOn Tue, Sam wrote:\n> It ships today.",
              subject="Re: Order 1234", refs="q1@example.org a1@acme.example")
    + message("sam@acme.example", "Tue, 30 Apr 2024 09:00:00 +0000", "a1@acme.example",
              "It ships today.\n\n-- \nSam, Acme", subject="Re: Order 1234", refs="q1@example.org")
)


def test_threads_in_file_order_with_messages_in_date_order():
    order, shipping = parse_mbox(MAILBOX.encode(), AGENTS)
    assert (order.source_id, order.metadata["subject"], order.started_at, order.channel) == (
        "q1@example.org", "Order 1234", datetime(2024, 4, 30, 8, 0), "email")
    assert [(u.speaker, u.speaker_name, u.start, u.text) for u in order.utterances] == [
        ("customer", "jane@example.org", 0.0, "Where is order 1234?"),
        ("agent", "sam@acme.example", 3600.0, "It ships today."),
        ("customer", "jane@example.org", 7200.0, "Thanks!\nFrom now on I will order earlier."),
    ]
    assert order.metadata["participants"] == ["jane@example.org", "help@acme.example", "sam@acme.example"]
    assert (shipping.source_id, [u.text for u in shipping.utterances]) == ("q2@example.net", ["Do you ship to Canada?"])


def test_a_thread_whose_root_is_missing_is_named_after_it():
    reply = message("sam@acme.example", "Tue, 30 Apr 2024 09:00:00 +0000", "a1@acme.example", "It ships today.",
                    refs="gone@example.org")
    [thread] = parse_mbox(reply.encode(), AGENTS)
    assert thread.source_id == "gone@example.org"


def test_messages_linked_only_through_a_missing_parent_share_a_thread():
    first = message("sam@acme.example", "Tue, 30 Apr 2024 09:00:00 +0000", "a1@acme.example", "One.",
                    refs="gone@example.org")
    second = message("jane@example.org", "Tue, 30 Apr 2024 09:05:00 +0000", "q9@example.org", "Two.",
                     refs="gone@example.org")
    [thread] = parse_mbox((first + second).encode(), AGENTS)
    assert [u.text for u in thread.utterances] == ["One.", "Two."]


@pytest.mark.parametrize("data, message_start", [
    (b"", "The mailbox is empty."),
    (b"From: jane@example.org\nSubject: hi\n\nhello\n", "line 1: not an mbox separator line."),
    (b"From jane Thu Jan  1 00:00:00 2024\nSubject: hi\n\nhello\n",
     "The message at line 1 has no From: header with the sender's address."),
    (b"From jane Thu Jan  1 00:00:00 2024\nFrom: a@example.org\n\n> quoted only\n",
     "The mailbox has no message with text of its own."),
])
def test_malformed_mailboxes_are_refused(data, message_start):
    with pytest.raises(FormatError) as caught:
        parse_mbox(data, AGENTS)
    assert str(caught.value).startswith(message_start)
