"""Coaching sessions: scheduled one-to-ones between a coach and an agent, with an agenda, notes and agreed
actions, which both sides confirm."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import User
from qa.extensions import db
from qa.timeutil import utcnow
from training.plans.models import CoachingPlan


class CoachingSessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"            # the coach wrote it up; waiting for, or with, both confirmations
    CANCELLED = "cancelled"


class CoachingSession(db.Model):
    __tablename__ = "coaching_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    coach_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("coaching_plans.id", ondelete="SET NULL"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(index=True)
    duration_minutes: Mapped[int] = mapped_column(default=30)
    status: Mapped[str] = mapped_column(String(10), default=CoachingSessionStatus.SCHEDULED.value, index=True)
    agenda: Mapped[str] = mapped_column(Text, default="")  # pre-filled from the plan's evidence, then edited
    notes: Mapped[str] = mapped_column(Text, default="")
    coach_confirmed_at: Mapped[datetime | None]
    agent_confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    agent: Mapped[User] = relationship(foreign_keys=[agent_id])
    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id])
    plan: Mapped[CoachingPlan | None] = relationship()
    actions: Mapped[list[SessionAction]] = relationship(
        back_populates="session", order_by="SessionAction.id", cascade="all, delete-orphan")


class SessionAction(db.Model):
    """Something agreed in a session: who does it by when."""

    __tablename__ = "coaching_session_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("coaching_sessions.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_on: Mapped[date | None]
    done_at: Mapped[datetime | None]

    session: Mapped[CoachingSession] = relationship(back_populates="actions")
    owner: Mapped[User | None] = relationship()
