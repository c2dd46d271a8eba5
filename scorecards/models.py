"""Scorecards and their versions. A published version never changes; editing makes a new draft."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import User
from qa.extensions import db
from qa.timeutil import utcnow


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class Scorecard(db.Model):
    __tablename__ = "scorecards"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the whole scorecard is retired: no new evaluations on any of its versions.
    retired_at: Mapped[datetime | None]

    versions: Mapped[list[ScorecardVersion]] = relationship(
        back_populates="scorecard", order_by="ScorecardVersion.number", cascade="all, delete-orphan")
    created_by: Mapped[User | None] = relationship()


class ScorecardVersion(db.Model):
    """One version's definition (scorecards.definition). Only a draft may change, guarded by `revision`."""

    __tablename__ = "scorecard_versions"
    __table_args__ = (UniqueConstraint("scorecard_id", "number", name="scorecard_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(10), default=VersionStatus.DRAFT.value, index=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    # Bumped by every save of a draft: a save based on an older revision is refused, not merged.
    revision: Mapped[int] = mapped_column(default=1)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None]
    retired_at: Mapped[datetime | None]

    scorecard: Mapped[Scorecard] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    updated_by: Mapped[User | None] = relationship(foreign_keys=[updated_by_id])

    @property
    def label(self) -> str:
        return f"{self.scorecard.name} v{self.number}"
