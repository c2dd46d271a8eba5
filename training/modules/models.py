"""Coaching modules: what a trainer writes once and assigns many times (text, attachments, and clips of
real, redacted interactions: "golden calls" and "what not to do")."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import User
from qa.extensions import db
from qa.timeutil import utcnow


class ModuleStatus(StrEnum):
    DRAFT = "draft"          # the trainer is writing it; nobody can be assigned it yet
    PUBLISHED = "published"  # assignable; edits stay possible (a module is teaching text, not a score)
    ARCHIVED = "archived"    # no new assignments; plans that have it keep it


class ClipKind(StrEnum):
    GOLDEN = "golden"  # how it should be done
    AVOID = "avoid"    # what not to do


class ClipStatus(StrEnum):
    PENDING = "pending"  # the audio is being cut by a job
    READY = "ready"
    FAILED = "failed"


class CoachingModule(db.Model):
    __tablename__ = "coaching_modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[str] = mapped_column(Text, default="")  # Markdown as written; sanitised when rendered
    competencies: Mapped[list[str]] = mapped_column(JSON, default=list)  # keys of scorecards.competencies
    estimated_minutes: Mapped[int] = mapped_column(default=15)
    status: Mapped[str] = mapped_column(String(10), default=ModuleStatus.DRAFT.value, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None]

    author: Mapped[User | None] = relationship()
    attachments: Mapped[list[ModuleAttachment]] = relationship(
        back_populates="module", order_by="ModuleAttachment.id", cascade="all, delete-orphan")
    clips: Mapped[list[ModuleClip]] = relationship(
        back_populates="module", order_by="ModuleClip.position", cascade="all, delete-orphan")


class ModuleAttachment(db.Model):
    __tablename__ = "module_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("coaching_modules.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(200))  # display only, never a path
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(200))  # relative to STORAGE_PATH
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[CoachingModule] = relationship(back_populates="attachments")


class ModuleClip(db.Model):
    """A stretch of a real interaction, copied when it is made: its redacted transcript lines (without
    speaker names) and, for a recording, the redacted audio cut to [start, end]. Learners see the copy, never
    the interaction itself, whose page only its agent and staff may open."""

    __tablename__ = "module_clips"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("coaching_modules.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(8), default=ClipKind.GOLDEN.value)
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")  # what to listen for
    interaction_id: Mapped[int | None] = mapped_column(ForeignKey("interactions.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(10))
    start: Mapped[float | None]  # seconds into a recording; None for a text interaction
    end: Mapped[float | None]
    first_position: Mapped[int | None]  # utterance positions, for a text interaction (or the lines of a call)
    last_position: Mapped[int | None]
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{speaker, start, end, text}]
    audio_path: Mapped[str | None] = mapped_column(String(200))  # relative to STORAGE_PATH, once cut
    status: Mapped[str] = mapped_column(String(8), default=ClipStatus.READY.value)
    error: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[CoachingModule] = relationship(back_populates="clips")
