"""The calibration pages' forms: a new session, a recurring schedule, and the gold answers of one interaction."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, DecimalField, IntegerField, SelectField,
                     StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from qa.admin.forms import MultiCheckboxField
from qa.calibration.services import MAX_ITEMS, NOTE_MAX, TITLE_MAX
from qa.sampling.periods import PERIOD_LABELS
from qa.sampling.rules import Population
from qa.timeutil import utcnow
from qa.web.converters import LARGEST_ID
from scorecards.definition import Definition
from transcription.models import Channel
from transcription.sentiment import LABELS

_SEPARATORS = re.compile(r"[\s,;]+")


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


def _choices(blank: str, pairs) -> list[SelectChoice]:
    return [SelectChoice("", blank)] + [SelectChoice(str(value), label) for value, label in pairs]


class SessionForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the session a title."), Length(max=TITLE_MAX)])
    version_id = SelectField("Scorecard version", coerce=_optional_int,
                             validators=[InputRequired("Choose the scorecard version to score on.")])
    interaction_ids = StringField("Interaction ids")
    recent = MultiCheckboxField("Recent ready interactions", coerce=int)
    reviewer_ids = MultiCheckboxField("Reviewers", coerce=int)
    # Off unless chosen: AutoQA can only take part on a version with AutoQA criteria.
    include_autoqa = BooleanField("AutoQA takes part as a scorer (on criteria with an AutoQA rule)")
    deadline = DateTimeLocalField("Deadline (UTC)", format="%Y-%m-%dT%H:%M",
                                  validators=[InputRequired("Give the deadline as a date and time.")])
    note = TextAreaField("Note to the participants", validators=[Optional(), Length(max=NOTE_MAX)])

    def set_choices(self, versions, interactions, reviewers) -> None:
        self.version_id.choices = [SelectChoice("", "— choose —")] + [
            SelectChoice(version.id, f"{version.label} ({version.status})") for version in versions]
        self.recent.choices = [SelectChoice(i.id, f"#{i.id} · {i.channel} · {i.agent.name if i.agent else 'no agent'}"
                                            f" · {(i.started_at or i.created_at):%Y-%m-%d}") for i in interactions]
        self.reviewer_ids.choices = [SelectChoice(u.id, f"{u.name} ({u.email})") for u in reviewers]

    def chosen_interactions(self) -> list[int]:
        """The typed ids first, then the ticked ones, each once."""
        return list(dict.fromkeys([*_ids(self.interaction_ids.data), *(self.recent.data or [])]))

    def validate_interaction_ids(self, field) -> None:
        ids = _ids(field.data)  # raises on a bad token
        if not ids and not self.recent.data:
            raise ValidationError("Type interaction ids or tick recent interactions.")
        if len(set(ids) | set(self.recent.data or [])) > MAX_ITEMS:
            raise ValidationError(f"A session has at most {MAX_ITEMS} interactions.")

    def validate_reviewer_ids(self, field) -> None:
        if len(field.data or []) + bool(self.include_autoqa.data) < 2 or not field.data:
            raise ValidationError("Choose at least two reviewers, or one reviewer and AutoQA.")

    def validate_deadline(self, field) -> None:
        if field.data is not None and field.data <= utcnow():
            raise ValidationError("The deadline is in the past; give a time still to come.")


def _ids(text: str | None) -> list[int]:
    ids = []
    for token in _SEPARATORS.split((text or "").strip()):
        if not token:
            continue
        token = token.removeprefix("#")
        if not (token.isascii() and token.isdigit()) or not 1 <= int(token) <= LARGEST_ID:
            raise ValidationError(f"{token!r} is not an interaction id; give ids separated by commas or spaces.")
        ids.append(int(token))
    return list(dict.fromkeys(ids))


class ScheduleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the schedule a title."), Length(max=TITLE_MAX)])
    scorecard_id = SelectField("Scorecard", coerce=_optional_int, validate_choice=False,
                               validators=[InputRequired("Choose the scorecard; each session uses its published "
                                                         "version at the time.")])
    active = BooleanField("Active", default=True)
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
    reviewer_ids = MultiCheckboxField("Reviewers", coerce=int)
    include_autoqa = BooleanField("AutoQA takes part as a scorer", default=True)
    interactions_per_session = IntegerField("Interactions per session", default=3, validators=[
        InputRequired("Say how many interactions each session has."), NumberRange(min=1, max=MAX_ITEMS)])
    period = SelectField("Every", default="week", choices=[SelectChoice(k, v) for k, v in PERIOD_LABELS.items()])
    deadline_days = IntegerField("Deadline after (days)", default=3, validators=[
        InputRequired("Say how many days the participants have."), NumberRange(min=1, max=60)])

    def set_choices(self, scorecards, teams, tag_keys, reviewers) -> None:
        self.scorecard_id.choices = [SelectChoice("", "— choose —")] + [
            SelectChoice(card.id, card.name) for card in scorecards]
        self.team_id.choices = _choices("Any team", [(team.id, team.name) for team in teams])
        self.tag.choices = _choices("Any tag", [(key, key) for key in sorted(tag_keys)])
        self.reviewer_ids.choices = [SelectChoice(u.id, f"{u.name} ({u.email})") for u in reviewers]
        self._tag_keys, self._scorecard_ids = set(tag_keys), {card.id for card in scorecards}

    def validate_scorecard_id(self, field) -> None:
        if field.data not in self._scorecard_ids:
            raise ValidationError("Choose a scorecard with a published version.")

    def validate_tag(self, field) -> None:
        if field.data and field.data not in self._tag_keys:
            raise ValidationError(f"{field.data!r} is not a tag of the taxonomy.")

    def validate_reviewer_ids(self, field) -> None:
        if len(field.data or []) + bool(self.include_autoqa.data) < 2 or not field.data:
            raise ValidationError("Choose at least two reviewers, or one reviewer and AutoQA.")

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and self.date_from.data > field.data:
            raise ValidationError("This is before the start date.")

    def validate_max_minutes(self, field) -> None:
        if field.data is not None and self.min_minutes.data is not None and self.min_minutes.data > field.data:
            raise ValidationError("This is shorter than the shortest duration.")

    def population(self) -> Population:
        def seconds(minutes):
            return None if minutes is None else float(minutes) * 60

        return Population(team_id=self.team_id.data, channel=self.channel.data or None, tag=self.tag.data or None,
                          min_seconds=seconds(self.min_minutes.data), max_seconds=seconds(self.max_minutes.data),
                          date_from=self.date_from.data, date_to=self.date_to.data,
                          customer_end_sentiment=self.sentiment.data or None)

    def fill(self, schedule) -> None:
        population = Population.from_stored(schedule.population)
        for name in ("title", "scorecard_id", "active", "reviewer_ids", "include_autoqa", "interactions_per_session",
                     "period", "deadline_days"):
            getattr(self, name).data = getattr(schedule, name)
        self.team_id.data, self.channel.data = population.team_id, population.channel or ""
        self.tag.data, self.sentiment.data = population.tag or "", population.customer_end_sentiment or ""
        self.date_from.data, self.date_to.data = population.date_from, population.date_to
        self.min_minutes.data = None if population.min_seconds is None else round(population.min_seconds / 60, 2)
        self.max_minutes.data = None if population.max_seconds is None else round(population.max_seconds / 60, 2)


def gold_from_form(formdata, definition: Definition) -> dict[str, tuple[str, str]]:
    """criterion key → (value, note) for every criterion the form gave a gold answer (`gold-<key>`) to.

    Keys the version does not have are passed on too, so the service refuses them by name."""
    answers = {}
    for name, value in formdata.items():
        if name.startswith("gold-") and value.strip():
            key = name.removeprefix("gold-")
            answers[key] = (value.strip(), formdata.get(f"note-{key}", ""))
    order = [c.key for _, c in definition.criteria()]
    return dict(sorted(answers.items(), key=lambda pair: order.index(pair[0]) if pair[0] in order else len(order)))
