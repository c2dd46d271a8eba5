from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import Team, User
from qa.extensions import db
from qa.timeutil import utcnow


class Channel(StrEnum):
    PHONE = "phone"
    CHAT = "chat"
    EMAIL = "email"
    SOCIAL = "social"


class InteractionStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class Speaker(StrEnum):
    AGENT = "agent"
    CUSTOMER = "customer"
    UNKNOWN = "unknown"


class Interaction(db.Model):
    """One customer contact: a call, a chat, an e-mail thread or a social conversation."""

    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The source system's id; importing it again finds this row instead of making another.
    source_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    # sha256 of the recording, or of the parsed conversation for text: the other idempotency key.
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(12), default=InteractionStatus.RECEIVED.value, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"), index=True)
    started_at: Mapped[datetime | None] = mapped_column(index=True)
    duration_seconds: Mapped[float | None]
    original_filename: Mapped[str] = mapped_column(String(200))  # display only, never a path
    media_kind: Mapped[str] = mapped_column(String(10))  # "audio" or "text"
    media_path: Mapped[str | None] = mapped_column(String(200))  # relative to STORAGE_PATH
    # The unredacted recording, kept only when KEEP_ORIGINAL_AUDIO is on.
    original_media_path: Mapped[str | None] = mapped_column(String(200))
    audio_channels: Mapped[int | None]
    sample_rate: Mapped[int | None]
    # For stereo calls: which channel carries the agent ("left" or "right").
    agent_channel: Mapped[str | None] = mapped_column(String(5))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the source's metadata
    metrics: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Voice-activity spans per speaker, {"agent": [[start, end], ...], ...}: metrics are recomputed from them.
    voice_activity: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Per speaker: {"customer": {"start", "end", "trend", "mean", "count"}, ...} (transcription.sentiment).
    sentiment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # The customer's sentiment at the end of the conversation, a column of its own to filter on.
    customer_end_sentiment: Mapped[float | None] = mapped_column(index=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    agent: Mapped[User | None] = relationship(foreign_keys=[agent_id])
    team: Mapped[Team | None] = relationship()
    utterances: Mapped[list[Utterance]] = relationship(
        back_populates="interaction", order_by="Utterance.position", cascade="all, delete-orphan")
    tag_hits: Mapped[list[TagHit]] = relationship(order_by="TagHit.id", cascade="all, delete-orphan")


class Utterance(db.Model):
    """One line of the timeline: a speaker's turn with its time and words."""

    __tablename__ = "utterances"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    speaker: Mapped[str] = mapped_column(String(10))
    speaker_name: Mapped[str | None] = mapped_column(String(200))
    start: Mapped[float | None]
    end: Mapped[float | None]
    sent_at: Mapped[datetime | None]
    text: Mapped[str] = mapped_column(Text)
    # [[start, end, word, probability], ...] for recognised speech; empty for typed text.
    words: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    confidence: Mapped[float | None]
    overlaps: Mapped[bool] = mapped_column(default=False)  # spoken while the other side was speaking
    # [[start, end, kind], ...]: where the placeholders of redacted PII sit in `text`.
    redactions: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)
    sentiment: Mapped[float | None]  # VADER's compound score, -1 (negative) to 1 (positive)
    # The words as the search index holds them (transcription.search.terms), kept by an ORM event.
    search_terms: Mapped[str] = mapped_column(Text, default="")

    interaction: Mapped[Interaction] = relationship(back_populates="utterances")


class TagHit(db.Model):
    """A tag found in an interaction, with its evidence: the utterance, the character span and the time."""

    __tablename__ = "tag_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    utterance_id: Mapped[int] = mapped_column(ForeignKey("utterances.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(60), index=True)
    start: Mapped[int]  # character span in the utterance's (redacted) text
    end: Mapped[int]
    time: Mapped[float | None]  # seconds into the recording, when there is one
    source: Mapped[str] = mapped_column(String(10), default="rule")  # rule, model or manual
    # The audit of reviewers' edits: who added a manual tag, who removed a tag (kept, not deleted).
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    dismissed_at: Mapped[datetime | None]

    utterance: Mapped[Utterance] = relationship()

    @property
    def active(self) -> bool:
        return self.dismissed_at is None


class TagRuleVersion(db.Model):
    """One saved version of the tag rules (TOML). The newest is in force; older ones are the history."""

    __tablename__ = "tag_rule_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    rules: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    created_by: Mapped[User | None] = relationship()


class SpeakerSwap(db.Model):
    """Audit of a reviewer swapping agent and customer on a call."""

    __tablename__ = "speaker_swaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    swapped_at: Mapped[datetime] = mapped_column(default=utcnow)
