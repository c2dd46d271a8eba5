"""What the review pages show, read from the database: the reviewer's queue, a review's questions with
their answers and AutoQA suggestions, the live score, and the other reviews the reviewer may see.

Blindness is the queries module's (`only_visible_evaluations`): everything about other reviewers'
evaluations goes through it, so a page cannot show a score its reader is not allowed to see yet.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import url_for
from sqlalchemy.orm import selectinload

from qa.extensions import db
from qa.reviews.models import Evaluation, EvaluationAnswer, EvaluationStatus
from qa.reviews.queries import only_visible_evaluations
from qa.reviews.services import REVIEWER_ROLES
from qa.sampling.models import Assignment
from qa.sampling.services import open_assignments_for
from scorecards.definition import YES_NO_LABELS, Criterion, Definition, Section, parse_definition
from scorecards.engine import ScoreBreakdown, score
from scorecards.models import Scorecard, ScorecardVersion, VersionStatus
from transcription.models import Interaction, InteractionStatus

RECENT_SUBMITTED = 10


@dataclass(frozen=True)
class Evidence:
    position: int
    line: int            # 1-based, as the transcript shows it
    time: float | None
    note: str


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    answer: EvaluationAnswer
    choices: list[tuple[str, str]]
    applies: bool
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def autoqa_label(self) -> str | None:
        value = self.answer.autoqa_value
        return None if value is None else YES_NO_LABELS.get(value, value)


@dataclass(frozen=True)
class ReviewSheet:
    definition: Definition
    sections: list[tuple[Section, list[CriterionRow]]]

    @property
    def questions(self) -> dict[str, str]:
        return {criterion.key: criterion.question for _, criterion in self.definition.criteria()}


def review_sheet(evaluation: Evaluation) -> ReviewSheet:
    definition = parse_definition(evaluation.version.definition)
    channel = evaluation.interaction.channel
    sections = []
    for section in definition.sections:
        rows = []
        for criterion in section.criteria:
            answer = evaluation.answer_for(criterion.key) or EvaluationAnswer(criterion_key=criterion.key)
            evidence = [Evidence(item["position"], item["position"] + 1, item.get("time"), item.get("note") or "")
                        for item in answer.autoqa_evidence or [] if item.get("position") is not None]
            rows.append(CriterionRow(criterion, answer, definition.allowed_values(criterion, channel),
                                     definition.applies_to(criterion, channel), evidence))
        sections.append((section, rows))
    return ReviewSheet(definition, sections)


def live_score(evaluation: Evaluation) -> ScoreBreakdown:
    """The score the answers saved so far would get; incomplete until every question is answered."""
    definition = parse_definition(evaluation.version.definition)
    return score(definition, {a.criterion_key: a.value for a in evaluation.answers}, evaluation.interaction.channel)


def shown_breakdown(evaluation: Evaluation) -> dict:
    """A submitted evaluation's stored breakdown (the rules it was scored by); a draft's live score."""
    if evaluation.status == EvaluationStatus.SUBMITTED.value and evaluation.breakdown:
        return evaluation.breakdown
    return live_score(evaluation).to_dict()


def submitted_url(evaluation: Evaluation) -> str:
    """Where a submitted review leads: its evaluation page, or for a calibration score back to its session
    (qa.calibration's `calibration.item` route, named by endpoint so reviews need not import calibration)."""
    if evaluation.calibration_item_id is not None:
        return url_for("calibration.item", item_id=evaluation.calibration_item_id)
    return url_for("evaluations.show", evaluation_id=evaluation.id)


def other_reviews(evaluation: Evaluation, user) -> list[Evaluation]:
    """Others' submitted evaluations of the same interaction that `user` may see (none while reviewing it)."""
    query = only_visible_evaluations(db.select(Evaluation), user).where(
        Evaluation.interaction_id == evaluation.interaction_id, Evaluation.id != evaluation.id,
        Evaluation.reviewer_id != user.id, Evaluation.status == EvaluationStatus.SUBMITTED.value)
    return list(db.session.scalars(query.order_by(Evaluation.submitted_at.desc())))


@dataclass(frozen=True)
class Queue:
    assignments: list[tuple[Assignment, Evaluation | None]]   # with the reviewer's draft when started
    drafts: list[Evaluation]                                 # drafts not tied to an open assignment
    submitted: list[Evaluation]


def queue_for(user) -> Queue:
    assignments = open_assignments_for(user.id)
    started = {e.assignment_id: e for e in db.session.scalars(db.select(Evaluation).where(
        Evaluation.assignment_id.in_([a.id for a in assignments]), Evaluation.reviewer_id == user.id))}
    listed = (selectinload(Evaluation.interaction), selectinload(Evaluation.agent),
              selectinload(Evaluation.version).selectinload(ScorecardVersion.scorecard))
    drafts = db.session.scalars(db.select(Evaluation).where(
        Evaluation.reviewer_id == user.id, Evaluation.status == EvaluationStatus.DRAFT.value)
        .options(*listed, selectinload(Evaluation.answers)).order_by(Evaluation.updated_at.desc())).all()
    submitted = db.session.scalars(db.select(Evaluation).where(
        Evaluation.reviewer_id == user.id, Evaluation.status == EvaluationStatus.SUBMITTED.value)
        .options(*listed).order_by(Evaluation.submitted_at.desc()).limit(RECENT_SUBMITTED)).all()
    return Queue(assignments=[(a, started.get(a.id)) for a in assignments],
                 drafts=[d for d in drafts if d.assignment_id not in started],
                 submitted=list(submitted))


def startable_scorecards() -> list[Scorecard]:
    """Scorecards a new review can be scored on: not retired, with a published version."""
    return list(db.session.scalars(db.select(Scorecard).join(ScorecardVersion).where(
        Scorecard.retired_at.is_(None), ScorecardVersion.status == VersionStatus.PUBLISHED.value)
        .order_by(Scorecard.name)))


@dataclass(frozen=True)
class StartOptions:
    scorecards: list[Scorecard]
    drafts: list[Evaluation]


def review_start_for(user, interaction: Interaction) -> StartOptions | None:
    """What the interaction page offers this user for reviewing it; None when they cannot review it."""
    if (not user.is_authenticated or not user.has_any_role(REVIEWER_ROLES)
            or interaction.status != InteractionStatus.READY.value or interaction.agent_id == user.id):
        return None
    drafts = db.session.scalars(db.select(Evaluation).where(
        Evaluation.interaction_id == interaction.id, Evaluation.reviewer_id == user.id,
        Evaluation.status == EvaluationStatus.DRAFT.value)).all()
    return StartOptions(startable_scorecards(), list(drafts))


def answered_count(evaluation: Evaluation) -> tuple[int, int]:
    """(answered, questions) for a draft's progress; N/A counts as answered."""
    return sum(1 for a in evaluation.answers if a.value is not None), len(evaluation.answers)
