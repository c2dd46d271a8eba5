"""Comments a reviewer pins to moments of the transcript while reviewing: a line, and its time on a call.

Moments belong to the draft like its answers do, so they can be added and removed only until it is
submitted. They are not part of the answers' revision: pinning a comment in one tab never makes the
other tab's answers stale.
"""
from __future__ import annotations

from qa.errors import Refused
from qa.extensions import db
from qa.reviews.models import EvaluationMoment
from qa.reviews.services import COMMENT_MAX, find_own_draft
from scorecards.definition import parse_definition


def pin_moment(evaluation_id: int, reviewer_id: int, position: int, text: str,
               criterion_key: str | None = None) -> EvaluationMoment:
    evaluation = find_own_draft(evaluation_id, reviewer_id)
    utterance = next((u for u in evaluation.interaction.utterances if u.position == position), None)
    if utterance is None:
        raise Refused(f"Interaction {evaluation.interaction_id} has no line {position + 1}.")
    text = (text or "").strip()
    if not text:
        raise Refused("Write the comment to pin to this moment.")
    if len(text) > COMMENT_MAX:
        raise Refused(f"A comment can be at most {COMMENT_MAX} characters.")
    if criterion_key:
        try:
            parse_definition(evaluation.version.definition).criterion(criterion_key)
        except KeyError:
            raise Refused(f'"{criterion_key}" is not a criterion of {evaluation.version.label}.') from None
    moment = EvaluationMoment(position=position, time=utterance.start, text=text,
                              criterion_key=criterion_key or None, author_id=reviewer_id)
    evaluation.moments.append(moment)
    db.session.flush()
    return moment


def remove_moment(evaluation_id: int, reviewer_id: int, moment_id: int) -> None:
    evaluation = find_own_draft(evaluation_id, reviewer_id)
    moment = next((m for m in evaluation.moments if m.id == moment_id), None)
    if moment is None:
        raise Refused("That pinned comment is not part of this review.")
    evaluation.moments.remove(moment)
    db.session.flush()
