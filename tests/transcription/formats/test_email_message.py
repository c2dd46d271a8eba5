"""A single .eml: who wrote it, what they wrote this time, and refusals."""
from datetime import datetime

import pytest

from transcription.formats.base import FormatError, ParsedUtterance, SpeakerLabels
from transcription.formats.email_message import parse_email

AGENTS = SpeakerLabels(agent_addresses=("@acme.example",))

CUSTOMER_REPLY = b"""From: Jane Doe <Jane.Doe@example.org>
To: Acme Support <help@acme.example>
Subject: Re: Order 1234 missing
Date: Wed, 01 May 2024 12:02:11 +0200
Message-ID: <reply-2@example.org>
In-Reply-To: <root-1@acme.example>
References: <root-1@acme.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Thanks, but the parcel still has not arrived =E2=80=94 can you check?

On Tue, 30 Apr 2024 at 09:00, Sam <sam@acme.example> wrote:
> Your parcel is on its way.

--=20
Jane Doe
"""

AGENT_HTML = b"""From: "Support" <sam@acme.example>
To: jane.doe@example.org
Subject: Your refund
Date: Thu, 02 May 2024 08:00:00 +0000
Message-ID: <agent-3@acme.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

<p>Hi Jane,</p><p>your refund of =A320 is done.</p><blockquote>Where is it?</blockquote>
--b1--
"""


def test_a_customer_reply_without_its_quote_and_signature():
    [conversation] = parse_email(CUSTOMER_REPLY, AGENTS)
    assert conversation.utterances == [ParsedUtterance(
        "customer", "Thanks, but the parcel still has not arrived \u2014 can you check?", "Jane.Doe@example.org",
        sent_at=datetime(2024, 5, 1, 10, 2, 11))]
    assert (conversation.source_id, conversation.started_at, conversation.channel) == (
        "reply-2@example.org", datetime(2024, 5, 1, 10, 2, 11), "email")
    assert conversation.metadata == {"subject": "Re: Order 1234 missing", "thread_root": "root-1@acme.example",
                                     "participants": ["jane.doe@example.org", "help@acme.example"]}


def test_an_agent_html_message_in_another_charset():
    [conversation] = parse_email(AGENT_HTML, AGENTS)
    assert conversation.utterances[0].speaker == "agent"
    assert conversation.utterances[0].text == "Hi Jane,\n\nyour refund of £20 is done."


@pytest.mark.parametrize("labels, role", [
    (SpeakerLabels(), "agent"),                                    # the display name "Support" says so
    (SpeakerLabels(agent_addresses=("other@acme.example",)), "customer"),
])
def test_without_a_matching_address_the_rules_fall_back_in_order(labels, role):
    [conversation] = parse_email(AGENT_HTML, labels)
    assert conversation.utterances[0].speaker == role


def test_a_sender_no_rule_recognises_is_unknown():
    [conversation] = parse_email(CUSTOMER_REPLY, SpeakerLabels())
    assert conversation.utterances[0].speaker == "unknown"


@pytest.mark.parametrize("data, message", [
    (b"", "The e-mail is empty."),
    (b"Agent: hi\nCustomer: hello\n", "The e-mail has no From: header with the sender's address."),
    (b"Subject: hi\nDate: Wed, 01 May 2024 12:02:11 +0200\n\nbody", "The e-mail has no From: header"),
    (b"From: a@example.org\nContent-Type: application/pdf\n\n%PDF-1.4", "The e-mail has no text of its own"),
    (b"From: a@example.org\n\n> only a quote\n", "The e-mail has no text of its own"),
    (b"From: a@example.org\n\nPK\x03\x04\x00\x00", "The e-mail looks like a binary file"),
])
def test_malformed_messages_are_refused(data, message):
    with pytest.raises(FormatError) as caught:
        parse_email(data, AGENTS)
    assert str(caught.value).startswith(message)
    assert "An .eml file is one complete message" in str(caught.value) or "binary" in str(caught.value)
