"""Demo reviews: the shipped scorecard published, a sampling rule, open assignments and a finished review.

Connected to qa.demo's demo_loaded after the demo interactions are imported. The demo chats are
processed here, in this process, so they can be assigned and reviewed before any worker starts.
Running it again adds nothing.
"""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from qa.extensions import db
from qa.jobs.services import execute_job
from qa.reviews.models import Evaluation
from qa.reviews.services import AnswerInput, save_answers, start_evaluation, submit_evaluation
from qa.sampling.models import Assignment, SamplingRule
from qa.sampling.rules import RuleSettings, save_rule
from qa.sampling.services import assign_interaction
from qa.timeutil import utcnow
from scorecards.definition import parse_definition
from scorecards.engine import fraction_of
from scorecards.services import find_scorecard_by_name, import_scorecard_toml, publish_version
from transcription.models import Interaction, InteractionStatus

DEFAULT_SCORECARD = Path(__file__).resolve().parents[2] / "scorecards" / "defaults" / "customer_care_specialist.toml"
SCORECARD_NAME = "Customer Care Specialist"
SAMPLING_RULE = "Two per agent a week"
# The lead's finished review of Alex's order-status chat: what the lead changed from AutoQA's answers.
LEAD_ANSWERS = {"summary": AnswerInput("no", "No recap of the order number and the new delivery date."),
                "proactive_help": AnswerInput("no")}
LEAD_COMMENT = "Friendly and quick. Recap what was agreed before closing."


def load_demo_reviews(sender, teams: dict, users: dict) -> None:
    lead, reviewer = users["lead@example.com"], users["reviewer@example.com"]
    scorecard = find_scorecard_by_name(SCORECARD_NAME)
    if scorecard is None:
        version = import_scorecard_toml(DEFAULT_SCORECARD.read_text(), lead.id)
        publish_version(version.id, lead.id, "Shipped with Callibrate")
        scorecard = version.scorecard
    chats = _ready_demo_interactions()
    if "order-status.txt" in chats:
        _finished_review(chats["order-status.txt"], scorecard.id, lead.id)
    for name in ("billing-dispute.txt", "account-update.json"):
        if name in chats and not _assigned(chats[name], reviewer.id):
            assign_interaction(chats[name].id, reviewer.id, scorecard.id, due_at=utcnow() + timedelta(days=2),
                               actor_id=lead.id)
    if db.session.scalar(db.select(SamplingRule).where(SamplingRule.name == SAMPLING_RULE)) is None:
        save_rule(None, RuleSettings(name=SAMPLING_RULE, scorecard_id=scorecard.id, quota=2, period="week",
                                     reviewer_ids=[reviewer.id, lead.id], per_reviewer_cap=20, scheduled=False),
                  lead.id)


def _ready_demo_interactions() -> dict[str, Interaction]:
    """The demo chats by file name, processed here when no worker has done it yet."""
    from transcription.demo import ASSIGNMENTS

    db.session.commit()  # the import's jobs must be visible to the job runner's own commits
    rows = db.session.scalars(db.select(Interaction).where(Interaction.original_filename.in_(ASSIGNMENTS)))
    ready = {}
    for interaction in rows:
        if interaction.status == InteractionStatus.RECEIVED.value and interaction.job_id:
            execute_job(interaction.job_id)
            db.session.refresh(interaction)
        if interaction.status == InteractionStatus.READY.value:
            ready[interaction.original_filename] = interaction
    return ready


def _finished_review(interaction: Interaction, scorecard_id: int, lead_id: int) -> None:
    if db.session.scalar(db.select(Evaluation.id).where(Evaluation.interaction_id == interaction.id,
                                                        Evaluation.reviewer_id == lead_id)):
        return
    evaluation = start_evaluation(interaction.id, lead_id, scorecard_id=scorecard_id)
    answers = {a.criterion_key: AnswerInput(a.value or _first_answer(evaluation, a.criterion_key))
               for a in evaluation.answers}
    answers.update({key: given for key, given in LEAD_ANSWERS.items() if key in answers})
    save_answers(evaluation.id, lead_id, answers, overall_comment=LEAD_COMMENT,
                 base_revision=evaluation.revision, seconds=95)
    submit_evaluation(evaluation.id, lead_id)


def _first_answer(evaluation: Evaluation, key: str) -> str:
    """The best answer where AutoQA could not decide: the demo agent did well where nobody said otherwise."""
    definition = parse_definition(evaluation.version.definition)
    criterion = definition.criterion(key)
    choices = [value for value, _ in definition.allowed_values(criterion, evaluation.interaction.channel)]
    return max(choices, key=lambda value: fraction_of(criterion, value) or 0)


def _assigned(interaction: Interaction, reviewer_id: int) -> bool:
    return db.session.scalar(db.select(Assignment.id).where(
        Assignment.interaction_id == interaction.id, Assignment.reviewer_id == reviewer_id)) is not None
