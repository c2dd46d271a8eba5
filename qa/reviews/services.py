"""The review itself: start an evaluation, save answers as the reviewer goes, submit, rescore.

An evaluation is scored on the scorecard version it was started on, and keeps it forever. Drafts are
saved against the revision the page was loaded at, so a stale tab cannot overwrite newer answers.
"""
from __future__ import annotations

from dataclasses import dataclass

from blinker import Namespace

from qa import audit
from qa.accounts.models import User
from qa.errors import Refused
from qa.extensions import db
from qa.notifications import notify
from qa.reviews.autoqa import suggest_answers
from qa.reviews.models import Evaluation, EvaluationAnswer, EvaluationKind, EvaluationStatus
from qa.roles import Role
from qa.sampling.models import Assignment, AssignmentStatus
from qa.sampling.services import complete_assignment, gate_reason
from qa.timeutil import utcnow
from scorecards.definition import NA, parse_definition
from scorecards.engine import check_answers, fraction_of, score
from scorecards.models import ScorecardVersion, VersionStatus
from scorecards.services import find_scorecard, published_version
from transcription.models import Interaction, InteractionStatus

REVIEWER_ROLES = (Role.REVIEWER, Role.QA_LEAD, Role.ADMIN)
# Sent with the evaluation after it is scored (live or calibration), for the packages that build on reviews.
evaluation_submitted = Namespace().signal("evaluation-submitted")
# One autosave can add at most this much review time: a tab left open overnight is not work.
MAX_SECONDS_PER_SAVE = 120
COMMENT_MAX = 5000


@dataclass(frozen=True)
class AnswerInput:
    value: str | None
    comment: str = ""


def find_evaluation(evaluation_id: int) -> Evaluation:
    evaluation = db.session.get(Evaluation, evaluation_id)
    if evaluation is None:
        raise Refused(f"There is no evaluation {evaluation_id}.")
    return evaluation


def start_evaluation(interaction_id: int, reviewer_id: int, *, scorecard_id: int | None = None,
                     assignment_id: int | None = None, kind: str = EvaluationKind.LIVE.value) -> Evaluation:
    """The reviewer's draft for this interaction (made now, or the one they already have), AutoQA pre-filled."""
    assignment = _assignment_for(assignment_id, reviewer_id) if assignment_id else None
    if assignment is not None:
        scorecard_id, interaction_id = assignment.scorecard_id, assignment.interaction_id
        existing = db.session.scalar(db.select(Evaluation).where(Evaluation.assignment_id == assignment.id))
        if existing is not None and existing.reviewer_id == reviewer_id:
            return existing
        if existing is not None and existing.status == EvaluationStatus.SUBMITTED.value:
            raise Refused("That assignment was reviewed already.")
        if existing is not None:  # reassigned: the earlier reviewer's draft stays theirs, unassigned
            existing.assignment_id = None
            db.session.flush()
    if scorecard_id is None:
        raise Refused("Choose the scorecard to review with.")
    reviewer = _reviewer(reviewer_id)
    interaction = _reviewable_interaction(interaction_id, reviewer)
    version = _current_version(scorecard_id)
    # Live work only: a gate (qa.calibration's certification) never stands in the way of calibration scoring.
    if kind == EvaluationKind.LIVE.value and (reason := gate_reason(reviewer, version.scorecard)):
        raise Refused(reason)
    if assignment is None:
        draft = db.session.scalar(db.select(Evaluation).where(
            Evaluation.interaction_id == interaction.id, Evaluation.reviewer_id == reviewer.id,
            Evaluation.status == EvaluationStatus.DRAFT.value, Evaluation.kind == kind,
            Evaluation.scorecard_version_id == version.id))
        if draft is not None:
            return draft
    evaluation = Evaluation(interaction=interaction, agent_id=interaction.agent_id, reviewer_id=reviewer.id,
                            version=version, assignment_id=assignment.id if assignment else None, kind=kind)
    evaluation.answers = _answer_rows(parse_definition(version.definition), interaction)
    db.session.add(evaluation)
    db.session.flush()
    return evaluation


def start_calibration_evaluation(calibration_item_id: int, interaction_id: int, version_id: int,
                                 reviewer_id: int) -> Evaluation:
    """A participant's blind score of one calibration interaction on the session's version (once each)."""
    existing = db.session.scalar(db.select(Evaluation).where(
        Evaluation.calibration_item_id == calibration_item_id, Evaluation.reviewer_id == reviewer_id))
    if existing is not None and existing.status == EvaluationStatus.SUBMITTED.value:
        raise Refused("You have scored this interaction for this session already; a score is given once.")
    if existing is not None:
        return existing
    reviewer = _reviewer(reviewer_id)
    interaction = _reviewable_interaction(interaction_id, reviewer)
    version = db.session.get(ScorecardVersion, version_id)
    evaluation = Evaluation(interaction=interaction, agent_id=interaction.agent_id, reviewer_id=reviewer.id,
                            version=version, kind=EvaluationKind.CALIBRATION.value,
                            calibration_item_id=calibration_item_id)
    evaluation.answers = _answer_rows(parse_definition(version.definition), interaction)
    db.session.add(evaluation)
    db.session.flush()
    return evaluation


def save_answers(evaluation_id: int, reviewer_id: int, answers: dict[str, AnswerInput], *,
                 overall_comment: str | None = None, base_revision: int, seconds: int = 0) -> Evaluation:
    """Autosave: store what the reviewer has answered so far and the time they spent on the page."""
    evaluation = find_own_draft(evaluation_id, reviewer_id)
    if evaluation.revision != base_revision:
        raise Refused("These answers were changed in another window since this page was loaded. "
                      "Reload the review to see the newest answers.")
    definition = parse_definition(evaluation.version.definition)
    check_answers(definition, {key: given.value for key, given in answers.items()}, evaluation.interaction.channel)
    for key, given in answers.items():
        answer = evaluation.answer_for(key)
        answer.value = given.value or None
        answer.comment = _comment(given.comment)
    if overall_comment is not None:
        evaluation.overall_comment = _comment(overall_comment)
    evaluation.seconds_spent += max(0, min(int(seconds), MAX_SECONDS_PER_SAVE))
    evaluation.revision += 1
    db.session.flush()
    return evaluation


def submit_evaluation(evaluation_id: int, reviewer_id: int, *, seconds: int = 0) -> Evaluation:
    """Score a complete draft with its version's rules and make it visible to the agent."""
    evaluation = find_own_draft(evaluation_id, reviewer_id)
    version = evaluation.version
    # Calibration is scored on the session's version whatever happened to it since; live work is not.
    if evaluation.kind == EvaluationKind.LIVE.value and version.status != VersionStatus.PUBLISHED.value:
        current = published_version(version.scorecard_id)
        raise Refused(f"{version.label} was retired after you started. "
                      + (f"Switch this review to v{current.number}: your answers carry over."
                         if current else "The scorecard has no published version to switch to."))
    breakdown = _score(evaluation)
    if not breakdown.complete:
        definition = parse_definition(version.definition)
        questions = "; ".join(definition.criterion(key).question for key in breakdown.missing)
        raise Refused(f"Answer every question before submitting. Still open: {questions}")
    # The status check and the change are one UPDATE, so a double submit cannot score twice.
    claimed = db.session.execute(
        db.update(Evaluation).where(Evaluation.id == evaluation.id,
                                    Evaluation.status == EvaluationStatus.DRAFT.value)
        .values(status=EvaluationStatus.SUBMITTED.value).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        raise Refused("This evaluation was submitted already.")
    evaluation.status = EvaluationStatus.SUBMITTED.value
    _store_breakdown(evaluation, breakdown)
    evaluation.submitted_at = utcnow()
    evaluation.seconds_spent += max(0, min(int(seconds), MAX_SECONDS_PER_SAVE))
    if evaluation.assignment_id:
        complete_assignment(evaluation.assignment_id)
    db.session.flush()
    audit.record("evaluation.submitted", "evaluation", evaluation.id, reviewer_id,
                 f"Scored interaction {evaluation.interaction_id} on {version.label}: {percent_text(evaluation.score)}",
                 after=answers_snapshot(evaluation))
    evaluation_submitted.send(evaluation)
    if evaluation.kind == EvaluationKind.LIVE.value and evaluation.agent_id:
        notify([evaluation.agent_id], "evaluation.submitted",
               f"New evaluation of interaction {evaluation.interaction_id}: {percent_text(evaluation.score)}",
               f"/evaluations/{evaluation.id}")
    return evaluation


def switch_version(evaluation_id: int, reviewer_id: int) -> Evaluation:
    """Move a draft to its scorecard's published version; answers carry over where the criterion still fits."""
    evaluation = find_own_draft(evaluation_id, reviewer_id)
    current = _current_version(evaluation.version.scorecard_id)
    if current.id == evaluation.scorecard_version_id:
        return evaluation
    kept = {a.criterion_key: a for a in evaluation.answers}
    evaluation.answers = []
    db.session.flush()
    evaluation.answers = _answer_rows(parse_definition(current.definition), evaluation.interaction, kept)
    evaluation.version = current
    evaluation.revision += 1
    db.session.flush()
    return evaluation


def rescore_evaluation(evaluation_id: int, changes: dict[str, str], actor_id: int | None, reason: str) -> Evaluation:
    """Change answers of a submitted evaluation (a resolved dispute) and score it again on its own version.

    The version may have been retired since: the evaluation keeps the rules it was scored by."""
    evaluation = find_evaluation(evaluation_id)
    if evaluation.status != EvaluationStatus.SUBMITTED.value:
        raise Refused("Only a submitted evaluation can be rescored.")
    before = answers_snapshot(evaluation)
    for key, value in changes.items():
        answer = evaluation.answer_for(key)
        if answer is None:
            raise Refused(f'"{key}" is not a criterion of {evaluation.version.label}.')
        answer.value = value
    breakdown = _score(evaluation)
    if not breakdown.complete:
        raise Refused("Every question needs an answer.")
    _store_breakdown(evaluation, breakdown)
    evaluation.revision += 1
    db.session.flush()
    audit.record("evaluation.rescored", "evaluation", evaluation.id, actor_id,
                 f"Rescored: {percent_text(before['score'])} → {percent_text(evaluation.score)} ({reason})",
                 before=before, after=answers_snapshot(evaluation))
    return evaluation


def acknowledge_evaluation(evaluation_id: int, agent_id: int) -> Evaluation:
    evaluation = find_evaluation(evaluation_id)
    if evaluation.agent_id != agent_id or evaluation.status != EvaluationStatus.SUBMITTED.value:
        raise Refused("Only the agent of a submitted evaluation can acknowledge it.")
    if evaluation.acknowledged_at is None:
        evaluation.acknowledged_at = utcnow()
        db.session.flush()
        audit.record("evaluation.acknowledged", "evaluation", evaluation.id, agent_id, "Acknowledged by the agent")
    return evaluation


def answers_snapshot(evaluation: Evaluation) -> dict:
    return {"score": evaluation.score, "auto_fail_reason": evaluation.auto_fail_reason,
            "answers": {a.criterion_key: a.value for a in evaluation.answers}}


def _answer_rows(definition, interaction: Interaction, kept: dict[str, EvaluationAnswer] | None = None):
    """One answer row per criterion, AutoQA's suggestion beside it and pre-filled, earlier answers kept.

    A suggestion that would fail a critical criterion is shown but not pre-filled: AutoQA never
    fails an evaluation on its own; the reviewer has to choose that answer."""
    suggestions = suggest_answers(definition, interaction)
    rows = []
    for _, criterion in definition.criteria():
        allowed = {value for value, _ in definition.allowed_values(criterion, interaction.channel)}
        suggestion, earlier = suggestions.get(criterion.key), (kept or {}).get(criterion.key)
        prefill = suggestion.value if suggestion and not (
            criterion.critical and fraction_of(criterion, suggestion.value) == 0) else None
        if not definition.applies_to(criterion, interaction.channel):
            value = NA
        elif earlier is not None and earlier.value in allowed:
            value = earlier.value
        else:
            value = prefill
        rows.append(EvaluationAnswer(
            criterion_key=criterion.key, value=value, comment=earlier.comment if earlier else "",
            autoqa_value=suggestion.value if suggestion else None,
            autoqa_reason=suggestion.reason if suggestion else None,
            autoqa_evidence=suggestion.evidence if suggestion else []))
    return rows


def _score(evaluation: Evaluation):
    definition = parse_definition(evaluation.version.definition)
    return score(definition, {a.criterion_key: a.value for a in evaluation.answers}, evaluation.interaction.channel)


def _store_breakdown(evaluation: Evaluation, breakdown) -> None:
    evaluation.score, evaluation.passed = breakdown.total, breakdown.passed
    evaluation.auto_fail_reason, evaluation.breakdown = breakdown.auto_fail_reason, breakdown.to_dict()
    for answer in evaluation.answers:
        points = breakdown.criteria.get(answer.criterion_key)
        answer.earned, answer.possible = (points.earned, points.possible) if points else (None, None)


def find_own_draft(evaluation_id: int, reviewer_id: int) -> Evaluation:
    evaluation = find_evaluation(evaluation_id)
    if evaluation.reviewer_id != reviewer_id:
        raise Refused("This is another reviewer's evaluation.")
    if evaluation.status != EvaluationStatus.DRAFT.value:
        raise Refused("This evaluation was submitted already; it can only change through a dispute.")
    return evaluation


def _assignment_for(assignment_id: int, reviewer_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or assignment.status == AssignmentStatus.CANCELLED.value:
        raise Refused("That assignment does not exist or was cancelled.")
    if assignment.reviewer_id != reviewer_id:
        name = assignment.reviewer.name if assignment.reviewer else "another reviewer"
        raise Refused(f"That assignment is {name}'s.")
    if assignment.status == AssignmentStatus.DONE.value:
        evaluation = db.session.scalar(db.select(Evaluation).where(Evaluation.assignment_id == assignment.id))
        if evaluation is None or evaluation.reviewer_id != reviewer_id:
            raise Refused("That assignment is done.")
    return assignment


def _reviewer(reviewer_id: int) -> User:
    reviewer = db.session.get(User, reviewer_id)
    if reviewer is None or not reviewer.active or not reviewer.has_any_role(REVIEWER_ROLES):
        raise Refused("Only an active reviewer or QA lead can review.")
    return reviewer


def _reviewable_interaction(interaction_id: int, reviewer: User) -> Interaction:
    interaction = db.session.get(Interaction, interaction_id)
    if interaction is None:
        raise Refused(f"There is no interaction {interaction_id}.")
    if interaction.status != InteractionStatus.READY.value:
        raise Refused(f"Interaction {interaction_id} is {interaction.status}; it can be reviewed once it is ready.")
    if interaction.agent_id == reviewer.id:
        raise Refused("Nobody reviews their own interaction.")
    return interaction


def _current_version(scorecard_id: int):
    scorecard = find_scorecard(scorecard_id)
    version = published_version(scorecard_id) if scorecard.retired_at is None else None
    if version is None:
        raise Refused(f"{scorecard.name} has no published version to review with"
                      + (" (it is retired)." if scorecard.retired_at else "."))
    return version


def _comment(text: str) -> str:
    text = (text or "").strip()
    if len(text) > COMMENT_MAX:
        raise Refused(f"A comment can be at most {COMMENT_MAX} characters.")
    return text


def percent_text(value: float | None) -> str:
    """A score as people read it in messages: "82.5%", or "N/A" when everything was N/A."""
    return "N/A" if value is None else f"{value:.1f}%"
