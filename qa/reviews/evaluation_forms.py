"""The filters of the evaluations list (read from the query string)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, StopValidation, ValidationError

from qa.reviews.evaluation_list import EvaluationFilter
from qa.reviews.models import EvaluationStatus

YES_NO = [("yes", "Yes"), ("no", "No")]


def _finite(form, field) -> None:
    if field.data is not None and not field.data.is_finite():
        raise StopValidation("Give a number from 0 to 1000.")


def _choices(blank: str, pairs) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(str(value), label) for value, label in pairs]


class EvaluationFilterForm(FlaskForm):
    """A GET filter needs no CSRF token."""

    class Meta:
        csrf = False

    agent = SelectField("Agent", validators=[Optional()])
    reviewer = SelectField("Reviewer", validators=[Optional()])
    scorecard = SelectField("Scorecard", validators=[Optional()])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])
    min_score = DecimalField("Score from", validators=[Optional(), _finite, NumberRange(min=0, max=1000)])
    max_score = DecimalField("Score to", validators=[Optional(), _finite, NumberRange(min=0, max=1000)])
    result = SelectField("Result", validators=[Optional()],
                         choices=_choices("Pass or fail", [("pass", "Passed"), ("fail", "Failed")]))
    acknowledged = SelectField("Acknowledged", validators=[Optional()], choices=_choices("Either", YES_NO))
    disputed = SelectField("Disputed", validators=[Optional()],
                           choices=_choices("Either", [("yes", "Ever disputed"), ("open", "Dispute open"),
                                                       ("no", "Never disputed")]))
    status = SelectField("Status", validators=[Optional()], choices=_choices(
        "Any status", [(s.value, s.value.title()) for s in EvaluationStatus]))

    def set_choices(self, agents, reviewers, scorecards) -> None:
        self.agent.choices = _choices("Any agent", [(u.id, u.name) for u in agents])
        self.reviewer.choices = _choices("Any reviewer", [(u.id, u.name) for u in reviewers])
        self.scorecard.choices = _choices("Any scorecard", [(s.id, s.name) for s in scorecards])

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")

    def validate_max_score(self, field) -> None:
        if field.data is not None and self.min_score.data is not None and field.data < self.min_score.data:
            raise ValidationError("The highest score is below the lowest.")

    def filters(self) -> EvaluationFilter:
        def whole(value: str | None) -> int | None:
            return int(value) if value else None

        def number(value) -> float | None:
            return float(value) if value is not None else None

        return EvaluationFilter(
            agent_id=whole(self.agent.data), reviewer_id=whole(self.reviewer.data),
            scorecard_id=whole(self.scorecard.data), date_from=self.date_from.data, date_to=self.date_to.data,
            min_score=number(self.min_score.data), max_score=number(self.max_score.data),
            passed={"pass": True, "fail": False}.get(self.result.data or ""),
            acknowledged={"yes": True, "no": False}.get(self.acknowledged.data or ""),
            disputed=self.disputed.data or None, status=self.status.data or None)
