"""The certification rule form (a QA lead's) and the reviewer's start button."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from qa.admin.forms import MultiCheckboxField
from qa.calibration.certification import MAX_TOLERANCE
from qa.calibration.models import CalibrationItem, CertificationRule


class WholeNumberField(IntegerField):
    """An IntegerField whose complaint about "2.5" or "lots" is the sentence it is given."""

    def __init__(self, label: str, not_a_number: str, **kwargs):
        super().__init__(label, **kwargs)
        self.not_a_number = not_a_number

    def process_formdata(self, valuelist) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.not_a_number) from error


class RuleForm(FlaskForm):
    required = BooleanField("Require certification before live reviews on this scorecard")
    gold_item_ids = MultiCheckboxField("Gold interactions", coerce=int)
    tolerance_points = DecimalField(
        "Tolerance (points of the total)", places=None, default=Decimal(10),
        validators=[InputRequired("Say how many points from gold's total are close enough."),
                    NumberRange(min=0, max=MAX_TOLERANCE, message=f"Between 0 and {MAX_TOLERANCE} points.")])
    matching_percent = DecimalField(
        "Answers matching gold, at least (%)", places=None, default=Decimal(80),
        validators=[InputRequired("Say what share of answers must match gold."),
                    NumberRange(min=0, max=100, message="A percentage between 0 and 100.")])
    items_per_attempt = WholeNumberField(
        "Interactions per attempt (blank: all)", "A whole number of interactions, or blank for all of them.",
        validators=[Optional()])

    def set_candidates(self, items: list[CalibrationItem]) -> None:
        self.gold_item_ids.choices = [SelectChoice(item.id, f"Interaction {item.interaction_id}") for item in items]

    def fill(self, rule: CertificationRule) -> None:
        self.required.data, self.gold_item_ids.data = rule.required, list(rule.gold_item_ids or [])
        self.tolerance_points.data = _decimal(rule.tolerance_points)
        self.matching_percent.data = _decimal(round(rule.min_matching_share * 100, 4))
        self.items_per_attempt.data = rule.items_per_attempt

    def validate_gold_item_ids(self, field) -> None:
        if self.required.data and not field.data:
            raise ValidationError("Choose at least one gold interaction to require certification.")

    def validate_items_per_attempt(self, field) -> None:
        chosen = len(self.gold_item_ids.data or [])
        if field.data is None:
            return  # blank (all of them), or not a number, which process_formdata has said
        if not chosen:
            raise ValidationError("Choose gold interactions before saying how many of them an attempt draws.")
        if not 1 <= field.data <= chosen:
            raise ValidationError(f"Between 1 and {chosen}, the number of gold interactions chosen: an attempt "
                                  f"cannot draw more than the pool holds.")

    @property
    def min_matching_share(self) -> float:
        return float(self.matching_percent.data) / 100


class StartForm(FlaskForm):
    """Only the CSRF token: the scorecard is in the URL, the reviewer is the one signed in."""


def _decimal(number: float) -> Decimal:
    return Decimal(int(number)) if number == int(number) else Decimal(str(number))
