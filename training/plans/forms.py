"""The plan pages' forms: a plan (new or edited), a reason (dismiss, cancel), a reflection, "Mark as done"."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from qa.admin.forms import MultiCheckboxField
from qa.sampling.population_form import optional_int
from scorecards.competencies import COMPETENCIES
from training.plans.progress import REFLECTION_MAX
from training.plans.proposal import Proposal
from training.plans.services import NOTE_MAX, REASON_MAX, TITLE_MAX, PlanInput


class PlanForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Give the plan a title."), Length(max=TITLE_MAX)])
    focus = MultiCheckboxField("Focus competencies",
                               choices=[SelectChoice(key, label) for key, label in COMPETENCIES.items()])
    goal_competency = SelectField("Goal: competency", choices=[
        SelectChoice("", "— no goal —"), *(SelectChoice(key, label) for key, label in COMPETENCIES.items())])
    goal_target = FloatField("Goal: target score (0–100)", validators=[
        Optional(), NumberRange(0, 100, "The target is a score from 0 to 100.")])
    goal_due = DateField("Due", validators=[Optional()])
    module_ids = MultiCheckboxField("Modules", coerce=int)
    note = TextAreaField("Note to the agent", validators=[Optional(), Length(max=NOTE_MAX)])
    revision = HiddenField()

    def set_modules(self, modules) -> None:
        self.module_ids.choices = [
            SelectChoice(m.id, f"{m.title} ({_labels(m.competencies)} · {m.estimated_minutes} min)") for m in modules]

    def prefill(self, proposal: Proposal) -> None:
        self.title.data, self.focus.data = proposal.title, list(proposal.focus)
        self.goal_competency.data, self.goal_target.data = proposal.goal_competency, proposal.goal_target
        self.goal_due.data, self.module_ids.data = proposal.goal_due, list(proposal.module_ids)

    def plan_input(self) -> PlanInput:
        # Ticked modules keep the order they are listed in (the plan's own first, see views._module_choices).
        chosen = set(self.module_ids.data or [])
        order = [value for value, *_ in self.module_ids.choices if value in chosen]
        return PlanInput(title=self.title.data or "", focus=list(self.focus.data or []),
                         goal_competency=self.goal_competency.data or None, goal_target=self.goal_target.data,
                         goal_due=self.goal_due.data, module_ids=order, note=self.note.data or "")


def _labels(keys) -> str:
    return ", ".join(COMPETENCIES.get(key, key) for key in keys)


class NewPlanForm(PlanForm):
    agent_id = SelectField("Agent", coerce=optional_int, validators=[InputRequired("Choose the agent.")])

    def set_agents(self, agents) -> None:
        self.agent_id.choices = [SelectChoice("", "— choose —")] + [
            SelectChoice(a.id, f"{a.name}{f' · {a.team.name}' if a.team else ''}") for a in agents]


class ReasonForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[Optional(), Length(max=REASON_MAX)])


class ReflectionForm(FlaskForm):
    body = TextAreaField("Reflection", validators=[DataRequired("Write your reflection first."),
                                                   Length(max=REFLECTION_MAX)])
    plan_module_id = HiddenField()


class DoneForm(FlaskForm):
    seconds = IntegerField(default=0, validators=[Optional()])
