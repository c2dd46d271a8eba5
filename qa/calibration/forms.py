"""The calibration pages' forms: a new session, a recurring schedule, and the gold answers of one interaction."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from qa.admin.forms import MultiCheckboxField
from qa.calibration.services import MAX_ITEMS, NOTE_MAX, TITLE_MAX
from qa.sampling.periods import PERIOD_LABELS
from qa.sampling.population_form import PopulationForm, optional_int
from qa.timeutil import utcnow
from qa.web.converters import LARGEST_ID
from scorecards.definition import Definition

_SEPARATORS = re.compile(r"[\s,;]+")


class SessionForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the session a title."), Length(max=TITLE_MAX)])
    version_id = SelectField("Scorecard version", coerce=optional_int,
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


class ScheduleForm(PopulationForm):
    title = StringField("Title", validators=[DataRequired("Give the schedule a title."), Length(max=TITLE_MAX)])
    scorecard_id = SelectField("Scorecard", coerce=optional_int, validate_choice=False,
                               validators=[InputRequired("Choose the scorecard; each session uses its published "
                                                         "version at the time.")])
    active = BooleanField("Active", default=True)
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
        self.set_population_choices(teams, tag_keys)
        self.reviewer_ids.choices = [SelectChoice(u.id, f"{u.name} ({u.email})") for u in reviewers]
        self._scorecard_ids = {card.id for card in scorecards}

    def validate_scorecard_id(self, field) -> None:
        if field.data not in self._scorecard_ids:
            raise ValidationError("Choose a scorecard with a published version.")

    def validate_reviewer_ids(self, field) -> None:
        if len(field.data or []) + bool(self.include_autoqa.data) < 2 or not field.data:
            raise ValidationError("Choose at least two reviewers, or one reviewer and AutoQA.")

    def fill(self, schedule) -> None:
        for name in ("title", "scorecard_id", "active", "reviewer_ids", "include_autoqa", "interactions_per_session",
                     "period", "deadline_days"):
            getattr(self, name).data = getattr(schedule, name)
        self.fill_population(schedule.population)


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
