"""The shapes every transcript parser returns, and the rules they share.

Parsers are pure functions from uploaded bytes to `ParsedConversation`s; they never touch the
database or the request, so the ingest job, the CLI and the tests can all call them alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from qa.errors import Refused

# Longer than any real chat message or e-mail body; a longer one is a wrong file or an attack, and
# refusing it early keeps one upload from tying up a worker.
MAX_UTTERANCE_CHARS = 20_000

class FormatError(Refused):
    """An upload that cannot be read. The message says what is wrong and what is accepted."""


@dataclass
class ParsedUtterance:
    speaker: str                        # "agent", "customer" or "unknown"
    text: str
    speaker_name: str | None = None     # the label or address as written in the source
    start: float | None = None          # seconds from the conversation's start, when known
    end: float | None = None
    sent_at: datetime | None = None     # absolute time (naive UTC) when the source has one


@dataclass
class ParsedConversation:
    utterances: list[ParsedUtterance]
    source_id: str | None = None        # ticket/conversation id, thread root Message-ID, ...
    started_at: datetime | None = None  # naive UTC
    metadata: dict = field(default_factory=dict)
    # Typed rather than buried in metadata because ingest samples and stratifies on them.
    channel: str | None = None          # phone | chat | email | social, when the source says
    agent_email: str | None = None      # the handling agent's account, when the source says


@dataclass(frozen=True)
class SpeakerLabels:
    """How the labels written in a transcript map to roles; configurable per team."""

    agent: tuple[str, ...] = ("agent", "rep", "representative", "advisor", "support")
    customer: tuple[str, ...] = ("customer", "client", "caller", "user")
    agent_addresses: tuple[str, ...] = ()   # "jane@shop.com" or "@shop.com" (a whole domain)

    def role_for(self, label: str) -> str:
        """The role a label names; "unknown" unless it is one of the configured words or addresses.

        Only whole labels match: "Customer Service" is not "customer", and guessing would put words
        in the wrong mouth on a scorecard.
        """
        if _looks_like_address(label):
            return self.role_for_address(label) or "unknown"
        key = _label_key(label)
        if key in {_label_key(word) for word in self.agent}:
            return "agent"
        if key in {_label_key(word) for word in self.customer}:
            return "customer"
        return "unknown"

    def role_for_address(self, address: str) -> str | None:
        """agent when the address or its domain is configured; customer when addresses are configured
        but this one is not (someone wrote in from outside); None when no addresses are configured."""
        if not self.agent_addresses:
            return None
        address = address.strip().casefold()
        domain = address.rpartition("@")[2]
        for entry in self.agent_addresses:
            entry = entry.strip().casefold()
            is_domain = "@" not in entry.lstrip("@")
            if entry == address or (is_domain and entry.lstrip("@") == domain):
                return "agent"
        return "customer"


def _label_key(label: str) -> str:
    return label.strip().lstrip("@").casefold()


def _looks_like_address(label: str) -> bool:
    local, at, domain = label.strip().partition("@")
    return bool(local and at and "." in domain and " " not in label.strip())


def check_utterance_length(text: str, where: str) -> None:
    if len(text) > MAX_UTTERANCE_CHARS:
        raise FormatError(
            f"{where}: a message of {len(text):,} characters is too long. "
            f"Each message may have at most {MAX_UTTERANCE_CHARS:,} characters; check that the file is a "
            "transcript whose messages are kept apart as its format says.")


def with_relative_starts(utterances: list[ParsedUtterance]) -> list[ParsedUtterance]:
    """Give utterances that have only an absolute time a `start` counted from the earliest one.

    Done only when every utterance has `sent_at`, so starts are never half known.
    """
    if not utterances or any(u.sent_at is None for u in utterances):
        return utterances
    first = min(u.sent_at for u in utterances)
    return [u if u.start is not None else replace(u, start=(u.sent_at - first).total_seconds())
            for u in utterances]
