"""The agent's dispute form and the resolver's decision form, built for the criteria at hand.

Each criterion gets its own fields (`pick_<key>`, `reason_<key>`, `proposed_<key>`; `decision_<key>`,
`final_<key>`), so an error sits next to the criterion it is about.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from qa.disputes.models import Dispute
from qa.disputes.services import REASON_MAX
from qa.reviews.models import Evaluation
from scorecards.definition import Criterion, Definition, parse_definition


@dataclass(frozen=True)
class DisputeRow:
    """One criterion on the dispute form, with its fields."""
    criterion: Criterion
    answer: str | None
    pick: BooleanField
    reason: TextAreaField
    proposed: SelectField


class DisputeForm(FlaskForm):
    reason = TextAreaField("Anything else the resolver should know (optional)",
                           validators=[Optional(), Length(max=REASON_MAX)])

    rows: list[DisputeRow]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        picked = [row for row in self.rows if row.pick.data]
        if not picked:
            self.form_errors.append("Choose at least one criterion to dispute.")
            return False
        for row in picked:
            if not (row.reason.data or "").strip():
                row.reason.errors.append(f'Say why you dispute "{row.criterion.question}".')
                valid = False
        return valid

    def items(self) -> list[tuple[str, str, str | None]]:
        return [(row.criterion.key, row.reason.data or "", row.proposed.data or None)
                for row in self.rows if row.pick.data]


def dispute_form(evaluation: Evaluation, **kwargs) -> DisputeForm:
    """The form for the criteria an agent can dispute: those that apply to the interaction's channel."""
    definition = parse_definition(evaluation.version.definition)
    channel = evaluation.interaction.channel
    applicable = [criterion for _, criterion in definition.criteria() if definition.applies_to(criterion, channel)]

    class Form(DisputeForm):
        pass

    for criterion in applicable:
        current = evaluation.answer_for(criterion.key).value
        choices = [SelectChoice("", "No proposal")] + [
            SelectChoice(value, label) for value, label in definition.allowed_values(criterion, channel)
            if value != current]
        setattr(Form, f"pick_{criterion.key}", BooleanField("Dispute this"))
        setattr(Form, f"reason_{criterion.key}", TextAreaField("Why", validators=[Length(max=REASON_MAX)]))
        setattr(Form, f"proposed_{criterion.key}", SelectField("The answer it should be", choices=choices,
                                                               validators=[Optional()]))
    form = Form(**kwargs)
    form.rows = [DisputeRow(criterion,
                            _label(definition, criterion, channel, evaluation.answer_for(criterion.key).value),
                            form[f"pick_{criterion.key}"],
                            form[f"reason_{criterion.key}"], form[f"proposed_{criterion.key}"])
                 for criterion in applicable]
    return form


@dataclass(frozen=True)
class DecisionRow:
    item: object  # the DisputeItem
    criterion: Criterion | None
    answer: str | None
    proposed: str | None
    decision: RadioField
    final: SelectField


class ResolveForm(FlaskForm):
    note = TextAreaField("Note to the agent (required when you reject anything)",
                         validators=[Optional(), Length(max=REASON_MAX)])

    rows: list[DecisionRow]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for row in self.rows:
            if row.decision.data == "accept" and not (row.final.data or row.item.proposed_value):
                row.final.errors.append("Choose the answer it becomes: the agent proposed none.")
                valid = False
        if any(row.decision.data == "reject" for row in self.rows) and not (self.note.data or "").strip():
            self.note.errors.append("Say why: a rejected criterion needs a reason the agent can read.")
            valid = False
        return valid

    def decisions(self) -> dict[str, tuple[bool, str | None]]:
        return {row.item.criterion_key: (row.decision.data == "accept", row.final.data or None)
                for row in self.rows}


def resolve_form(dispute: Dispute, **kwargs) -> ResolveForm:
    evaluation = dispute.evaluation
    definition = parse_definition(evaluation.version.definition)
    channel = evaluation.interaction.channel

    class Form(ResolveForm):
        pass

    criteria = {}
    for item in dispute.items:
        criterion = _criterion(definition, item.criterion_key)
        criteria[item.criterion_key] = criterion
        allowed = definition.allowed_values(criterion, channel) if criterion else []
        setattr(Form, f"decision_{item.criterion_key}", RadioField(
            "Decision", choices=[SelectChoice("accept", "Accept"), SelectChoice("reject", "Reject")],
            validators=[InputRequired(f'Accept or reject "{criterion.question if criterion else item.criterion_key}".')]))
        setattr(Form, f"final_{item.criterion_key}", SelectField(
            "Answer if accepted", default=item.proposed_value or "", validators=[Optional()],
            choices=[SelectChoice("", "The agent's proposal")] + [SelectChoice(v, label) for v, label in allowed]))
    form = Form(**kwargs)
    form.rows = [DecisionRow(item, criteria[item.criterion_key],
                             _label(definition, criteria[item.criterion_key], channel, item.original_value),
                             _label(definition, criteria[item.criterion_key], channel, item.proposed_value),
                             form[f"decision_{item.criterion_key}"], form[f"final_{item.criterion_key}"])
                 for item in dispute.items]
    return form


def _criterion(definition: Definition, key: str) -> Criterion | None:
    try:
        return definition.criterion(key)
    except KeyError:
        return None


def _label(definition: Definition, criterion: Criterion | None, channel: str | None, value: str | None) -> str | None:
    if value is None or criterion is None:
        return value
    return dict(definition.allowed_values(criterion, channel)).get(value, value)
