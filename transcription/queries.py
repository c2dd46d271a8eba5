"""Which interactions a user may see, filtered and paged for the list page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select

from qa.extensions import db
from qa.roles import STAFF_ROLES
from qa.timeutil import end_of_day
from transcription.models import Interaction, TagHit
from transcription.sentiment import LABEL_CONDITIONS

PAGE_SIZE = 50


@dataclass(frozen=True)
class Metric:
    label: str
    unit: str
    to_stored: float  # one unit of the filter in the stored metric (minutes → seconds: 60)


# The call metrics (transcription.metrics) a list can be filtered on, in the units people think in.
METRICS = {
    "hold_seconds": Metric("Hold time", "minutes", 60),
    "longest_silence_seconds": Metric("Longest silence", "seconds", 1),
    "silence_share": Metric("Silence", "% of the call", 0.01),
    "agent_talk_share": Metric("Agent talk", "% of talk", 0.01),
    "overtalk_count": Metric("Overtalk", "times", 1),
    "longest_agent_monologue_seconds": Metric("Longest agent monologue", "seconds", 1),
    "first_agent_response_seconds": Metric("Wait for the agent", "seconds", 1),
}


def visible_interactions(user) -> Select:
    return only_visible(db.select(Interaction), user)


def only_visible(query: Select, user) -> Select:
    """Staff see every interaction; an agent sees only their own."""
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
    tag: str | None = None
    customer_end_sentiment: str | None = None  # negative, neutral or positive
    metric: str | None = None  # a key of METRICS, between metric_min and metric_max (its units)
    metric_min: float | None = None
    metric_max: float | None = None

    def apply(self, query: Select) -> Select:
        when = db.func.coalesce(Interaction.started_at, Interaction.created_at)
        for column, value in ((Interaction.agent_id, self.agent_id), (Interaction.team_id, self.team_id),
                              (Interaction.channel, self.channel), (Interaction.status, self.status)):
            if value:
                query = query.where(column == value)
        if self.date_from:
            query = query.where(when >= self.date_from)
        if self.date_to:
            query = query.where(when < end_of_day(self.date_to))
        if self.min_seconds is not None:
            query = query.where(Interaction.duration_seconds >= self.min_seconds)
        if self.max_seconds is not None:
            query = query.where(Interaction.duration_seconds <= self.max_seconds)
        if self.tag:
            query = query.where(db.select(TagHit.id).where(
                TagHit.interaction_id == Interaction.id, TagHit.key == self.tag,
                TagHit.dismissed_at.is_(None)).exists())
        if self.customer_end_sentiment:
            query = query.where(LABEL_CONDITIONS[self.customer_end_sentiment](
                Interaction.customer_end_sentiment))
        return self._apply_metric(query)

    def _apply_metric(self, query: Select) -> Select:
        if not self.metric or (self.metric_min is None and self.metric_max is None):
            return query
        value, scale = Interaction.metrics[self.metric].as_float(), METRICS[self.metric].to_stored
        if self.metric_min is not None:
            query = query.where(value >= self.metric_min * scale)
        if self.metric_max is not None:
            query = query.where(value <= self.metric_max * scale)
        return query


def list_interactions(user, filters: InteractionFilter, page: int) -> tuple[list[Interaction], int]:
    query = filters.apply(visible_interactions(user))
    total = db.session.scalar(db.select(db.func.count()).select_from(query.subquery()))
    rows = db.session.scalars(query.order_by(Interaction.created_at.desc(), Interaction.id.desc())
                              .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return list(rows), total
