"""Which columns of a CSV header hold the conversation id, time, speaker and text.

Names are matched whole, case-insensitively, with spaces and hyphens read as underscores, in the
order listed: the first listed name that the header has wins.
"""
from __future__ import annotations

from typing import NamedTuple

ID_NAMES = ("conversation_id", "conversation", "ticket_id", "ticket", "thread_id", "thread", "chat_id",
            "chat", "session_id", "case_id", "interaction_id", "dialog_id", "dialogue_id", "id")
TIME_NAMES = ("timestamp", "time", "created_at", "sent_at", "datetime", "date_time", "created", "sent",
              "date")
# A role column says agent or customer; a name column says who. Exports often have both.
ROLE_NAMES = ("role", "speaker_role", "sender_role", "sender_type", "author_role", "author_type",
              "participant_role", "participant_type")
NAME_NAMES = ("speaker", "sender", "author", "from", "participant", "speaker_name", "sender_name",
              "author_name", "name")
TEXT_NAMES = ("text", "message", "body", "content", "message_text", "msg", "utterance", "transcript",
              "comment")


class Columns(NamedTuple):
    """Indexes into a row; None where the header has no such column."""
    conversation: int | None
    times: tuple[int, ...]       # one column, or a date column and a time column to join
    role: int | None
    name: int | None
    text: int | None

    @property
    def readable(self) -> bool:
        return self.text is not None and (self.role is not None or self.name is not None)


def find_columns(header: list[str]) -> Columns:
    keys = [_key(name) for name in header]
    taken: set[int] = set()

    def pick(names: tuple[str, ...]) -> int | None:
        for name in names:
            if name in keys and keys.index(name) not in taken:
                taken.add(keys.index(name))
                return keys.index(name)
        return None

    text, role, name, conversation = pick(TEXT_NAMES), pick(ROLE_NAMES), pick(NAME_NAMES), pick(ID_NAMES)
    time = pick(TIME_NAMES)
    times: tuple[int, ...] = () if time is None else (time,)
    if time is not None and keys[time] == "time" and "date" in keys:
        times = (keys.index("date"), time)
    return Columns(conversation, times, role, name, text)


def describe_accepted_columns() -> str:
    return (f"Speaker columns: {', '.join(NAME_NAMES + ROLE_NAMES)}. Text columns: {', '.join(TEXT_NAMES)}. "
            f"Optional conversation id columns: {', '.join(ID_NAMES)}. "
            f"Optional time columns: {', '.join(TIME_NAMES)}.")


def _key(name: str) -> str:
    return name.strip().casefold().replace(" ", "_").replace("-", "_")
