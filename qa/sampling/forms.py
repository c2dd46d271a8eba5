from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, DecimalField, IntegerField, RadioField, SelectField, StringField, \
    TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from qa.admin.forms import MultiCheckboxField
from qa.sampling.periods import PERIOD_LABELS
from qa.sampling.queries import STATUS_FILTERS
from qa.sampling.sampler import PER_AGENT, PERCENT
from transcription.models import Channel
from transcription.sentiment import LABELS


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def _choices(blank: str, pairs) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(str(value), label) for value, label in pairs]


class RuleForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    scorecard_id = SelectField("Scorecard", coerce=_optional_int, validate_choice=False,
                               validators=[InputRequired("Choose the scorecard the reviews use.")])
    active = BooleanField("Active", default=True)
    # The population
    team_id = SelectField("Team", coerce=_optional_int, validators=[Optional()])
    channel = SelectField("Channel", validators=[Optional()], choices=_choices(
        "Any channel", [(c.value, c.value.title()) for c in Channel]))
    tag = SelectField("Tag", validators=[Optional()], validate_choice=False)
    sentiment = SelectField("Customer at the end", validators=[Optional()], choices=_choices(
        "Any feeling", [(label, label.title()) for label in LABELS]))
    min_minutes = DecimalField("Shortest (minutes)", places=None, validators=[Optional(), NumberRange(min=0)])
    max_minutes = DecimalField("Longest (minutes)", places=None, validators=[Optional(), NumberRange(min=0)])
    date_from = DateField("Only from", validators=[Optional()])
    date_to = DateField("Only until", validators=[Optional()])
    # The quota
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
        self.team_id.choices = _choices("Any team", [(team.id, team.name) for team in teams])
        self.tag.choices = _choices("Any tag", [(key, key) for key in sorted(tag_keys)])
        self.reviewer_ids.choices = [SelectChoice(user.id, f"{user.name} ({user.email})") for user in reviewers]
        self._tag_keys = set(tag_keys)
        self._scorecard_ids = {card.id for card in scorecards}

    def validate_scorecard_id(self, field) -> None:
        if field.data not in self._scorecard_ids:
            raise ValidationError("Choose a scorecard with a published version.")

    def validate_tag(self, field) -> None:
        if field.data and field.data not in self._tag_keys:
            raise ValidationError(f"{field.data!r} is not a tag of the taxonomy.")

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

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and self.date_from.data > field.data:
            raise ValidationError("This is before the start date.")

    def validate_max_minutes(self, field) -> None:
        if field.data is not None and self.min_minutes.data is not None and self.min_minutes.data > field.data:
            raise ValidationError("This is shorter than the shortest duration.")


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

    reviewer = SelectField("Reviewer", coerce=_optional_int, validators=[Optional()])
    status = SelectField("Status", default="open", choices=[SelectChoice(k, v) for k, v in STATUS_FILTERS.items()])

    def set_reviewers(self, reviewers) -> None:
        self.reviewer.choices = [SelectChoice("", "Every reviewer")] + [
            SelectChoice(user.id, user.name) for user in reviewers]
