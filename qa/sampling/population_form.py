"""The population fields of a form (which interactions to draw from), shared by sampling rules and
recurring calibration sessions: the same filters, checks and conversion to a Population."""
from __future__ import annotations

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from qa.sampling.rules import Population
from transcription.models import Channel
from transcription.sentiment import LABELS


def optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def blank_first(blank: str, pairs) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(str(value), label) for value, label in pairs]


class PopulationForm(FlaskForm):
    team_id = SelectField("Team", coerce=optional_int, validators=[Optional()])
    channel = SelectField("Channel", validators=[Optional()], choices=blank_first(
        "Any channel", [(c.value, c.value.title()) for c in Channel]))
    tag = SelectField("Tag", validators=[Optional()], validate_choice=False)
    sentiment = SelectField("Customer at the end", validators=[Optional()], choices=blank_first(
        "Any feeling", [(label, label.title()) for label in LABELS]))
    min_minutes = DecimalField("Shortest (minutes)", places=None, validators=[Optional(), NumberRange(min=0)])
    max_minutes = DecimalField("Longest (minutes)", places=None, validators=[Optional(), NumberRange(min=0)])
    date_from = DateField("Only from", validators=[Optional()])
    date_to = DateField("Only until", validators=[Optional()])

    def set_population_choices(self, teams, tag_keys) -> None:
        self.team_id.choices = blank_first("Any team", [(team.id, team.name) for team in teams])
        self.tag.choices = blank_first("Any tag", [(key, key) for key in sorted(tag_keys)])
        self._tag_keys = set(tag_keys)

    def validate_tag(self, field) -> None:
        if field.data and field.data not in self._tag_keys:
            raise ValidationError(f"{field.data!r} is not a tag of the taxonomy.")

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and self.date_from.data > field.data:
            raise ValidationError("This is before the start date.")

    def validate_max_minutes(self, field) -> None:
        if field.data is not None and self.min_minutes.data is not None and self.min_minutes.data > field.data:
            raise ValidationError("This is shorter than the shortest duration.")

    def population(self) -> Population:
        return Population(team_id=self.team_id.data, channel=self.channel.data or None, tag=self.tag.data or None,
                          min_seconds=_seconds(self.min_minutes.data), max_seconds=_seconds(self.max_minutes.data),
                          date_from=self.date_from.data, date_to=self.date_to.data,
                          customer_end_sentiment=self.sentiment.data or None)

    def fill_population(self, stored: dict) -> None:
        population = Population.from_stored(stored)
        self.team_id.data, self.channel.data = population.team_id, population.channel or ""
        self.tag.data, self.sentiment.data = population.tag or "", population.customer_end_sentiment or ""
        self.date_from.data, self.date_to.data = population.date_from, population.date_to
        self.min_minutes.data = _minutes(population.min_seconds)
        self.max_minutes.data = _minutes(population.max_seconds)


def as_decimal(number: float | None) -> Decimal | None:
    """A stored float as a form shows it: 3, not 3.0."""
    if number is None:
        return None
    return Decimal(int(number)) if number == int(number) else Decimal(str(number))


def _minutes(seconds: float | None) -> Decimal | None:
    return None if seconds is None else as_decimal(round(seconds / 60, 2))


def _seconds(minutes) -> float | None:
    return None if minutes is None else float(minutes) * 60
