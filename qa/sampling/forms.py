from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from qa.admin.forms import MultiCheckboxField
from qa.sampling.periods import PERIOD_LABELS
from qa.sampling.population_form import PopulationForm, optional_int
from qa.sampling.queries import STATUS_FILTERS
from qa.sampling.sampler import PER_AGENT, PERCENT


class RuleForm(PopulationForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    scorecard_id = SelectField("Scorecard", coerce=optional_int, validate_choice=False,
                               validators=[InputRequired("Choose the scorecard the reviews use.")])
    active = BooleanField("Active", default=True)
    # The population's fields come from PopulationForm. The quota:
    quota_kind = RadioField("Quota", default=PER_AGENT, choices=[
        SelectChoice(PER_AGENT, "Interactions per agent"),
        SelectChoice(PERCENT, "Percent of each agent's interactions")])
    quota = DecimalField("How many", default=2, places=None, validators=[InputRequired("Say how many.")])
    period = SelectField("Every", default="week", choices=[SelectChoice(k, v) for k, v in PERIOD_LABELS.items()])
    stratify_by = SelectField("Stratify by", choices=[
        SelectChoice("", "Nothing"), SelectChoice("channel", "Channel"),
        SelectChoice("tag", "Contact reason (reason.* tags)")])
    # The reviewers
    reviewer_ids = MultiCheckboxField("Reviewer pool", coerce=int)
    per_reviewer_cap = IntegerField("At most per reviewer and run", validators=[Optional()])
    due_days = IntegerField("Due after (days)", default=3, validators=[InputRequired(), NumberRange(min=0, max=90)])
    scheduled = BooleanField("Run at the start of every period, for the period that ended", default=True)

    def set_choices(self, scorecards, teams, tag_keys, reviewers) -> None:
        self.scorecard_id.choices = [SelectChoice("", "— choose —")] + [
            SelectChoice(card.id, card.name) for card in scorecards]
        self.set_population_choices(teams, tag_keys)
        self.reviewer_ids.choices = [SelectChoice(user.id, f"{user.name} ({user.email})") for user in reviewers]
        self._scorecard_ids = {card.id for card in scorecards}

    def validate_scorecard_id(self, field) -> None:
        if field.data not in self._scorecard_ids:
            raise ValidationError("Choose a scorecard with a published version.")

    def validate_quota(self, field) -> None:
        if field.data is None:
            return
        if field.data <= 0:
            raise ValidationError("The quota must be more than zero.")
        if self.quota_kind.data == PERCENT and field.data > 100:
            raise ValidationError("A percentage is at most 100.")
        if self.quota_kind.data == PER_AGENT and field.data != int(field.data):
            raise ValidationError("A number per agent is a whole number.")

    def validate_reviewer_ids(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one active reviewer.")

    def validate_per_reviewer_cap(self, field) -> None:
        if field.data is not None and field.data < 1:
            raise ValidationError("A cap is at least 1; leave it empty for no cap.")



class RunNowForm(FlaskForm):
    which = RadioField("Period", default="previous", choices=[
        SelectChoice("current", "The current period so far"), SelectChoice("previous", "The previous whole period")])


class ReassignForm(FlaskForm):
    reviewer_id = SelectField("New reviewer", coerce=int, validate_choice=False,
                              validators=[InputRequired("Choose the new reviewer.")])
    reason = TextAreaField("Reason", validators=[DataRequired("Say why it moves."), Length(max=500)])

    def set_reviewers(self, reviewers) -> None:
        self.reviewer_id.choices = [SelectChoice(user.id, user.name) for user in reviewers]


class AssignmentFilterForm(FlaskForm):
    """Read from the query string; a GET filter needs no CSRF token."""

    class Meta:
        csrf = False

    reviewer = SelectField("Reviewer", coerce=optional_int, validators=[Optional()])
    status = SelectField("Status", default="open", choices=[SelectChoice(k, v) for k, v in STATUS_FILTERS.items()])

    def set_reviewers(self, reviewers) -> None:
        self.reviewer.choices = [SelectChoice("", "Every reviewer")] + [
            SelectChoice(user.id, user.name) for user in reviewers]
