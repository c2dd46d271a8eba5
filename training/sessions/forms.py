"""The session pages' forms. They check what was typed; the rules (who, when, overlaps) are the services'."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from qa.sampling.population_form import optional_int
from training.sessions.services import AGENDA_MAX, REASON_MAX
from training.sessions.writeup import ACTION_MAX, NOTES_MAX

TIME_FORMAT = "%Y-%m-%dT%H:%M"


class TimingForm(FlaskForm):
    coach_id = SelectField("Coach", coerce=optional_int, validators=[InputRequired("Choose the coach.")])
    scheduled_at = DateTimeLocalField("Starts (UTC)", format=TIME_FORMAT,
                                      validators=[InputRequired("Give the date and time the session starts.")])
    duration_minutes = IntegerField("Minutes", default=30,
                                    validators=[InputRequired("Give the length in minutes, 5 to 240.")])
    agenda = TextAreaField("Agenda", validators=[Optional(), Length(max=AGENDA_MAX)])

    def set_coaches(self, coaches) -> None:
        self.coach_id.choices = [SelectChoice("", "— choose —")] + [
            SelectChoice(user.id, user.name) for user in coaches]


class ScheduleForm(TimingForm):
    agent_id = SelectField("Agent", coerce=optional_int, validators=[InputRequired("Choose the agent.")])
    plan_id = SelectField("Plan", coerce=optional_int, validators=[Optional()])

    def set_choices(self, coaches, agents, plans) -> None:
        self.set_coaches(coaches)
        self.agent_id.choices = [SelectChoice("", "— choose —")] + [
            SelectChoice(user.id, f"{user.name} ({user.email})") for user in agents]
        self.plan_id.choices = [SelectChoice("", "— none —")] + [
            SelectChoice(plan.id, f"{plan.agent.name}: {plan.title} ({plan.status})") for plan in plans]


class NotesForm(FlaskForm):
    notes = TextAreaField("Notes", validators=[Length(max=NOTES_MAX)])


class ActionForm(FlaskForm):
    text = StringField("Action", validators=[InputRequired("Say what is to be done."), Length(max=ACTION_MAX)])
    owner_id = SelectField("Owner", coerce=optional_int, validators=[InputRequired("Choose who does it.")])
    due_on = DateField("Due", validators=[Optional()])

    def set_owners(self, session) -> None:
        owners = [session.agent] + ([session.coach] if session.coach else [])
        self.owner_id.choices = [SelectChoice(user.id, user.name) for user in owners]


class CancelForm(FlaskForm):
    reason = StringField("Why", validators=[InputRequired("Say why the session is cancelled."),
                                            Length(max=REASON_MAX)])


class ButtonForm(FlaskForm):
    """A button that posts nothing but its CSRF token (confirm, tick an action done, remove one)."""
