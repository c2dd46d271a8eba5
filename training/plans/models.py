"""Coaching plans: for one agent, the competencies to work on, the evidence why, the modules to do and a
goal; proposed by a job from the competency profile or written by a trainer, and assigned by a trainer."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from qa.accounts.models import User
from qa.extensions import db
from qa.timeutil import utcnow
from training.modules.models import CoachingModule


class PlanStatus(StrEnum):
    PROPOSED = "proposed"    # made by the proposal job; only trainers see it until it is assigned
    ACTIVE = "active"        # assigned: the agent sees it and works through it
    COMPLETED = "completed"
    DISMISSED = "dismissed"  # a proposal the trainer turned down (kept, so the job does not propose it again)
    CANCELLED = "cancelled"  # an assigned plan stopped before it was completed


class PlanSource(StrEnum):
    PROPOSED = "proposed"
    MANUAL = "manual"


class PlanModuleStatus(StrEnum):
    TODO = "todo"
    STARTED = "started"
    DONE = "done"


class CoachingPlan(db.Model):
    __tablename__ = "coaching_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(10), default=PlanStatus.PROPOSED.value, index=True)
    source: Mapped[str] = mapped_column(String(8), default=PlanSource.MANUAL.value)
    title: Mapped[str] = mapped_column(String(200))
    focus: Mapped[list[str]] = mapped_column(JSON, default=list)  # competency keys, weakest first
    # The goal, e.g. "empathy ≥ 80 % by 2027-01-31": a competency, a target score (0–100) and a date.
    goal_competency: Mapped[str | None] = mapped_column(String(40))
    goal_target: Mapped[float | None]
    goal_due: Mapped[date | None]
    # A snapshot of the profile numbers and the evaluations and moments behind each focus competency, taken
    # when the plan was proposed or written, so the plan still shows why it was made after scores move on.
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")  # the trainer's words to the agent
    revision: Mapped[int] = mapped_column(default=1)  # edits are saved against it, like scorecard drafts
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    assigned_at: Mapped[datetime | None] = mapped_column(index=True)
    completed_at: Mapped[datetime | None]

    agent: Mapped[User] = relationship(foreign_keys=[agent_id])
    trainer: Mapped[User | None] = relationship(foreign_keys=[trainer_id])
    modules: Mapped[list[PlanModule]] = relationship(
        back_populates="plan", order_by="PlanModule.position", cascade="all, delete-orphan")
    reflections: Mapped[list[PlanReflection]] = relationship(
        order_by="PlanReflection.id", cascade="all, delete-orphan")


class PlanModule(db.Model):
    __tablename__ = "plan_modules"
    __table_args__ = (UniqueConstraint("plan_id", "module_id", name="plan_module"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("coaching_plans.id", ondelete="CASCADE"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("coaching_modules.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(8), default=PlanModuleStatus.TODO.value)
    started_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None] = mapped_column(index=True)
    seconds_spent: Mapped[int] = mapped_column(default=0)  # counted by the module page while it is visible

    plan: Mapped[CoachingPlan] = relationship(back_populates="modules")
    module: Mapped[CoachingModule] = relationship()


class PlanReflection(db.Model):
    """What the agent (or the trainer) wrote about the plan as it went."""

    __tablename__ = "plan_reflections"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("coaching_plans.id", ondelete="CASCADE"), index=True)
    plan_module_id: Mapped[int | None] = mapped_column(ForeignKey("plan_modules.id", ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
