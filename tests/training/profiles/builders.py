"""Evaluations with chosen answers, reviewer, moments and submission time, built through the review services,
for the profile's arithmetic to be checked against hand-computed numbers.

PROFILE_DEFINITION's criteria and what they train:
    empathy_words   yes/no        weight 1   empathy
    empathy_tone    scale 1–5     weight 3   empathy     (1 → 0, 2 → .25, 3 → .5, 4 → .75, 5 → 1)
    verified        yes/no/N-A    weight 1   compliance_verification
    hold_etiquette  yes/no        weight 1   efficiency_hold_handling, phone only (N/A on chats by the service)
    wrap_up_notes   yes/no        weight 1   no competency
ONE_EMPATHY_DEFINITION has a single empathy criterion (`kind_words`), to check each evaluation counts once.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from qa.accounts.models import User
from qa.extensions import db
from qa.reviews.models import Evaluation
from qa.reviews.moments import pin_moment
from qa.reviews.services import AnswerInput, save_answers, start_evaluation, submit_evaluation
from scorecards.models import Scorecard
from tests.qa.reviews.builders import published_scorecard, ready_chat

PROFILE_DEFINITION: dict[str, Any] = {
    "pass_mark": 80,
    "sections": [
        {"key": "care", "name": "Care", "weight": 60, "criteria": [
            {"key": "empathy_words", "question": "Did the agent acknowledge the customer's feelings?",
             "answer_type": "yes_no", "weight": 1, "competency": "empathy"},
            {"key": "empathy_tone", "question": "How warm was the agent's tone?", "answer_type": "scale",
             "weight": 3, "competency": "empathy", "scale": {"min": 1, "max": 5}},
            {"key": "verified", "question": "Did the agent verify the customer's identity?",
             "answer_type": "yes_no_na", "weight": 1, "competency": "compliance_verification"}]},
        {"key": "handling", "name": "Handling", "weight": 40, "criteria": [
            {"key": "hold_etiquette", "question": "Did the agent ask before putting the customer on hold?",
             "answer_type": "yes_no", "weight": 1, "competency": "efficiency_hold_handling", "channels": ["phone"]},
            {"key": "wrap_up_notes", "question": "Were the wrap-up notes written?", "answer_type": "yes_no",
             "weight": 1}]},
    ],
}
ONE_EMPATHY_DEFINITION: dict[str, Any] = {
    "pass_mark": 80,
    "sections": [{"key": "only", "name": "Only", "weight": 100, "criteria": [
        {"key": "kind_words", "question": "Was the agent kind?", "answer_type": "yes_no", "weight": 1,
         "competency": "empathy"}]}],
}
GOOD = {"empathy_words": "yes", "empathy_tone": "5", "verified": "yes", "wrap_up_notes": "yes"}


def profile_scorecard(definition: dict | None = None) -> Scorecard:
    return published_scorecard(definition or PROFILE_DEFINITION)


def scored(agent: User, reviewer: User, scorecard: Scorecard, answers: dict[str, str] | None = None, *,
           when: datetime, moments: list[tuple[int, str, str | None]] | None = None, kind: str = "live",
           submit: bool = True) -> Evaluation:
    """A chat of `agent`'s scored by `reviewer` (GOOD answers overridden by `answers` when on PROFILE_DEFINITION),
    submitted at `when`. `moments` are (line position, comment, criterion key) pinned by the reviewer."""
    interaction = ready_chat(agent)
    evaluation = start_evaluation(interaction.id, reviewer.id, scorecard_id=scorecard.id, kind=kind)
    keys = {criterion["key"] for section in evaluation.version.definition["sections"]
            for criterion in section["criteria"]}
    given = {key: value for key, value in {**GOOD, **(answers or {})}.items() if key in keys}
    save_answers(evaluation.id, reviewer.id, {key: AnswerInput(value) for key, value in given.items()},
                 base_revision=evaluation.revision)
    for position, text, criterion_key in moments or []:
        pin_moment(evaluation.id, reviewer.id, position, text, criterion_key)
    if submit:
        submit_evaluation(evaluation.id, reviewer.id)
        evaluation.submitted_at = when
    db.session.commit()
    return evaluation
