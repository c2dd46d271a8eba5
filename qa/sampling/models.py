"""Sampling rules, their runs, and the assignments they make: which reviewer reviews which interaction."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import User
from qa.extensions import db
from qa.timeutil import utcnow
from scorecards.models import Scorecard
from transcription.models import Interaction


class AssignmentStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class SamplingRule(db.Model):
    """What a QA lead wants reviewed: a population, a quota per period, a reviewer pool."""

    __tablename__ = "sampling_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id"))
    # The population: {"team_id", "channel", "tag", "min_seconds", "max_seconds", "date_from", "date_to",
    # "customer_end_sentiment"}; absent keys do not filter.
    population: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    quota_kind: Mapped[str] = mapped_column(String(10), default="per_agent")  # per_agent or percent
    quota: Mapped[float] = mapped_column(default=2)  # interactions per agent, or a percentage
    period: Mapped[str] = mapped_column(String(6), default="week")  # day, week or month
    stratify_by: Mapped[str | None] = mapped_column(String(20))  # None, "channel" or "tag"
    reviewer_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    per_reviewer_cap: Mapped[int | None]  # open assignments a reviewer may hold from one run
    due_days: Mapped[int] = mapped_column(default=3)
    scheduled: Mapped[bool] = mapped_column(default=True)  # run by the workers at each period's start
    next_run_at: Mapped[datetime | None] = mapped_column(index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    scorecard: Mapped[Scorecard] = relationship()


class SamplingRun(db.Model):
    """One run of a rule over one period. The seed is kept so the draw can be reproduced."""

    __tablename__ = "sampling_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("sampling_rules.id", ondelete="CASCADE"), index=True)
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]
    seed: Mapped[int]
    trigger: Mapped[str] = mapped_column(String(10))  # schedule or manual
    assigned: Mapped[int] = mapped_column(default=0)
    # Why candidates were left out, counted: {"not_ready": 3, "already_assigned": 1, "no_reviewer": 0, ...}
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    run_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    rule: Mapped[SamplingRule] = relationship()


class Assignment(db.Model):
    __tablename__ = "assignments"
    __table_args__ = (Index("ix_assignments_reviewer_status_due", "reviewer_id", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("sampling_rules.id", ondelete="SET NULL"), index=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("sampling_runs.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=AssignmentStatus.OPEN.value)
    due_at: Mapped[datetime | None]
    reassigned_reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    interaction: Mapped[Interaction] = relationship()
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    scorecard: Mapped[Scorecard] = relationship()
    rule: Mapped[SamplingRule | None] = relationship()

    @property
    def overdue(self) -> bool:
        return self.status == AssignmentStatus.OPEN.value and self.due_at is not None and self.due_at < utcnow()
