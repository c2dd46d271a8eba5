"""Disputes: an agent contests criteria of an evaluation; a resolver decides each one."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import User
from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.timeutil import utcnow


class DisputeStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"


class Dispute(db.Model):
    __tablename__ = "disputes"
    __table_args__ = (
        # One open dispute per evaluation, even when two requests open one at the same moment.
        Index("uq_disputes_one_open_per_evaluation", "evaluation_id", unique=True,
              sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    raised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    resolver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=DisputeStatus.OPEN.value, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    resolution_note: Mapped[str] = mapped_column(Text, default="")
    score_before: Mapped[float | None]
    score_after: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    evaluation: Mapped[Evaluation] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
    resolver: Mapped[User | None] = relationship(foreign_keys=[resolver_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    items: Mapped[list[DisputeItem]] = relationship(
        back_populates="dispute", order_by="DisputeItem.id", cascade="all, delete-orphan")


class DisputeItem(db.Model):
    """One contested criterion, with the agent's reason and the resolver's decision."""

    __tablename__ = "dispute_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    dispute_id: Mapped[int] = mapped_column(ForeignKey("disputes.id", ondelete="CASCADE"), index=True)
    criterion_key: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    original_value: Mapped[str | None] = mapped_column(String(40))
    proposed_value: Mapped[str | None] = mapped_column(String(40))
    decision: Mapped[str | None] = mapped_column(String(10))  # accepted or rejected
    final_value: Mapped[str | None] = mapped_column(String(40))

    dispute: Mapped[Dispute] = relationship(back_populates="items")
