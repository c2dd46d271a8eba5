"""Calibration: several reviewers score the same interactions blind, a facilitator records the agreed
("gold") answers, and reviewers can be required to match gold before they review live work."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import User
from qa.extensions import db
from qa.timeutil import utcnow
from scorecards.models import Scorecard, ScorecardVersion
from transcription.models import Interaction


class SessionKind(StrEnum):
    CALIBRATION = "calibration"
    CERTIFICATION = "certification"  # one reviewer scoring gold interactions to be allowed live work


class SessionStatus(StrEnum):
    OPEN = "open"  # scoring; answers are revealed once the deadline passes or everyone has scored
    CLOSED = "closed"  # gold answers recorded, nothing changes any more


class CalibrationSession(db.Model):
    __tablename__ = "calibration_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(14), default=SessionKind.CALIBRATION.value)
    scorecard_version_id: Mapped[int] = mapped_column(ForeignKey("scorecard_versions.id"), index=True)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    deadline_at: Mapped[datetime]
    include_autoqa: Mapped[bool] = mapped_column(default=False)  # AutoQA's answers shown as a participant
    status: Mapped[str] = mapped_column(String(8), default=SessionStatus.OPEN.value, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("calibration_schedules.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None]

    version: Mapped[ScorecardVersion] = relationship()
    facilitator: Mapped[User | None] = relationship()
    items: Mapped[list[CalibrationItem]] = relationship(
        back_populates="session", order_by="CalibrationItem.position", cascade="all, delete-orphan")
    participants: Mapped[list[CalibrationParticipant]] = relationship(
        back_populates="session", cascade="all, delete-orphan")


class CalibrationItem(db.Model):
    """One interaction of a session, with AutoQA's answers to it when AutoQA takes part."""

    __tablename__ = "calibration_items"
    __table_args__ = (UniqueConstraint("session_id", "interaction_id", name="session_interaction"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("calibration_sessions.id", ondelete="CASCADE"), index=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    autoqa_answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # criterion key → value

    session: Mapped[CalibrationSession] = relationship(back_populates="items")
    interaction: Mapped[Interaction] = relationship()
    gold: Mapped[list[GoldAnswer]] = relationship(order_by="GoldAnswer.id", cascade="all, delete-orphan")


class CalibrationParticipant(db.Model):
    __tablename__ = "calibration_participants"

    session_id: Mapped[int] = mapped_column(ForeignKey("calibration_sessions.id", ondelete="CASCADE"),
                                            primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)

    session: Mapped[CalibrationSession] = relationship(back_populates="participants")
    reviewer: Mapped[User] = relationship()


class GoldAnswer(db.Model):
    """The answer the facilitator recorded as agreed for one criterion of one session interaction."""

    __tablename__ = "gold_answers"
    __table_args__ = (UniqueConstraint("item_id", "criterion_key", name="item_criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("calibration_items.id", ondelete="CASCADE"), index=True)
    criterion_key: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalibrationSchedule(db.Model):
    """A recurring session: every period, interactions drawn at random from a population."""

    __tablename__ = "calibration_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    population: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # as SamplingRule.population
    reviewer_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    interactions_per_session: Mapped[int] = mapped_column(default=1)
    period: Mapped[str] = mapped_column(String(6), default="week")
    deadline_days: Mapped[int] = mapped_column(default=3)
    include_autoqa: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    next_run_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    scorecard: Mapped[Scorecard] = relationship()


class CertificationRule(db.Model):
    """Per scorecard: whether reviewers must pass certification, on which gold items, within what tolerance."""

    __tablename__ = "certification_rules"

    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"), primary_key=True)
    required: Mapped[bool] = mapped_column(default=False)
    gold_item_ids: Mapped[list[int]] = mapped_column(JSON, default=list)  # the pool: CalibrationItems with gold
    # How many of the pool each attempt draws (None: all of them). Drawing from a larger pool keeps a retake
    # from being the same interactions whose gold answers the failed attempt showed.
    items_per_attempt: Mapped[int | None]
    # Pass when every interaction's total is within this many points of gold's total...
    tolerance_points: Mapped[float] = mapped_column(default=10)
    # ...and at least this share of all criteria answers match gold.
    min_matching_share: Mapped[float] = mapped_column(default=0.8)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CertificationStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    FAILED = "failed"


class Certification(db.Model):
    """One attempt of a reviewer at a scorecard's certification: a certification session with them alone."""

    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("calibration_sessions.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default=CertificationStatus.IN_PROGRESS.value)
    # Per interaction: gold total, the reviewer's total, the criteria where they diverged.
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    reviewer: Mapped[User] = relationship()
    session: Mapped[CalibrationSession | None] = relationship()


class AgreementCache(db.Model):
    """Agreement statistics computed once for a set of answers (a session's, or a version's over a period):
    the bootstrap takes seconds, the answers rarely change, and `fingerprint` says when they have."""

    __tablename__ = "agreement_cache"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)   # e.g. "session:12"
    fingerprint: Mapped[str] = mapped_column(String(64))               # a hash of the answers' ids and times
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
