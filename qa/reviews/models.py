"""Evaluations: a reviewer's answers to a scorecard version for one interaction, and the score they give."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import User
from qa.extensions import db
from qa.timeutil import utcnow
from scorecards.models import ScorecardVersion
from transcription.models import Interaction


class EvaluationKind(StrEnum):
    LIVE = "live"
    CALIBRATION = "calibration"  # never counts toward an agent's results; agents never see it


class EvaluationStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Evaluation(db.Model):
    __tablename__ = "evaluations"
    __table_args__ = (
        # The agent's list and the reviewer's list, newest first.
        Index("ix_evaluations_agent_submitted", "agent_id", "submitted_at"),
        Index("ix_evaluations_reviewer_status", "reviewer_id", "status"),
        # Each participant scores each calibration interaction once.
        UniqueConstraint("calibration_item_id", "reviewer_id", name="calibration_item_reviewer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    # Copied from the interaction when the review starts, so a later re-assignment does not move scores.
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    scorecard_version_id: Mapped[int] = mapped_column(ForeignKey("scorecard_versions.id"), index=True)
    # One evaluation per assignment: the unique key is what stops two reviewers submitting one assignment.
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="SET NULL"),
                                                      unique=True)
    kind: Mapped[str] = mapped_column(String(12), default=EvaluationKind.LIVE.value)
    # A calibration score belongs to one interaction of one session (qa.calibration).
    calibration_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("calibration_items.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=EvaluationStatus.DRAFT.value, index=True)
    overall_comment: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None]
    auto_fail_reason: Mapped[str | None] = mapped_column(String(300))
    passed: Mapped[bool | None]
    seconds_spent: Mapped[int] = mapped_column(default=0)  # time on the review page, counted by the page
    # Bumped by every save: an autosave from a stale page is refused instead of overwriting newer answers.
    revision: Mapped[int] = mapped_column(default=1)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(index=True)
    acknowledged_at: Mapped[datetime | None]

    interaction: Mapped[Interaction] = relationship()
    agent: Mapped[User | None] = relationship(foreign_keys=[agent_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    version: Mapped[ScorecardVersion] = relationship()
    answers: Mapped[list[EvaluationAnswer]] = relationship(
        back_populates="evaluation", order_by="EvaluationAnswer.id", cascade="all, delete-orphan")
    moments: Mapped[list[EvaluationMoment]] = relationship(
        order_by="EvaluationMoment.position", cascade="all, delete-orphan")
    breakdown_row: Mapped[EvaluationBreakdown | None] = relationship(cascade="all, delete-orphan")

    @property
    def breakdown(self) -> dict[str, Any] | None:
        """ScoreBreakdown.to_dict() as it was stored when the evaluation was last scored."""
        return self.breakdown_row.breakdown if self.breakdown_row else None

    @breakdown.setter
    def breakdown(self, value: dict[str, Any]) -> None:
        if self.breakdown_row is None:
            self.breakdown_row = EvaluationBreakdown(breakdown=value)
        else:
            self.breakdown_row.breakdown = value

    def answer_for(self, key: str) -> EvaluationAnswer | None:
        return next((a for a in self.answers if a.criterion_key == key), None)


class EvaluationBreakdown(db.Model):
    """An evaluation's stored score breakdown: a few kilobytes of JSON, kept out of the evaluations table so
    that the lists, which scan and count evaluations, read small rows."""

    __tablename__ = "evaluation_breakdowns"

    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True)
    breakdown: Mapped[dict[str, Any]] = mapped_column(JSON)


class EvaluationAnswer(db.Model):
    """One criterion's answer. AutoQA's suggestion is kept beside it, so its accuracy can be measured."""

    __tablename__ = "evaluation_answers"
    __table_args__ = (UniqueConstraint("evaluation_id", "criterion_key", name="evaluation_criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    criterion_key: Mapped[str] = mapped_column(String(40))
    value: Mapped[str | None] = mapped_column(String(40))  # None until answered
    comment: Mapped[str] = mapped_column(Text, default="")
    autoqa_value: Mapped[str | None] = mapped_column(String(40))
    autoqa_reason: Mapped[str | None] = mapped_column(Text)  # AutoQA's one sentence on why, for the reviewer
    # [{"position", "start", "end", "time", "tag", "note"}]: the transcript evidence for the suggestion.
    autoqa_evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    earned: Mapped[float | None]  # points of the total, from the breakdown when submitted
    possible: Mapped[float | None]

    evaluation: Mapped[Evaluation] = relationship(back_populates="answers")

    @property
    def overridden(self) -> bool:
        return self.autoqa_value is not None and self.value is not None and self.value != self.autoqa_value


class EvaluationMoment(db.Model):
    """A reviewer's comment pinned to a moment of the transcript (a line, and a time for calls)."""

    __tablename__ = "evaluation_moments"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    criterion_key: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int]  # the utterance's position in the interaction
    time: Mapped[float | None]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
