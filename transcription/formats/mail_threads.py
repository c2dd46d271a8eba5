"""Grouping e-mails into threads by Message-ID, In-Reply-To and References (RFC 5322 §3.6.4).

Subjects are not used: "Re: Order" from two customers is two threads.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from transcription.formats.base import ParsedUtterance


@dataclass(frozen=True)
class MailItem:
    position: int                      # in the file, for a stable order
    message_id: str | None
    referenced_ids: tuple[str, ...]    # References oldest first, then In-Reply-To
    subject: str | None
    participants: tuple[str, ...]
    utterance: ParsedUtterance | None  # None when the message adds no text of its own

    @property
    def root_id(self) -> str | None:
        """The first message of its thread as this message knows it, even if that one is not in the file."""
        return self.referenced_ids[0] if self.referenced_ids else self.message_id


def group_threads(items: list[MailItem]) -> list[list[MailItem]]:
    """Threads in the order their first message appears, each ordered by Date.

    Messages without a Date go after the dated ones, in file order.
    """
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for item in items:
        for other in item.referenced_ids:
            parent[find(other)] = find(_key(item))
    threads: dict[str, list[MailItem]] = {}
    for item in items:
        threads.setdefault(find(_key(item)), []).append(item)
    return [sorted(thread, key=_date_order) for thread in threads.values()]


def _key(item: MailItem) -> str:
    # Messages without an id cannot be referenced; a position key keeps them apart from each other.
    return item.message_id or f"\0{item.position}"


def _date_order(item: MailItem) -> tuple[datetime, int]:
    sent = item.utterance.sent_at if item.utterance else None
    return (sent or datetime.max, item.position)
