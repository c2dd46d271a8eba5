"""Which interactions a user may see, filtered and paged for the list page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select

from qa.extensions import db
from qa.roles import STAFF_ROLES
from transcription.models import Interaction

PAGE_SIZE = 50


def visible_interactions(user) -> Select:
    """Staff see every interaction; an agent sees only their own."""
    query = db.select(Interaction)
    if not user.has_any_role(STAFF_ROLES):
        query = query.where(Interaction.agent_id == user.id)
    return query


def find_visible_interaction(user, interaction_id: int) -> Interaction | None:
    return db.session.scalar(visible_interactions(user).where(Interaction.id == interaction_id))


@dataclass
class InteractionFilter:
    agent_id: int | None = None
    team_id: int | None = None
    channel: str | None = None
    status: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    min_seconds: float | None = None
    max_seconds: float | None = None

    def apply(self, query: Select) -> Select:
        when = db.func.coalesce(Interaction.started_at, Interaction.created_at)
        for column, value in ((Interaction.agent_id, self.agent_id), (Interaction.team_id, self.team_id),
                              (Interaction.channel, self.channel), (Interaction.status, self.status)):
            if value:
                query = query.where(column == value)
        if self.date_from:
            query = query.where(when >= self.date_from)
        if self.date_to:
            query = query.where(when < self.date_to + timedelta(days=1))
        if self.min_seconds is not None:
            query = query.where(Interaction.duration_seconds >= self.min_seconds)
        if self.max_seconds is not None:
            query = query.where(Interaction.duration_seconds <= self.max_seconds)
        return query


def list_interactions(user, filters: InteractionFilter, page: int) -> tuple[list[Interaction], int]:
    query = filters.apply(visible_interactions(user))
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Interaction.created_at.desc(), Interaction.id.desc())
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return list(rows), total
