"""The review forms: start a review, the scorecard form (posted, or sent as JSON by autosave), a pinned comment.

The scorecard's questions differ per version, so its answers are read from the posted fields by
criterion key (`answer-<key>`, `comment-<key>`) rather than declared as WTForms fields; the service
checks every value against the version's allowed answers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from qa.errors import Refused
from qa.reviews.impact import DEFAULT_COUNT, MAX_COUNT
from qa.reviews.services import AnswerInput
from scorecards.definition import Definition

# "123", "#123", or a pasted link to the interaction page: /interactions/123 (and #line-4 after it).
INTERACTION_REFERENCE = re.compile(r"^\s*(?:#?(\d+)|\S*/interactions/(\d+)(?:[/?#]\S*)?)\s*$")


def interaction_id_from(text: str | None) -> int | None:
    match = INTERACTION_REFERENCE.match(text or "")
    return int(match.group(1) or match.group(2)) if match else None


class StartReviewForm(FlaskForm):
    """Either an assignment from the queue, or any interaction with a scorecard (an ad hoc review)."""

    assignment_id = HiddenField()
    interaction = StringField("Interaction", description="Its number, or a link to its page.")
    scorecard_id = SelectField("Scorecard", coerce=int, validate_choice=False)

    def set_scorecards(self, scorecards) -> None:
        self.scorecard_id.choices = [(scorecard.id, scorecard.name) for scorecard in scorecards]

    def validate_interaction(self, field) -> None:
        if self.assignment_id.data:
            return
        if interaction_id_from(field.data) is None:
            raise ValidationError("Give the interaction's number (like 42) or paste a link to its page.")

    def validate_assignment_id(self, field) -> None:
        if field.data and not field.data.isdigit():
            raise ValidationError("That is not an assignment.")

    @property
    def interaction_id(self) -> int | None:
        return interaction_id_from(self.interaction.data)


class ReviewForm(FlaskForm):
    """The fields of the scorecard form that every version has; answers come from `answers_from_form`."""

    base_revision = IntegerField(validators=[InputRequired()])
    seconds = IntegerField(validators=[Optional(), NumberRange(min=0)], default=0)
    overall_comment = TextAreaField("Overall comment")


class MomentForm(FlaskForm):
    # No InputRequired: the first line is position 0, which JSON sends as a falsy 0.
    position = IntegerField("Line", validators=[NumberRange(min=0, message="Choose the line to pin the comment to.")])
    criterion_key = SelectField("About", validate_choice=False, default="")
    text = TextAreaField("Comment", validators=[InputRequired()])


class ImpactForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: it only reads

    n = IntegerField("Evaluations to rescore", default=DEFAULT_COUNT,
                     validators=[Optional(), NumberRange(min=1, max=MAX_COUNT)])


def answers_from_form(formdata, definition: Definition) -> dict[str, AnswerInput]:
    """Every criterion's posted answer and comment (an unanswered radio group is None)."""
    return {criterion.key: AnswerInput(formdata.get(f"answer-{criterion.key}") or None,
                                       formdata.get(f"comment-{criterion.key}", ""))
            for _, criterion in definition.criteria()}


@dataclass(frozen=True)
class Autosave:
    base_revision: int
    seconds: int
    answers: dict[str, AnswerInput]
    overall_comment: str | None


def autosave_from_json(payload: Any) -> Autosave:
    """The page's autosave request: {base_revision, seconds, overall_comment?, answers: {key: {value, comment}}}."""
    if not isinstance(payload, dict):
        raise Refused("The autosave request must be a JSON object.")
    revision, seconds = payload.get("base_revision"), payload.get("seconds", 0)
    if not isinstance(revision, int) or isinstance(revision, bool):
        raise Refused("The autosave request needs the revision the page was loaded at (base_revision).")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
        raise Refused("seconds must be a number of seconds, 0 or more.")
    raw_answers = payload.get("answers", {})
    if not isinstance(raw_answers, dict):
        raise Refused("answers must be an object of criterion key → {value, comment}.")
    answers = {}
    for key, given in raw_answers.items():
        if not isinstance(given, dict):
            raise Refused(f"The answer to {key} must be an object with a value and a comment.")
        value, comment = given.get("value"), given.get("comment", "")
        if (value is not None and not isinstance(value, str)) or not isinstance(comment, str):
            raise Refused(f"The answer to {key} must have a text value (or null) and a text comment.")
        answers[str(key)] = AnswerInput(value or None, comment)
    overall = payload.get("overall_comment")
    if overall is not None and not isinstance(overall, str):
        raise Refused("overall_comment must be text.")
    return Autosave(base_revision=revision, seconds=int(seconds), answers=answers, overall_comment=overall)
