"""The criterion answers of submitted live evaluations, one row each, with what each answer earned as a share
of its criterion (0 to 1) and the competency the criterion trains: what profiles, plan proposals and the
effect of coaching are all computed from.

Calibration and certification scores never appear (they are not results), nor do drafts, N/A answers,
criteria that do not apply to the interaction's channel, or criteria without a competency.

The share is the criterion's own answer (yes = 1, no = 0, 4 on a 1–5 scale = 0.75, an option's points ÷ the
best option's), not the points it added to the total: a failed critical criterion elsewhere zeroes every
criterion's points, and that says nothing about this competency.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationAnswer, EvaluationKind, EvaluationStatus
from scorecards.definition import Criterion, Definition, parse_definition
from scorecards.engine import fraction_of
from scorecards.models import ScorecardVersion
from transcription.models import Interaction


@dataclass(frozen=True)
class AnswerRow:
    evaluation_id: int
    interaction_id: int
    agent_id: int
    reviewer_id: int | None
    team_id: int | None          # the interaction's team
    submitted_at: datetime
    scorecard_version_id: int
    criterion_key: str
    question: str
    competency: str
    weight: float                # the criterion's weight within its section: how much it counts in a mean
    share: float                 # 0 to 1


def answer_rows(*, agent_ids: Iterable[int] | None = None, since: datetime | None = None,
                until: datetime | None = None, team_id: int | None = None,
                criterion_keys: Iterable[str] | None = None) -> list[AnswerRow]:
    """Rows of live evaluations submitted in [since, until), oldest first; None means no limit."""
    query = (db.select(Evaluation.id, Evaluation.interaction_id, Evaluation.agent_id, Evaluation.reviewer_id,
                       Interaction.team_id, Evaluation.submitted_at, Evaluation.scorecard_version_id,
                       Interaction.channel, EvaluationAnswer.criterion_key, EvaluationAnswer.value)
             .join(EvaluationAnswer, EvaluationAnswer.evaluation_id == Evaluation.id)
             .join(Interaction, Interaction.id == Evaluation.interaction_id)
             .where(Evaluation.kind == EvaluationKind.LIVE.value,
                    Evaluation.status == EvaluationStatus.SUBMITTED.value,
                    Evaluation.agent_id.is_not(None), EvaluationAnswer.value.is_not(None)))
    if agent_ids is not None:
        query = query.where(Evaluation.agent_id.in_(list(agent_ids)))
    if since is not None:
        query = query.where(Evaluation.submitted_at >= since)
    if until is not None:
        query = query.where(Evaluation.submitted_at < until)
    if team_id is not None:
        query = query.where(Interaction.team_id == team_id)
    if criterion_keys is not None:
        query = query.where(EvaluationAnswer.criterion_key.in_(list(criterion_keys)))
    versions: dict[int, tuple[Definition, dict[str, Criterion]]] = {}
    rows = []
    for (evaluation_id, interaction_id, agent_id, reviewer_id, interaction_team, submitted_at, version_id, channel,
         key, value) in db.session.execute(query.order_by(Evaluation.submitted_at, Evaluation.id)):
        if version_id not in versions:
            versions[version_id] = _criteria_of(version_id)
        definition, criteria = versions[version_id]
        criterion = criteria.get(key)
        if criterion is None or criterion.competency is None or not definition.applies_to(criterion, channel):
            continue
        share = fraction_of(criterion, value)
        if share is None:
            continue  # N/A
        rows.append(AnswerRow(evaluation_id, interaction_id, agent_id, reviewer_id, interaction_team, submitted_at,
                              version_id, key, criterion.question, criterion.competency, float(criterion.weight),
                              float(share)))
    return rows


def _criteria_of(version_id: int) -> tuple[Definition, dict[str, Criterion]]:
    """The version's definition and its criteria by key (a lookup per answer row, so not a search)."""
    definition = parse_definition(db.session.get(ScorecardVersion, version_id).definition)
    return definition, {criterion.key: criterion for _, criterion in definition.criteria()}
